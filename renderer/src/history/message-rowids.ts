/**
 * A message's rowid is its createdAt times `rowidsPerMs`, plus a counter for messages of the same
 * millisecond. FTS5 walks its matches in rowid order, so "newest first" is `ORDER BY rowid DESC LIMIT n`:
 * it stops after n matches and computes only n snippets, instead of sorting every match of a common
 * word (docs/decisions/2026-11-25-history-search-index-shape.md).
 */
import type { Statements } from './store-statements';

const rowidsPerMs = 1024;

export interface MessageRowids {
  /** The rowid for one new message: time-ordered; null (any free rowid) if its millisecond is full. */
  next(createdAt: number): number | null;
  /**
   * Rowids for a batch of new messages, as `next` gives them one at a time. Into an empty table the
   * counters live here alone; otherwise each millisecond asks the table once. A full millisecond
   * (null: SQLite picks any free rowid) makes every later one ask the table, which then holds that row.
   */
  allocator(tableWasEmpty: boolean): (createdAt: number) => number | null;
}

export const createMessageRowids = ({ one }: Pick<Statements, 'one'>): MessageRowids => {
  const next = (createdAt: number): number | null => {
    const base = Math.max(0, Math.floor(createdAt)) * rowidsPerMs;
    const top = one('SELECT max(rowid) AS top FROM messages WHERE rowid BETWEEN ? AND ?', [
      base,
      base + rowidsPerMs - 1,
    ])?.top;
    if (top === null || top === undefined) return base;
    return Number(top) < base + rowidsPerMs - 1 ? Number(top) + 1 : null;
  };

  return {
    next,
    allocator: (tableWasEmpty) => {
      const counters = new Map<number, number>();
      let askTable = !tableWasEmpty;
      return (createdAt) => {
        const base = Math.max(0, Math.floor(createdAt)) * rowidsPerMs;
        let candidate = counters.get(base);
        if (candidate === undefined || askTable) {
          const stored = askTable ? next(createdAt) : base;
          candidate = Math.max(candidate ?? base, stored ?? base + rowidsPerMs);
        }
        if (candidate >= base + rowidsPerMs) {
          askTable = true;
          return null;
        }
        counters.set(base, candidate + 1);
        return candidate;
      };
    },
  };
};
