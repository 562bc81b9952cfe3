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
  allocator(tableWasEmpty: boolean, remember?: number): (createdAt: number) => number | null;
}

/**
 * Milliseconds an allocator keeps counters for. Past it the least recently used are forgotten, and a
 * forgotten one asks the table again: a million-message import would otherwise keep a counter per
 * message's millisecond, tens of MB in the importing worker.
 */
const rememberedMs = 65_536;

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
    allocator: (tableWasEmpty, remember = rememberedMs) => {
      const counters = new Map<number, number>();
      let askTable = !tableWasEmpty;
      /** The latest millisecond forgotten: one at or before it may be in the table already. */
      let forgottenUpTo = -1;
      return (createdAt) => {
        const base = Math.max(0, Math.floor(createdAt)) * rowidsPerMs;
        let candidate = counters.get(base);
        if (candidate === undefined || askTable) {
          const unsure = askTable || (candidate === undefined && base <= forgottenUpTo);
          const stored = unsure ? next(createdAt) : base;
          candidate = Math.max(candidate ?? base, stored ?? base + rowidsPerMs);
        }
        if (candidate >= base + rowidsPerMs) {
          askTable = true;
          return null;
        }
        // Most recently used last, so the first key is the one to forget.
        counters.delete(base);
        counters.set(base, candidate + 1);
        if (counters.size > remember) {
          const oldest = counters.keys().next().value as number;
          counters.delete(oldest);
          forgottenUpTo = Math.max(forgottenUpTo, oldest);
        }
        return candidate;
      };
    },
  };
};
