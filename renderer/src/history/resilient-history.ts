/**
 * The history the app talks to: the SQLite store when it opens, else an in-memory stand-in, behind
 * one HistoryStoreClient that the chat store can hold from the first line of main.tsx. Calls made
 * before the choice is known wait for it, so nothing is sent to a store that turned out dead.
 */
import { HistoryFailure } from './history-errors';
import type { HistoryStoreClient } from './history-methods';
import { buildCalls, callMethod } from './history-methods';
import type { HistoryChange } from './types';

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
    // Every method of the table waits for the choice, then asks the store chosen.
    ...buildCalls(
      (method) =>
        async (...args) =>
          callMethod(await target(), method, args),
    ),
    close: async () => (await target()).close(),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
