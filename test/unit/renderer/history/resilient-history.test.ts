import { describe, expect, it } from 'vitest';
import { historyError } from '../../../../renderer/src/history/history-errors';
import type { HistoryStoreClient } from '../../../../renderer/src/history/history-methods';
import { createMemoryStoreClient } from '../../../../renderer/src/history/memory-store-client';
import { createResilientHistory } from '../../../../renderer/src/history/resilient-history';

const conversation = {
  id: 'c1',
  title: 'Rivers',
  createdAt: 1,
  updatedAt: 1,
  pinned: false,
  model: null,
  providerId: null,
  tags: [],
  currentLeafId: null,
};

/** A store whose every call fails the way the worker does when OPFS cannot be opened. */
const brokenStore = (): HistoryStoreClient & { closed: boolean } => {
  const fail = () =>
    Promise.reject(historyError('storage-unavailable', 'History could not be opened (no OPFS).'));
  const store = {
    closed: false,
    close: async () => void (store.closed = true),
    onChange: () => () => undefined,
  } as unknown as HistoryStoreClient & { closed: boolean };
  return new Proxy(store, {
    get: (target, key: string) => (key in target ? target[key as keyof typeof target] : fail),
  });
};

describe('createResilientHistory', () => {
  it('uses the real store when it answers', async () => {
    const real = createMemoryStoreClient('unused');
    const history = createResilientHistory({
      open: () => real,
      fallback: () => {
        throw new Error('must not fall back');
      },
    });
    expect(await history.ready).toEqual({ kind: 'persistent' });
    await history.saveConversation(conversation);
    expect(await real.getConversation('c1')).toEqual(conversation);
  });

  it('falls back to memory when the store cannot open, says why, and keeps working', async () => {
    const broken = brokenStore();
    const history = createResilientHistory({
      open: () => broken,
      fallback: (reason) => createMemoryStoreClient(reason),
    });
    // Calls made before the choice wait for it and land in the fallback.
    const saving = history.saveConversation(conversation);
    const mode = await history.ready;
    expect(mode).toEqual({
      kind: 'memory',
      reason: 'History could not be opened (no OPFS).',
    });
    await saving;
    expect(broken.closed).toBe(true);
    const changes: string[] = [];
    history.onChange((change) => changes.push(change.type));
    await history.renameConversation('c1', 'Seas');
    await history.setPinned('c1', true);
    expect(await history.listConversations()).toMatchObject([{ title: 'Seas', pinned: true }]);
    expect(changes.length).toBeGreaterThan(0);
    expect(await history.markInterrupted([])).toEqual([]);
    expect(await history.exportMarkdown('c1')).toContain('# Seas');
    await expect(history.importBackup('{}')).rejects.toMatchObject({ code: 'storage-unavailable' });
  });
});
