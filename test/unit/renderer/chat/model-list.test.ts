import { describe, expect, it } from 'vitest';
import type { CatalogModel, CatalogProvider } from '../../../../preload/contract';
import {
  ageText,
  filterModels,
  modelLabel,
  orderModels,
  providerNotice,
  withFavourite,
} from '../../../../renderer/src/chat/model-list';

const model = (providerId: string, id: string, favourite = false): CatalogModel => ({
  providerId,
  providerName: providerId === 'oa' ? 'OpenAI' : 'Local Ollama',
  model: id,
  favourite,
  isDefault: false,
});

const catalog = [
  model('ol', 'llama3.2', true),
  model('oa', 'gpt-4o-mini'),
  model('oa', 'gpt-4o'),
  model('ol', 'qwen2.5:7b'),
];

describe('the model list', () => {
  it('orders favourites first, then providers in Settings order, then model ids', () => {
    expect(orderModels(catalog, ['oa', 'ol']).map((m) => m.model)).toEqual([
      'llama3.2',
      'gpt-4o',
      'gpt-4o-mini',
      'qwen2.5:7b',
    ]);
    // A star moves a model to the favourites at once.
    const starred = orderModels(withFavourite(catalog, model('ol', 'qwen2.5:7b'), true), [
      'oa',
      'ol',
    ]);
    expect(starred.map((m) => `${m.model}${m.favourite ? '*' : ''}`)).toEqual([
      'llama3.2*',
      'qwen2.5:7b*',
      'gpt-4o',
      'gpt-4o-mini',
    ]);
  });

  it('keeps the models holding every typed word, in model id or provider name, any case', () => {
    expect(filterModels(catalog, '4O').map((m) => m.model)).toEqual(['gpt-4o-mini', 'gpt-4o']);
    expect(filterModels(catalog, 'mini openai').map((m) => m.model)).toEqual(['gpt-4o-mini']);
    expect(filterModels(catalog, 'ollama').map((m) => m.model)).toEqual(['llama3.2', 'qwen2.5:7b']);
    expect(filterModels(catalog, '  ')).toEqual(catalog);
    expect(filterModels(catalog, 'claude')).toEqual([]);
  });

  it('names a model with its provider', () => {
    expect(modelLabel('gpt-4o-mini', 'OpenAI')).toBe('gpt-4o-mini · OpenAI');
    expect(modelLabel('gpt-4o-mini', null)).toBe('gpt-4o-mini');
  });

  it('says when a list is the cached one, how old, and why; or that there is none', () => {
    const now = 10 * 60 * 60 * 1000;
    const provider: CatalogProvider = {
      providerId: 'oa',
      providerName: 'OpenAI',
      source: 'cache',
      fetchedAt: now - 3 * 60 * 60 * 1000,
      error: { code: 'offline', message: 'You are offline.' },
    };
    expect(providerNotice(provider, now)).toBe(
      'OpenAI: showing the list saved 3 hours ago, because it could not be fetched now. You are offline.',
    );
    expect(providerNotice({ ...provider, source: 'none', fetchedAt: null }, now)).toBe(
      'OpenAI: no model list. You are offline. Its default model can still be used.',
    );
    expect(providerNotice({ ...provider, source: 'live', error: null }, now)).toBeNull();
    expect(ageText(30_000)).toBe('1 minute');
    expect(ageText(3 * 24 * 60 * 60 * 1000)).toBe('3 days');
  });
});
