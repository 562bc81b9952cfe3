import { describe, expect, it } from 'vitest';
import {
  createVisionOverrides,
  type KeyValueStorage,
} from '../../../../renderer/src/attachments/vision-overrides';

const memory = (): KeyValueStorage & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
};

describe('vision overrides', () => {
  it('keeps a switch per provider and model, and forgets it on undefined', () => {
    const storage = memory();
    const overrides = createVisionOverrides(storage);
    expect(overrides.get('p1', 'gpt-3.5-turbo')).toBeUndefined();
    overrides.set('p1', 'gpt-3.5-turbo', true);
    overrides.set('p2', 'gpt-3.5-turbo', false);
    expect(createVisionOverrides(storage).get('p1', 'gpt-3.5-turbo')).toBe(true);
    expect(overrides.get('p2', 'gpt-3.5-turbo')).toBe(false);
    overrides.set('p1', 'gpt-3.5-turbo', undefined);
    expect(overrides.get('p1', 'gpt-3.5-turbo')).toBeUndefined();
  });

  it('lists the switches set, newest last, for Settings to show', () => {
    const storage = memory();
    const overrides = createVisionOverrides(storage);
    overrides.set('p1', 'llava', true);
    overrides.set('p2', 'qwen\nodd', false);
    overrides.set('p1', 'llava', false);
    expect(createVisionOverrides(storage).list()).toEqual([
      { providerId: 'p2', model: 'qwen\nodd', vision: false },
      { providerId: 'p1', model: 'llava', vision: false },
    ]);
    overrides.set('p2', 'qwen\nodd', undefined);
    expect(overrides.list()).toEqual([{ providerId: 'p1', model: 'llava', vision: false }]);
  });

  it('reads a damaged store as no switches, and writes over it', () => {
    const storage = memory();
    storage.data.set('runnel.visionOverrides.v1', '{not json');
    const overrides = createVisionOverrides(storage);
    expect(overrides.get('p', 'm')).toBeUndefined();
    overrides.set('p', 'm', true);
    expect(overrides.get('p', 'm')).toBe(true);
  });

  it('keeps at most 1,000 switches, forgetting the oldest', () => {
    const storage = memory();
    const overrides = createVisionOverrides(storage);
    for (let i = 0; i < 1_001; i++) overrides.set('p', `m${i}`, true);
    expect(overrides.get('p', 'm0')).toBeUndefined();
    expect(overrides.get('p', 'm1000')).toBe(true);
  });

  it('survives a storage that refuses writes', () => {
    const overrides = createVisionOverrides({
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(() => overrides.set('p', 'm', true)).not.toThrow();
  });
});
