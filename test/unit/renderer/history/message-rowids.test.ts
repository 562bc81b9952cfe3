/**
 * The rowid allocator of imports (message-rowids.ts): time-ordered rowids, never one twice, even when
 * it has forgotten the counters of milliseconds long past (it keeps a bounded number of them).
 */
import { describe, expect, it } from 'vitest';
import { createMessageRowids } from '../../../../renderer/src/history/message-rowids';
import { createStatements } from '../../../../renderer/src/history/store-statements';
import { openMemoryDatabase } from './sqlite-memory';

/** The allocator over a real messages table, each rowid given written as a row so the table knows it. */
const allocatorOver = async (remember: number) => {
  const db = await openMemoryDatabase();
  const statements = createStatements(db);
  statements.run(
    `INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c', 't', 0, 0)`,
  );
  const allocate = createMessageRowids(statements).allocator(true, remember);
  let n = 0;
  return (createdAt: number): number | null => {
    const rowid = allocate(createdAt);
    statements.run(
      `INSERT INTO messages (rowid, id, conversation_id, role, content, status, created_at, updated_at)
       VALUES (?, ?, 'c', 'user', '', 'complete', ?, ?)`,
      [rowid, `m${n++}`, createdAt, createdAt],
    );
    return rowid;
  };
};

describe('the import rowid allocator', () => {
  it('keeps rowids unique and time-ordered after forgetting old milliseconds', async () => {
    const allocate = await allocatorOver(2);
    const given = [1, 2, 3, 4, 1, 1, 2, 5, 3].map((ms) => allocate(ms));
    expect(new Set(given).size).toBe(given.length);
    // Each within its own millisecond's range: 1024 a millisecond.
    [1, 2, 3, 4, 1, 1, 2, 5, 3].forEach((ms, i) => {
      expect(Math.floor((given[i] as number) / 1024)).toBe(ms);
    });
  });
});
