/**
 * Whether the history database is damaged: SQLite's `PRAGMA quick_check` at open, bounded in time, and
 * the result codes that mean damage when any statement meets it later.
 */
import type { Database } from '@sqlite.org/sqlite-wasm';
import type sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { resultCodeOf } from './history-errors';

type Sqlite3 = Awaited<ReturnType<typeof sqlite3InitModule>>;

const sqliteCorrupt = 11;
const sqliteNotADatabase = 26;
const sqliteInterrupt = 9;

/** SQLITE_CORRUPT (and its extended codes) or SQLITE_NOTADB: the file, not the request, is wrong. */
export const isDamage = (error: unknown): boolean => {
  const code = resultCodeOf(error);
  return code === sqliteCorrupt || code === sqliteNotADatabase;
};

export type IntegrityResult =
  | { kind: 'ok' }
  /** The check ran past its budget and was stopped: nothing is known (the next open checks again). */
  | { kind: 'unchecked' }
  | { kind: 'damaged'; problem: string };

/** Virtual machine steps between looks at the clock: a few ms of work. */
const stepsPerLook = 10_000;

/**
 * `PRAGMA quick_check` (b-tree structure, not index contents: a linear read of the file), stopped by a
 * progress handler once `budgetMs` has passed, so a very large history never holds up its opening for
 * long. Damage that a stopped check did not reach is still found when a statement meets it.
 */
export const quickCheck = (sqlite3: Sqlite3, db: Database, budgetMs: number): IntegrityResult => {
  const deadline = performance.now() + budgetMs;
  sqlite3.capi.sqlite3_progress_handler(
    db.pointer as number,
    stepsPerLook,
    () => (performance.now() > deadline ? 1 : 0),
    0,
  );
  try {
    const lines = db.selectValues('PRAGMA quick_check(8)').map(String);
    return lines.length === 1 && lines[0] === 'ok'
      ? { kind: 'ok' }
      : { kind: 'damaged', problem: lines.join('; ') };
  } catch (error) {
    if (resultCodeOf(error) === sqliteInterrupt) return { kind: 'unchecked' };
    if (isDamage(error)) {
      return { kind: 'damaged', problem: error instanceof Error ? error.message : String(error) };
    }
    throw error;
  } finally {
    sqlite3.capi.sqlite3_progress_handler(db.pointer as number, 0, 0, 0);
  }
};
