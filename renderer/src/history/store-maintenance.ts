/**
 * Looking after the database rather than its contents: counts, integrity checks, and merging the search
 * indexes' segments, then handing freed pages back to the file, a step at a time while the worker is idle.
 */
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { HistoryMethods } from './history-protocol';
import { ftsTables, schemaVersion } from './migrations';
import type { Statements } from './store-statements';

/** FTS5 leaf pages one `tidyIndexes` step writes, a step of about ten milliseconds. */
const tidyPages = 200;
/** Free pages one step hands back to the file (64 KiB each): 4 MiB, each moving a page from the end. */
const vacuumPages = 64;

export type StoreMaintenance = Pick<HistoryMethods, 'stats' | 'verify'> & {
  /**
   * One bounded step of merging the search indexes' segments; true while more remains. A bulk import
   * leaves several segments per index; merged a step at a time while the worker is idle, no later
   * write pays for merging them at once (docs/decisions/2026-11-26-fts5-rebuild-buffer-and-crisis-merge.md).
   * Then the pages freed are handed back to the file, a bounded step at a time too.
   */
  tidyIndexes(): boolean;
};

export const createStoreMaintenance = (
  db: Database,
  { all, one }: Pick<Statements, 'all' | 'one'>,
): StoreMaintenance => ({
  stats: () => ({
    conversations: Number(one('SELECT count(*) AS n FROM conversations')?.n ?? 0),
    messages: Number(one('SELECT count(*) AS n FROM messages')?.n ?? 0),
    schemaVersion: schemaVersion(db),
  }),

  verify: () => {
    const problems = all('PRAGMA integrity_check')
      .map((row) => String(Object.values(row)[0]))
      .filter((line) => line !== 'ok');
    for (const table of ftsTables) {
      try {
        db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`);
      } catch (error) {
        problems.push(`${table}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { ok: problems.length === 0, problems };
  },

  tidyIndexes: () =>
    ftsTables.some((table) => {
      const before = Number(db.changes(true));
      db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', ${tidyPages})`);
      // FTS5 counts the command itself as one change; merging adds more (its documented test).
      return Number(db.changes(true)) - before >= 2;
    }) || returnFreePages(db),
});

/**
 * Once the indexes are merged, a step of handing the pages they (or deleted messages) freed back to
 * the file, so it shrinks; true while more remain. Only a file in incremental auto-vacuum mode (every
 * file created from schema 12 on, see migrations.ts) can; in any other this does nothing.
 */
const returnFreePages = (db: Database): boolean => {
  if (Number(db.selectValue('PRAGMA auto_vacuum')) !== 2) return false;
  if (Number(db.selectValue('PRAGMA freelist_count')) === 0) return false;
  db.exec(`PRAGMA incremental_vacuum(${vacuumPages})`);
  return Number(db.selectValue('PRAGMA freelist_count')) > 0;
};
