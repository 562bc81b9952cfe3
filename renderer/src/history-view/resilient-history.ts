/**
 * The history the app talks to: the SQLite store when it opens, else an in-memory stand-in, behind
 * one HistoryStoreClient that the chat store can hold from the first line of main.tsx. Calls made
 * before the choice is known wait for it, so nothing is sent to a store that turned out dead.
 */
import { HistoryFailure } from '../history/history-errors';
import type { HistoryChange, HistoryStoreClient } from '../history/types';

export type HistoryMode =
  | { kind: 'persistent' }
  /** The store could not open; `reason` is its message, for the banner. */
  | { kind: 'memory'; reason: string };

export interface ResilientHistory extends HistoryStoreClient {
  /** Settles once: which store this window uses. Never rejects. */
  readonly ready: Promise<HistoryMode>;
}

export interface ResilientHistoryDeps {
  open: () => HistoryStoreClient;
  fallback: (reason: string) => HistoryStoreClient;
}

const reasonOf = (error: unknown): string =>
  error instanceof HistoryFailure || error instanceof Error ? error.message : String(error);

/**
 * Asks the store a cheap question; any failure to answer it means it is not usable. A lookup of an id
 * that no conversation has is answered only once the database is open, by one index seek whatever
 * the history's size (stats() counted every message: a scan of an index at start-up).
 */
async function choose(
  deps: ResilientHistoryDeps,
): Promise<{ client: HistoryStoreClient; mode: HistoryMode }> {
  let real: HistoryStoreClient | null = null;
  try {
    real = deps.open();
    await real.getConversation('');
    return { client: real, mode: { kind: 'persistent' } };
  } catch (error) {
    const reason = reasonOf(error);
    void real?.close().catch(() => undefined);
    return { client: deps.fallback(reason), mode: { kind: 'memory', reason } };
  }
}

export function createResilientHistory(deps: ResilientHistoryDeps): ResilientHistory {
  const chosen = choose(deps);
  const target = async (): Promise<HistoryStoreClient> => (await chosen).client;
  const listeners = new Set<(change: HistoryChange) => void>();
  void chosen.then(({ client }) =>
    client.onChange((change) => {
      for (const listener of listeners) listener(change);
    }),
  );

  return {
    ready: chosen.then(({ mode }) => mode),
    listConversations: async () => (await target()).listConversations(),
    getConversation: async (id) => (await target()).getConversation(id),
    listMessages: async (id, page) => (await target()).listMessages(id, page),
    saveConversation: async (conversation) => (await target()).saveConversation(conversation),
    saveMessages: async (messages) => (await target()).saveMessages(messages),
    deleteConversation: async (id) => (await target()).deleteConversation(id),
    deleteMessages: async (ids) => (await target()).deleteMessages(ids),
    search: async (query, options) => (await target()).search(query, options),
    renameConversation: async (id, title) => (await target()).renameConversation(id, title),
    setPinned: async (id, pinned) => (await target()).setPinned(id, pinned),
    markInterrupted: async (ids) => (await target()).markInterrupted(ids),
    exportBackup: async () => (await target()).exportBackup(),
    importBackup: async (json, options) => (await target()).importBackup(json, options),
    importChatGpt: async (file, options) => (await target()).importChatGpt(file, options),
    exportMarkdown: async (id) => (await target()).exportMarkdown(id),
    stats: async () => (await target()).stats(),
    verify: async () => (await target()).verify(),
    close: async () => (await target()).close(),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
