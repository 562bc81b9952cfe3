import { describe, expect, it } from 'vitest';
import { parseIntegerIn, parseTemperature } from '../../../renderer/src/settings/preference-fields';
import {
  formFromPreset,
  formFromProvider,
  headerRow,
  toDraft,
  urlChangeForgetsKey,
  validateProviderForm,
} from '../../../renderer/src/settings/provider-form-model';

const provider = {
  id: 'p1',
  name: 'OpenAI',
  baseURL: 'https://api.openai.com/v1',
  defaultModel: 'gpt-4o-mini',
  headers: { 'X-Team': 'a' },
  hasKey: true,
};

describe('provider form', () => {
  it('round-trips a provider into a draft that keeps the stored key', () => {
    const draft = toDraft(formFromProvider(provider));
    expect(draft).toEqual({
      id: 'p1',
      name: 'OpenAI',
      baseURL: 'https://api.openai.com/v1',
      defaultModel: 'gpt-4o-mini',
      headers: { 'X-Team': 'a' },
    });
  });

  it('sends a new key or a request to forget it, never both', () => {
    const values = formFromProvider(provider);
    expect(toDraft({ ...values, apiKey: 'sk-new' }).apiKey).toBe('sk-new');
    expect(toDraft({ ...values, clearKey: true }).clearKey).toBe(true);
    expect(toDraft({ ...values, clearKey: true, apiKey: 'sk' }).clearKey).toBeUndefined();
  });

  it('warns that a new address forgets the saved key, unless a key is entered', () => {
    const values = formFromProvider(provider);
    expect(urlChangeForgetsKey(values, provider)).toBe(false);
    const moved = { ...values, baseURL: 'https://proxy.example/v1' };
    expect(urlChangeForgetsKey(moved, provider)).toBe(true);
    expect(urlChangeForgetsKey({ ...moved, apiKey: 'sk' }, provider)).toBe(false);
    expect(urlChangeForgetsKey(moved, { ...provider, hasKey: false })).toBe(false);
  });

  it('validates like the contract: name, http(s) address, header names', () => {
    expect(validateProviderForm(formFromPreset(null))).toMatchObject({
      name: expect.any(String),
      baseURL: expect.any(String),
    });
    const ok = {
      ...formFromPreset({
        id: 'o',
        name: 'Ollama',
        baseURL: 'http://localhost:11434/v1',
        needsKey: false,
        local: true,
      }),
    };
    expect(validateProviderForm(ok)).toEqual({});
    expect(validateProviderForm({ ...ok, baseURL: 'file:///etc' }).baseURL).toBeDefined();
    expect(validateProviderForm({ ...ok, headers: [headerRow('bad name', 'x')] }).headers).toMatch(
      /not a valid header/,
    );
    expect(
      validateProviderForm({ ...ok, headers: [headerRow('A', '1'), headerRow('a', '2')] }).headers,
    ).toMatch(/once/);
    expect(validateProviderForm({ ...ok, headers: [headerRow('', '')] })).toEqual({});
  });
});

describe('preference fields', () => {
  it('parses whole numbers within bounds', () => {
    expect(parseIntegerIn('4', 1, 10, 'Attempts')).toEqual({ ok: true, value: 4 });
    expect(parseIntegerIn('0', 1, 10, 'Attempts').ok).toBe(false);
    expect(parseIntegerIn('2.5', 1, 10, 'Attempts').ok).toBe(false);
    expect(parseIntegerIn('', 1, 10, 'Attempts').ok).toBe(false);
  });

  it('parses temperature from 0 to 2', () => {
    expect(parseTemperature('0.7')).toEqual({ ok: true, value: 0.7 });
    expect(parseTemperature('2.5').ok).toBe(false);
    expect(parseTemperature('warm').ok).toBe(false);
  });
});
