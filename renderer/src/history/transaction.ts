/**
 * One write transaction. Unlike oo1's `db.transaction()`, it keeps the original error when SQLite has
 * already rolled back by itself (it does so on a full disk or an I/O error, and a second ROLLBACK would
 * then fail and hide why).
 */
import type { Database } from '@sqlite.org/sqlite-wasm';

export const inTransaction = <T>(db: Database, work: () => T): T => {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    try {
      db.exec('ROLLBACK');
    } catch {
      // Already rolled back by SQLite itself; the first error is the one that matters.
    }
    throw error;
  }
};
