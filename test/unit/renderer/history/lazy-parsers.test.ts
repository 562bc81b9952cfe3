import { describe, expect, it } from 'vitest';
import type { ImportParsers } from '../../../../renderer/src/history/history-store';
import { createLazyParsers } from '../../../../renderer/src/history/lazy-parsers';

const realParsers = async (): Promise<ImportParsers> =>
  (await import('../../../../renderer/src/history/import-parsers')).importParsers;

describe('createLazyParsers', () => {
  it('loads the parsers for the first import and keeps later requests behind it', async () => {
    let loads = 0;
    const lazy = createLazyParsers(() => {
      loads++;
      return realParsers();
    });
    const order: string[] = [];
    lazy.whenLoaded(false, () => order.push('read before'));
    lazy.whenLoaded(true, () =>
      order.push(`import (${lazy.parsers.chatGpt('[]').bundles.length} bundles)`),
    );
    lazy.whenLoaded(false, () => order.push('read after'));
    expect(order).toEqual(['read before']);
    await expect.poll(() => order).toHaveLength(3);
    expect(order).toEqual(['read before', 'import (0 bundles)', 'read after']);
    lazy.whenLoaded(true, () => order.push('second import'));
    expect(order.at(-1)).toBe('second import');
    expect(loads).toBe(1);
  });

  it('lets the imports that waited for a failed load fail, and tries again for the next', async () => {
    let loads = 0;
    const lazy = createLazyParsers(() =>
      ++loads === 1 ? Promise.reject(new Error('chunk missing')) : realParsers(),
    );
    const outcomes: string[] = [];
    const tryImport = () => {
      try {
        lazy.parsers.chatGpt('[]');
        outcomes.push('imported');
      } catch (error) {
        outcomes.push((error as Error).message);
      }
    };
    lazy.whenLoaded(true, tryImport);
    await expect.poll(() => outcomes).toEqual(['the import code could not be loaded']);
    lazy.whenLoaded(true, tryImport);
    await expect.poll(() => outcomes).toHaveLength(2);
    expect(outcomes[1]).toBe('imported');
    expect(loads).toBe(2);
  });
});
