/**
 * Opening the history database: SQLite's wasm, the opfs-sahpool file pool, the pragmas and migrations,
 * and the repair of a file found damaged. Only the worker that owns history opens it.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { Database } from '@sqlite.org/sqlite-wasm';
import { keepDamagedCopy, saveRepairReport } from './damaged-copies';
import { openDamagedCopy } from './damaged-database';
import type { ClientOptions } from './history-protocol';
import { isDamage } from './integrity-check';
import { migrate } from './migrations';
import { makeFullWritesThrow } from './opfs-full-writes';
import type { SalvageReport } from './salvage';
import { salvageInto } from './salvage';

export type Sqlite3 = Awaited<ReturnType<typeof sqlite3InitModule>>;
type Pool = Awaited<ReturnType<Sqlite3['installOpfsSAHPoolVfs']>>;

/** The open database with the pool that holds its file. */
export interface OpenDatabase {
  sqlite3: Sqlite3;
  pool: Pool;
  db: Database;
  release: () => void;
}

const databaseFile = '/history.sqlite3';

/**
 * The options that build old shapes or a tiny disk, for the history e2e suite alone: its harness is built
 * in Vite's `test` mode. The app is built in `production` mode, where this is false and the bundler drops
 * the branches, so no window can ask the shipped worker to run SQL of its choosing or to cap the database
 * (test/history-e2e/built-bundle.spec.ts checks the built worker for them).
 */
const testHooks = import.meta.env.MODE === 'test';

const defaultIntegrityBudgetMs = 1000;

/** How long the integrity check may run; the e2e harness may shorten it (a test hook, as above). */
export const integrityCheckBudget = (settings: ClientOptions): number =>
  testHooks ? (settings.integrityBudgetMs ?? defaultIntegrityBudgetMs) : defaultIntegrityBudgetMs;

/** The error OPFS last raised under SQLite, so a full disk can be told from other I/O errors. */
export interface StorageErrors {
  /** Forgets the last one: called before each request. */
  reset(): void;
  last(): unknown;
}

/**
 * Catches the errors opfs-sahpool hands to sqlite3's error logger. SQLite reports any of them as
 * SQLITE_IOERR ("disk I/O error"); the pool passes the error itself only to that logger (its
 * `storeErr`), which a worker may replace through `sqlite3ApiConfig` before SQLite starts: call this
 * first. A browser's QuotaExceededError can then be called storage full.
 */
export const watchStorageErrors = (): StorageErrors => {
  let lastError: unknown = null;
  makeFullWritesThrow();
  (globalThis as { sqlite3ApiConfig?: unknown }).sqlite3ApiConfig = {
    error: (...args: unknown[]) => {
      const thrown = args.find((arg) => typeof arg === 'object' && arg !== null && 'name' in arg);
      if (thrown) lastError = thrown;
      console.error(...args);
    },
  };
  return { reset: () => (lastError = null), last: () => lastError };
};

type InstantiateWasm = (
  imports: WebAssembly.Imports,
  receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
) => void;
const initSqlite = sqlite3InitModule as unknown as (options?: {
  instantiateWasm?: InstantiateWasm;
}) => Promise<Sqlite3>;

/** SQLite over the module the window compiled; if there is none or it fails, SQLite loads its own. */
const loadSqlite = async (wasmFromWindow: Promise<WebAssembly.Module | null>): Promise<Sqlite3> => {
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

/**
 * Opens the pool, retrying for a few seconds: when the previous owner's window has just closed, the
 * lock can be free a moment before its file handles are.
 */
const openPool = async (sqlite3: Sqlite3, settings: ClientOptions): Promise<OpenDatabase> => {
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
 * Exclusive locking, as this worker is the pool's only connection, so SQLite may keep its cache between
 * reads; pages of 64 KiB, the largest SQLite allows, because an OPFS read or write costs about the same
 * whatever its size (the page size applies to a database file created from now on).
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

export const problemOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Keeps the damaged file aside as it is, then builds a new database from what of it still reads (see
 * salvage.ts) under the same name. The damaged file leaves the pool only once its copy is safely
 * written: if there is no room for the copy, history stays closed and the file stays as it was.
 */
export const repairDatabase = async (
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
 * SQLite (over the wasm the window compiled, when it could), the file pool, the migrated database;
 * repaired first if it is too damaged to prepare.
 */
export const openHistoryDatabase = async (
  settings: ClientOptions,
  wasmFromWindow: Promise<WebAssembly.Module | null>,
): Promise<OpenDatabase> => {
  const open = await openPool(await loadSqlite(wasmFromWindow), settings);
  return damagedAtOpen(open, settings) ? repairDatabase(open, settings) : open;
};
