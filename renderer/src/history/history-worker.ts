/**
 * The history worker. Every window runs one; exactly one of them owns the database at a time.
 *
 * opfs-sahpool allows one connection per pool, so the first worker to get the Web Lock
 * `<storeName>-owner` opens SQLite and serves everyone: its own window directly, the other windows'
 * workers over a same-origin BroadcastChannel. The lock is held for the worker's whole life, so when the
 * owning window closes (or crashes) the browser releases it and a waiting worker takes over. Followers
 * re-send what is still unanswered when a new owner announces itself; that is safe because every write
 * is an idempotent upsert or delete by id.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { Database } from '@sqlite.org/sqlite-wasm';
import { keepDamagedCopy, saveRepairReport } from './damaged-copies';
import { openDamagedCopy } from './damaged-database';
import type { HistoryError } from './history-errors';
import { toHistoryError } from './history-errors';
import type {
  ChannelMessage,
  ChatGptFileRequest,
  ClientOptions,
  ClientToWorker,
  HistoryRequest,
  HistoryResponse,
  WorkerToClient,
} from './history-protocol';
import type { HistoryMethod } from './history-methods';
import { historyMethods, isImport } from './history-methods';
import type { HistoryStore, ImportParsers } from './history-store';
import { createHistoryStore } from './history-store';
import { isDamage, quickCheck } from './integrity-check';
import { migrate } from './migrations';
import { makeFullWritesThrow } from './opfs-full-writes';
import type { SalvageReport } from './salvage';
import { salvageInto } from './salvage';
import type { ChatGptFile, ImportProgress } from './types';

interface WorkerScope {
  postMessage(message: WorkerToClient): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ClientToWorker>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;
const workerId = crypto.randomUUID();
const databaseFile = '/history.sqlite3';

type Role = 'starting' | 'owner' | 'follower';

let options: ClientOptions | null = null;
let channel: BroadcastChannel | null = null;
let role: Role = 'starting';
type Sqlite3 = Awaited<ReturnType<typeof sqlite3InitModule>>;
type Pool = Awaited<ReturnType<Sqlite3['installOpfsSAHPoolVfs']>>;

/** The open database with the pool that holds its file. */
interface OpenDatabase {
  sqlite3: Sqlite3;
  pool: Pool;
  db: Database;
  release: () => void;
}

/** Set once the owner has opened the database, or failed to; null again while it is repaired. */
let opened: (OpenDatabase & { store: HistoryStore }) | { failure: HistoryError } | null = null;

/**
 * The last error opfs-sahpool caught from OPFS. SQLite reports any of them as SQLITE_IOERR ("disk I/O
 * error"); the pool hands the error itself only to sqlite3's error logger (its `storeErr`, at its
 * default verbosity), which a worker may replace through `sqlite3ApiConfig` before SQLite starts. So a
 * browser's QuotaExceededError can be told from other I/O errors, and called storage full.
 */
let lastStorageError: unknown = null;
makeFullWritesThrow();
(globalThis as { sqlite3ApiConfig?: unknown }).sqlite3ApiConfig = {
  error: (...args: unknown[]) => {
    const thrown = args.find((arg) => typeof arg === 'object' && arg !== null && 'name' in arg);
    if (thrown) lastStorageError = thrown;
    console.error(...args);
  },
};
/** Requests the owner received before its database was open. */
const waiting: Array<() => void> = [];
/** This window's requests not answered yet, kept to re-send to a new owner. */
const unanswered = new Map<string, HistoryRequest>();
const lockAbort = new AbortController();
let knownOwner: string | null = null;

const post = (message: WorkerToClient): void => scope.postMessage(message);
const broadcast = (message: ChannelMessage): void => channel?.postMessage(message);

const setRole = (next: Role): void => {
  role = next;
  if (next !== 'starting') post({ kind: 'role', role: next });
};

/** Set once import-parsers.ts has loaded; requests wait while it loads, so they keep their order. */
let parsers: ImportParsers | null = null;
let parsersLoading = false;
/** True while the requests that waited for a load that failed run: their imports answer an error. */
let parsersFailed = false;
const afterParsers: Array<() => void> = [];
const needsParsers = (method: HistoryMethod): boolean => isImport(method);
const notLoaded = (): never => {
  throw new Error('the import code could not be loaded');
};
const lazyParsers: ImportParsers = {
  backup: (json) => (parsers ?? notLoaded()).backup(json),
  chatGpt: (json) => (parsers ?? notLoaded()).chatGpt(json),
};

let warmed = false;
/**
 * A window lists conversations first and opens one next: while its answer crosses to the window and
 * the list renders, this worker would sit idle, so it reads the top conversation once and the first
 * page a window asks for runs on warm code (at 100,000 messages a cold first page took 13-30 ms).
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

let cacheGrown = false;
/**
 * SQLite's page cache grows to 32 MB after the first answer rather than at open, in the gap while that
 * answer crosses to the window: the PRAGMA alone took 7-17 ms of opening 100,000 messages in Chromium
 * (cold opens of the same database outside the benchmark, alternating builds: median 255-260 -> 233-238
 * ms), and the first list and page fit the default.
 */
const growCacheOnce = (db: Database): void => {
  if (cacheGrown) return;
  cacheGrown = true;
  try {
    db.exec('PRAGMA cache_size = -32000');
  } catch {
    // The default cache only makes reads slower.
  }
};

let tidyTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * Merges the search indexes' segments one small step per task while this worker is idle, so a request
 * waits at most one step. After an import it starts at once; after an open it finishes what a closed
 * window left (a step with nothing to merge costs next to nothing).
 */
const tidyIndexesWhenIdle = (delayMs: number): void => {
  clearTimeout(tidyTimer);
  const step = (): void => {
    if (!opened || !('store' in opened)) return;
    try {
      if (opened.store.tidyIndexes()) tidyTimer = setTimeout(step, 0);
    } catch {
      // An unmerged index searches correctly, only slower; the next open tries again.
    }
  };
  tidyTimer = setTimeout(step, delayMs);
};

/** Runs one request against the open store (owner only). */
const execute = (
  request: HistoryRequest,
  respond: (response: HistoryResponse) => void,
  progress: (progress: ImportProgress) => void,
): void => {
  if (!opened) {
    waiting.push(() => execute(request, respond, progress));
    return;
  }
  if ('failure' in opened) {
    respond({ kind: 'response', id: request.id, ok: false, error: opened.failure });
    return;
  }
  if (parsersLoading || (needsParsers(request.method) && !parsers && !parsersFailed)) {
    afterParsers.push(() => execute(request, respond, progress));
    if (parsersLoading) return;
    parsersLoading = true;
    import('./import-parsers')
      .then((module) => (parsers = module.importParsers))
      .catch(() => undefined)
      .finally(() => {
        parsersLoading = false;
        // After a failed load the waiting imports answer an error; a later one tries to load again.
        parsersFailed = parsers === null;
        for (const run of afterParsers.splice(0)) run();
        parsersFailed = false;
      });
    return;
  }
  const { store, db } = opened;
  lastStorageError = null;
  lastRequestAt = performance.now();
  try {
    const call = store[request.method] as (...args: unknown[]) => unknown;
    const params: unknown[] = [...request.params];
    if (isImport(request.method)) params.push(progress);
    const value = call(...params);
    respond({ kind: 'response', id: request.id, ok: true, value });
    growCacheOnce(db);
    if (request.method === 'listConversations') warmAfterFirstList(store, value);
    if (needsParsers(request.method)) tidyIndexesWhenIdle(0);
  } catch (error) {
    if (isDamage(error) && !repairedWhileOpen) {
      // Damage the check at open did not reach: repair now, then run this request on the result.
      repairedWhileOpen = true;
      waiting.push(() => execute(request, respond, progress));
      void repairWhileOpen(opened);
      return;
    }
    respond({
      kind: 'response',
      id: request.id,
      ok: false,
      error: toHistoryError(error, historyMethods[request.method].verb, lastStorageError),
    });
  }
};

const answerOwnClient = (response: HistoryResponse): void => {
  if (!unanswered.delete(response.id)) return;
  post(response);
};

const route = (request: HistoryRequest): void => {
  if (role === 'owner') {
    execute(request, answerOwnClient, (progress) =>
      post({ kind: 'progress', id: request.id, progress }),
    );
  } else {
    broadcast({ kind: 'forward', from: workerId, request });
  }
};

const onChannel = (event: MessageEvent<ChannelMessage>): void => {
  const message = event.data;
  switch (message.kind) {
    case 'forward':
      if (role === 'owner') {
        execute(
          message.request,
          (response) => broadcast({ kind: 'answer', to: message.from, response }),
          (progress) =>
            broadcast({
              kind: 'forward-progress',
              to: message.from,
              id: message.request.id,
              progress,
            }),
        );
      }
      return;
    case 'answer':
      if (message.to === workerId) answerOwnClient(message.response);
      return;
    case 'forward-progress':
      if (message.to === workerId && unanswered.has(message.id)) {
        post({ kind: 'progress', id: message.id, progress: message.progress });
      }
      return;
    case 'change':
      post({ kind: 'change', change: message.change });
      return;
    case 'owner-ready':
      // A new owner may not have seen what we sent before it opened; an owner we know already has.
      if (message.owner !== workerId && message.owner !== knownOwner) {
        knownOwner = message.owner;
        for (const request of unanswered.values())
          broadcast({ kind: 'forward', from: workerId, request });
      }
      return;
    case 'who-owns':
      if (role === 'owner' && opened && !('failure' in opened)) {
        broadcast({ kind: 'owner-ready', owner: workerId });
      }
      return;
  }
};

let receiveWasm: (module: WebAssembly.Module | null) => void = () => undefined;
const wasmFromWindow = new Promise<WebAssembly.Module | null>((resolve) => (receiveWasm = resolve));

type InstantiateWasm = (
  imports: WebAssembly.Imports,
  receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
) => void;
const initSqlite = sqlite3InitModule as unknown as (options?: {
  instantiateWasm?: InstantiateWasm;
}) => Promise<Sqlite3>;

/** SQLite over the module the window compiled; if there is none or it fails, SQLite loads its own. */
const loadSqlite = async (): Promise<Sqlite3> => {
  const module = await wasmFromWindow;
  if (!module) return initSqlite();
  try {
    return await new Promise<Sqlite3>((resolve, reject) => {
      initSqlite({
        instantiateWasm: (imports, receive) => {
          WebAssembly.instantiate(module, imports).then(
            (instance) => receive(instance, module),
            reject,
          );
        },
      }).then(resolve, reject);
    });
  } catch {
    return initSqlite();
  }
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens the pool, retrying for a few seconds: when the previous owner's window has just closed, the
 * lock can be free a moment before its file handles are.
 */
const openDatabase = async (settings: ClientOptions): Promise<OpenDatabase> => {
  const sqlite3 = await loadSqlite();
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 12; attempt++) {
    try {
      const pool = await sqlite3.installOpfsSAHPoolVfs({
        name: `${settings.storeName}-sahpool`,
        directory: `.${settings.storeName}`,
        initialCapacity: 6,
        preserveOnInitFailure: true,
        forceReinitIfPreviouslyFailed: true,
      } as Parameters<typeof sqlite3.installOpfsSAHPoolVfs>[0]);
      return openInPool(sqlite3, pool);
    } catch (error) {
      lastError = error;
      await sleep(Math.min(100 * 2 ** attempt, 1000));
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
};

/**
 * The options that build old shapes or a tiny disk, for the history e2e suite alone: its harness is built
 * in Vite's `test` mode. The app is built in `production` mode, where this is false and the bundler drops
 * the branch, so no window can ask the shipped worker to run SQL of its choosing or to cap the database
 * (test/history-e2e/built-bundle.spec.ts checks the built worker for them).
 */
const testHooks = import.meta.env.MODE === 'test';

/**
 * Exclusive locking: this worker is the pool's only connection, so SQLite may keep its cache between reads.
 * Pages of 64 KiB, the largest SQLite allows: an OPFS access handle's read or write costs about the same
 * whatever its size (4, 8 or 64 KiB: ~0.6 ms a call in a Chromium profile kept in memory, ~20 µs on
 * disk), so fewer, larger pages cut importing 100,000 messages by seconds there; SQLite's own work on
 * them costs about the same. It applies to a database file created from now on.
 */
const prepare = (db: Database, settings: ClientOptions): void => {
  db.exec(`
    PRAGMA page_size = 65536;
    PRAGMA foreign_keys = ON;
    PRAGMA temp_store = MEMORY;
    PRAGMA locking_mode = EXCLUSIVE;
  `);
  if (!testHooks) {
    migrate(db);
    return;
  }
  migrate(db, settings.schemaVersion);
  if (settings.schemaVersion !== undefined && settings.testSeedSql) db.exec(settings.testSeedSql);
  if (settings.maxPageCount !== undefined)
    db.exec(`PRAGMA max_page_count = ${Math.floor(settings.maxPageCount)}`);
};

const openInPool = (sqlite3: Sqlite3, pool: Pool): OpenDatabase => {
  const db = new pool.OpfsSAHPoolDb(databaseFile);
  return {
    sqlite3,
    pool,
    db,
    release: () => {
      db.close();
      pool.pauseVfs();
    },
  };
};

const problemOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Prepares the database at `open`; true when it cannot even be prepared because it is damaged (a
 * damaged header or schema: SQLITE_NOTADB or SQLITE_CORRUPT).
 */
const damagedAtOpen = (open: OpenDatabase, settings: ClientOptions): boolean => {
  try {
    prepare(open.db, settings);
    return false;
  } catch (error) {
    if (isDamage(error)) return true;
    throw error;
  }
};

/**
 * The full integrity check (quick_check reads the whole file) waits until the window's first reads are
 * answered and the worker has had a second without requests, and is bounded. In Chromium on a profile
 * on disk, as the app's, it read about 110 MB a second (10,000 messages, 22 MB: 195-215 ms; 100,000
 * messages, 210 MB, did not finish in 1 s; a profile kept in memory is ~4 times slower), so before the
 * first answer it would have added that to every start. A file larger than the budget allows is not
 * checked; damage there is repaired when a statement meets it (see execute). A request that arrives
 * during the check waits for it.
 */
const checkAfterOpenMs = 2000;
const integrityBudgetMs = 1000;
const checkedUpToBytes = 96 * 1024 * 1024;

/** When the owner last ran a request: the check waits for a second without any. */
let lastRequestAt = 0;
const idleBeforeCheckMs = 1000;

/** Runs the integrity check once the worker is idle after open, then tidies the indexes. */
const checkWhenIdle = (settings: ClientOptions): void => {
  clearTimeout(tidyTimer);
  const check = (): void => {
    const current = opened;
    if (!current || !('store' in current)) return;
    // Someone is using history right now (opening conversations, searching): not while they wait.
    if (performance.now() - lastRequestAt < idleBeforeCheckMs) {
      tidyTimer = setTimeout(check, idleBeforeCheckMs);
      return;
    }
    const budget = testHooks
      ? (settings.integrityBudgetMs ?? integrityBudgetMs)
      : integrityBudgetMs;
    let damaged: boolean;
    try {
      const bytes =
        Number(current.db.selectValue('PRAGMA page_count')) *
        Number(current.db.selectValue('PRAGMA page_size'));
      damaged =
        bytes <= checkedUpToBytes &&
        quickCheck(current.sqlite3, current.db, budget).kind === 'damaged';
    } catch (error) {
      damaged = isDamage(error);
    }
    if (damaged && !repairedWhileOpen) {
      repairedWhileOpen = true;
      void repairWhileOpen(current).then(() => tidyIndexesWhenIdle(0));
      return;
    }
    tidyIndexesWhenIdle(0);
  };
  tidyTimer = setTimeout(check, checkAfterOpenMs);
};

/**
 * Keeps the damaged file aside as it is, then builds a new database from what of it still reads (see
 * salvage.ts) under the same name. The damaged file leaves the pool only once its copy is safely
 * written: if there is no room for the copy, history stays closed and the file stays as it was.
 */
const repair = async (
  { sqlite3, pool, db }: OpenDatabase,
  settings: ClientOptions,
): Promise<OpenDatabase> => {
  try {
    db.close();
  } catch {
    // A damaged file may fail to close cleanly; its handle is released all the same.
  }
  const bytes = pool.exportFile(databaseFile);
  let copyName: string;
  try {
    copyName = await keepDamagedCopy(settings.storeName, bytes, Date.now());
  } catch (error) {
    throw new Error(
      `history is damaged, and a copy of it could not be kept to repair it (${problemOf(error)}); free some disk space and restart Runnel`,
      { cause: error },
    );
  }
  const damaged = openDamagedCopy(sqlite3, bytes);
  pool.unlink(databaseFile);
  pool.unlink(`${databaseFile}-journal`);
  const fresh = openInPool(sqlite3, pool);
  prepare(fresh.db, { storeName: settings.storeName });
  let report: SalvageReport = {
    conversations: { recovered: 0, expected: null },
    messages: { recovered: 0, expected: null },
    placeholders: 0,
  };
  try {
    if (damaged) report = salvageInto(damaged, fresh.db);
  } finally {
    damaged?.close();
  }
  await saveRepairReport(settings.storeName, copyName, report).catch(() => undefined);
  return fresh;
};

const openStore = (open: OpenDatabase): OpenDatabase & { store: HistoryStore } => ({
  ...open,
  store: createHistoryStore(open.db, {
    parsers: lazyParsers,
    onChange: (change) => {
      post({ kind: 'change', change });
      broadcast({ kind: 'change', change });
    },
  }),
});

let repairedWhileOpen = false;

/** A request met damage after open: repair, tell every window to read history again, run what waited. */
const repairWhileOpen = async (current: OpenDatabase & { store: HistoryStore }): Promise<void> => {
  opened = null;
  current.store.dispose();
  try {
    opened = openStore(await repair(current, options ?? { storeName: 'history' }));
    post({ kind: 'change', change: { type: 'repaired' } });
    broadcast({ kind: 'change', change: { type: 'repaired' } });
  } catch (error) {
    opened = {
      failure: {
        code: 'storage-unavailable',
        message: `History could not be repaired (${problemOf(error)}).`,
      },
    };
  }
  for (const run of waiting.splice(0)) run();
};

const becomeOwner = async (settings: ClientOptions): Promise<void> => {
  // What we forwarded as a follower may have died with the previous owner: run it again here.
  const forwarded = [...unanswered.values()];
  setRole('owner');
  try {
    let open = await openDatabase(settings);
    if (damagedAtOpen(open, settings)) open = await repair(open, settings);
    opened = openStore(open);
    checkWhenIdle(settings);
  } catch (error) {
    opened = {
      failure: {
        code: 'storage-unavailable',
        message: `History could not be opened (${problemOf(error)}). Nothing was changed.`,
      },
    };
  }
  for (const request of forwarded) route(request);
  for (const run of waiting.splice(0)) run();
  broadcast({ kind: 'owner-ready', owner: workerId });
};

const start = (settings: ClientOptions): void => {
  options = settings;
  // The origin's OPFS root, asked for while SQLite's script sets itself up (~40 ms) rather than after,
  // when opening the file pool asks for it first.
  void navigator.storage?.getDirectory?.().catch(() => undefined);
  channel = new BroadcastChannel(`${settings.storeName}-channel`);
  channel.addEventListener('message', onChannel);
  const lockName = `${settings.storeName}-owner`;
  const holdAsOwner = async (): Promise<void> => {
    await becomeOwner(settings);
    // Held until this worker closes or dies; then a waiting window takes over.
    await new Promise<void>((resolve) => (closeOwnership = resolve));
  };
  // Try once without waiting, so the window learns its role at once; then queue for the lock.
  navigator.locks
    .request(lockName, { ifAvailable: true }, async (lock) => {
      if (lock) return holdAsOwner();
      setRole('follower');
      broadcast({ kind: 'who-owns' });
      void navigator.locks
        .request(lockName, { signal: lockAbort.signal }, holdAsOwner)
        .catch(() => undefined);
    })
    .catch(() => undefined);
};

let closeOwnership: () => void = () => undefined;

const close = (id: string): void => {
  lockAbort.abort();
  clearTimeout(tidyTimer);
  if (opened && 'store' in opened) {
    opened.store.dispose();
    opened.release();
  }
  opened = { failure: { code: 'closed', message: 'History was closed in this window.' } };
  channel?.close();
  channel = null;
  closeOwnership();
  post({ kind: 'closed', id });
};

const accept = (request: HistoryRequest): void => {
  unanswered.set(request.id, request);
  route(request);
};

/**
 * This window's requests that arrived while it read a chosen file wait for it, so they keep their order
 * (as they do while the import code loads). Only this window's: others' requests reach the owner as usual.
 */
let inOrder: Promise<void> = Promise.resolve();
let held = 0;
const afterReading = (step: () => Promise<void> | void): void => {
  held++;
  inOrder = inOrder
    .then(step)
    .catch(() => undefined)
    .finally(() => held--);
};

/** Reads the chosen file here (unzipping ChatGPT's export ZIP), then imports what it holds. */
const importChatGptFile = async ({ id, file }: ChatGptFileRequest): Promise<void> => {
  let input: string | ChatGptFile[];
  try {
    const { readChatGptUpload } = await import('./chatgpt-zip');
    input = await readChatGptUpload(file);
  } catch (error) {
    post({
      kind: 'response',
      id,
      ok: false,
      error: toHistoryError(error, 'read the ChatGPT export'),
    });
    return;
  }
  accept({ kind: 'request', id, method: 'importChatGpt', params: [input] });
};

scope.addEventListener('message', (event) => {
  const message = event.data;
  if (message.kind === 'init') {
    if (!options) start(message.options);
    return;
  }
  if (message.kind === 'wasm') {
    receiveWasm(message.module);
    return;
  }
  if (message.kind === 'close') {
    close(message.id);
    return;
  }
  if (message.kind === 'import-chatgpt-file') {
    afterReading(() => importChatGptFile(message));
    return;
  }
  if (held > 0) afterReading(() => accept(message));
  else accept(message);
});
