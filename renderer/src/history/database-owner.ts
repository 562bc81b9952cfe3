/**
 * What the worker that owns history does with the database: runs each request against the store
 * (queuing those that arrive while it opens or is repaired), and, while idle, checks the file's
 * integrity and tidies the search indexes. Routing between windows is history-router.ts's job.
 */
import type { HistoryError } from './history-errors';
import { toHistoryError } from './history-errors';
import type { HistoryMethods } from './history-methods';
import { historyMethods, isImport, isImportSession } from './history-methods';
import type { HistoryRequest, HistoryResponse } from './history-protocol';
import type { HistoryStore } from './history-store';
import { createHistoryStore } from './history-store';
import { isDamage, quickCheck } from './integrity-check';
import type { LazyParsers } from './lazy-parsers';
import type { OpenDatabase, StorageErrors } from './open-database';
import { problemOf } from './open-database';
import type { HistoryChange, ImportProgress } from './types';

export interface DatabaseOwnerDeps {
  /** Opens (and, if need be, repairs) the database; called once, when this worker becomes owner. */
  open: () => Promise<OpenDatabase>;
  /** Rebuilds a database found damaged while open. */
  repair: (open: OpenDatabase) => Promise<OpenDatabase>;
  /** Tells every window (this one included) that history changed. */
  announce: (change: HistoryChange) => void;
  parsers: LazyParsers;
  storageErrors: StorageErrors;
  /**
   * How long the integrity check may read the file. Not named like the test hook that sets it, which
   * the built worker must not contain (test/history-e2e/built-bundle.spec.ts).
   */
  checkBudgetMs: number;
}

export interface DatabaseOwner {
  /** Opens the database; settles once requests can be answered (from it, or with why not). */
  open(): Promise<void>;
  /** Runs one request, now or once the database is open; answers through `respond`. */
  execute(
    request: HistoryRequest,
    respond: (response: HistoryResponse) => void,
    progress: (progress: ImportProgress) => void,
  ): void;
  /** Whether the database is open and answering (not opening, repairing or failed). */
  serving(): boolean;
  /** Releases the database; every later request is answered `closed`. */
  close(): void;
}

type Serving = OpenDatabase & { store: HistoryStore };

/**
 * The full integrity check (quick_check reads the whole file) waits until the window's first reads are
 * answered and the worker has had a second without requests, so it never delays a start or a person
 * using history; a file larger than it can read in its budget is not checked, and damage there is
 * repaired when a statement meets it (see execute).
 */
const checkAfterOpenMs = 2000;
const idleBeforeCheckMs = 1000;
const checkedUpToBytes = 96 * 1024 * 1024;
/** ImportSessionStream: a streamed import whose reader sent nothing for this long is rolled back. */
const importSessionSilenceMs = 60_000;

export const createDatabaseOwner = (deps: DatabaseOwnerDeps): DatabaseOwner => {
  /** Set once the database is open, or failed to; null again while it is repaired. */
  let opened: Serving | { failure: HistoryError } | null = null;
  /** Requests that arrived before the database was open. */
  const waiting: Array<() => void> = [];
  let repairedWhileOpen = false;
  let lastRequestAt = 0;
  let upkeepTimer: ReturnType<typeof setTimeout> | undefined;
  let warmed = false;
  let cacheGrown = false;
  /** ImportSessionStream: requests that arrived while a streamed import's transaction was open. */
  const heldForImport: Array<() => void> = [];
  let importSilence: ReturnType<typeof setTimeout> | undefined;

  const serve = (open: OpenDatabase): Serving => ({
    ...open,
    store: createHistoryStore(open.db, { parsers: deps.parsers.parsers, onChange: deps.announce }),
  });

  const runWaiting = (): void => {
    for (const run of waiting.splice(0)) run();
  };

  /**
   * A window lists conversations first and opens one next: while the list crosses to the window and
   * renders, this worker reads the top conversation once, so the first page it asks for runs on warm code.
   */
  const warmAfterFirstList = (store: HistoryStore, list: unknown): void => {
    if (warmed) return;
    warmed = true;
    const top = Array.isArray(list) ? (list[0] as { id?: unknown } | undefined) : undefined;
    if (typeof top?.id !== 'string') return;
    try {
      store.warmMessagePages(top.id);
    } catch {
      // Only a head start: the real read reports its own error.
    }
  };

  /**
   * SQLite's page cache grows to 32 MB after the first answer rather than at open, in the gap while that
   * answer crosses to the window: the first list and page fit the default, and opening is faster without.
   */
  const growCacheOnce = (serving: Serving): void => {
    if (cacheGrown) return;
    cacheGrown = true;
    try {
      serving.db.exec('PRAGMA cache_size = -32000');
    } catch {
      // The default cache only makes reads slower.
    }
  };

  /**
   * Merges the search indexes' segments one small step per task while this worker is idle, so a request
   * waits at most one step. After an import it starts at once; after an open it finishes what a closed
   * window left (a step with nothing to merge costs next to nothing).
   */
  const tidyIndexesWhenIdle = (delayMs: number): void => {
    clearTimeout(upkeepTimer);
    const step = (): void => {
      if (!opened || !('store' in opened)) return;
      try {
        if (opened.store.tidyIndexes()) upkeepTimer = setTimeout(step, 0);
      } catch {
        // An unmerged index searches correctly, only slower; the next open tries again.
      }
    };
    upkeepTimer = setTimeout(step, delayMs);
  };

  /** A request met damage after open: repair, tell every window to read history again, run what waited. */
  const repairWhileOpen = async (current: Serving): Promise<void> => {
    repairedWhileOpen = true;
    opened = null;
    current.store.dispose();
    try {
      opened = serve(await deps.repair(current));
      deps.announce({ type: 'repaired' });
    } catch (error) {
      opened = {
        failure: {
          code: 'storage-unavailable',
          message: `History could not be repaired (${problemOf(error)}).`,
        },
      };
    }
    runWaiting();
  };

  /** Runs the integrity check once the worker is idle after open, then tidies the indexes. */
  const checkWhenIdle = (): void => {
    clearTimeout(upkeepTimer);
    const check = (): void => {
      const current = opened;
      if (!current || !('store' in current)) return;
      // Someone is using history right now (opening conversations, searching): not while they wait.
      if (performance.now() - lastRequestAt < idleBeforeCheckMs) {
        upkeepTimer = setTimeout(check, idleBeforeCheckMs);
        return;
      }
      let damaged: boolean;
      try {
        const bytes =
          Number(current.db.selectValue('PRAGMA page_count')) *
          Number(current.db.selectValue('PRAGMA page_size'));
        damaged =
          bytes <= checkedUpToBytes &&
          quickCheck(current.sqlite3, current.db, deps.checkBudgetMs).kind === 'damaged';
      } catch (error) {
        damaged = isDamage(error);
      }
      if (damaged && !repairedWhileOpen) {
        void repairWhileOpen(current).then(() => tidyIndexesWhenIdle(0));
        return;
      }
      tidyIndexesWhenIdle(0);
    };
    upkeepTimer = setTimeout(check, checkAfterOpenMs);
  };

  /**
   * ImportSessionStream: after each call of a streamed import, either the session is still open (and
   * is rolled back if its reader goes silent: its window closed or crashed) or it ended, and what
   * waited for it runs.
   */
  const afterImportSessionCall = (serving: Serving): void => {
    clearTimeout(importSilence);
    const session = serving.store.openImportSession();
    if (session !== null) {
      importSilence = setTimeout(() => {
        serving.store.importSessionAbort(session);
        for (const run of heldForImport.splice(0)) run();
      }, importSessionSilenceMs);
      return;
    }
    for (const run of heldForImport.splice(0)) run();
  };

  const execute: DatabaseOwner['execute'] = (request, respond, progress) => {
    if (!opened) {
      waiting.push(() => execute(request, respond, progress));
      return;
    }
    if ('failure' in opened) {
      respond({ kind: 'response', id: request.id, ok: false, error: opened.failure });
      return;
    }
    const serving = opened;
    const imports = isImport(request.method);
    // ImportSessionStream: nothing else may land in, or be rolled back with, an import's transaction.
    if (serving.store.openImportSession() !== null && !isImportSession(request.method)) {
      heldForImport.push(() => execute(request, respond, progress));
      return;
    }
    deps.parsers.whenLoaded(imports, () => {
      // The database may have closed or started a repair while the parsers loaded.
      if (opened !== serving) {
        execute(request, respond, progress);
        return;
      }
      deps.storageErrors.reset();
      lastRequestAt = performance.now();
      try {
        // The store is the dispatch table, checked against the method table: none can be missing.
        const dispatch = serving.store satisfies HistoryMethods;
        const run = dispatch[request.method] as (...params: unknown[]) => unknown;
        const value = run(...request.params, ...(imports ? [progress] : []));
        respond({ kind: 'response', id: request.id, ok: true, value });
        growCacheOnce(serving);
        if (request.method === 'listConversations') warmAfterFirstList(serving.store, value);
        if (imports) tidyIndexesWhenIdle(0);
        if (isImportSession(request.method)) afterImportSessionCall(serving);
      } catch (error) {
        if (isImportSession(request.method)) afterImportSessionCall(serving);
        if (isDamage(error) && !repairedWhileOpen) {
          // Damage the check at open did not reach: repair now, then run this request on the result.
          waiting.push(() => execute(request, respond, progress));
          void repairWhileOpen(serving);
          return;
        }
        respond({
          kind: 'response',
          id: request.id,
          ok: false,
          error: toHistoryError(
            error,
            historyMethods[request.method].verb,
            deps.storageErrors.last(),
          ),
        });
      }
    });
  };

  return {
    open: async () => {
      try {
        const open = await deps.open();
        if (opened) {
          // Closed while it opened: the next owner needs the file; what waited is answered `closed`.
          open.release();
        } else {
          opened = serve(open);
          checkWhenIdle();
        }
      } catch (error) {
        opened ??= {
          failure: {
            code: 'storage-unavailable',
            message: `History could not be opened (${problemOf(error)}). Nothing was changed.`,
          },
        };
      }
      runWaiting();
    },
    execute,
    serving: () => opened !== null && 'store' in opened,
    close: () => {
      clearTimeout(upkeepTimer);
      clearTimeout(importSilence);
      if (opened && 'store' in opened) {
        opened.store.dispose();
        opened.release();
      }
      opened = { failure: { code: 'closed', message: 'History was closed in this window.' } };
    },
  };
};
