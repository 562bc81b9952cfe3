import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryStoreClient } from '../../../../renderer/src/history/history-methods';
import { buildCalls, historyMethods } from '../../../../renderer/src/history/history-methods';
import { createMemoryStoreClient } from '../../../../renderer/src/history/memory-store-client';
import { createResilientHistory } from '../../../../renderer/src/history/resilient-history';

const table = historyMethods as Record<string, { kind: 'call' | 'import'; verb: string }>;

/** A store that answers every call with what it was asked, as the SQLite client would pass it on. */
const echoStore = (): HistoryStoreClient =>
  new Proxy({} as HistoryStoreClient, {
    get: (_, key: string) => {
      if (key === 'then') return undefined; // not a promise: awaiting the store yields the store
      if (key === 'onChange') return () => () => undefined;
      return async (...args: unknown[]) => ({ method: key, args });
    },
  });

describe('the history method table', () => {
  afterEach(() => {
    delete table.countWords;
  });

  it('builds one call per method, each made for its own method', async () => {
    const calls = buildCalls((method) => async () => method);
    const names = Object.keys(historyMethods);
    expect(Object.keys(calls)).toEqual(names);
    for (const name of names)
      expect(await (calls as unknown as Record<string, () => Promise<string>>)[name]!()).toBe(name);
  });

  it('reaches a method added to the table alone through the wrapper, and the stand-in refuses it clearly', async () => {
    // The newcomer's check at run time: one entry in the table, no edit to the wrapper or stand-in.
    table.countWords = { kind: 'call', verb: 'count words' };

    const resilient = createResilientHistory({
      open: echoStore,
      fallback: () => {
        throw new Error('must not fall back');
      },
    }) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await expect(resilient.countWords!('c1', 2)).resolves.toEqual({
      method: 'countWords',
      args: ['c1', 2],
    });

    const memory = createMemoryStoreClient('no OPFS') as unknown as Record<
      string,
      () => Promise<unknown>
    >;
    await expect(memory.countWords!()).rejects.toMatchObject({
      code: 'storage-unavailable',
      message: 'Cannot count words: history storage is unavailable (no OPFS).',
    });
  });
});
