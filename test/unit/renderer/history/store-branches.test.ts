/** Which branch a conversation shows (store-branches.ts), on real SQLite (wasm). */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@sqlite.org/sqlite-wasm';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import { newestLeafSql } from '../../../../renderer/src/history/store-branches';
import type { MessageRecord } from '../../../../renderer/src/history/types';
import { conversationRecord } from './conversation-record';
import { openMemoryDatabase } from './sqlite-memory';

const record = (id: string, at: number, parentId: string | null): MessageRecord => ({
  id,
  conversationId: 't',
  parentId,
  role: 'user',
  content: id,
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: at,
  updatedAt: at,
});

describe('the newest leaf of a conversation', () => {
  let db: Database;
  let store: ReturnType<typeof createHistoryStore>;

  beforeEach(async () => {
    db = await openMemoryDatabase();
    store = createHistoryStore(db, { parsers: importParsers });
    store.saveConversation({ ...conversationRecord('t'), currentLeafId: null });
  });

  const shownLast = () => store.listMessages('t', { limit: 1 }).messages[0]?.id;

  it('is the leaf written last, the id breaking a tie of times', () => {
    // r ─ a ─ b(5), and r ─ c(5) ─ d(4): d is a leaf older than its parent, as an import may hold.
    store.saveMessages([
      record('r', 1, null),
      record('a', 2, 'r'),
      record('b', 5, 'a'),
      record('c', 5, 'r'),
      record('d', 4, 'c'),
    ]);
    expect(shownLast()).toBe('b');
    store.saveMessages([record('e', 5, 'a')]);
    expect(shownLast()).toBe('e');
  });

  it('reads only the messages of that time, not the whole conversation sorted', () => {
    const plan = db
      .exec({
        sql: `EXPLAIN QUERY PLAN ${newestLeafSql}`,
        bind: ['t'],
        rowMode: 'array',
        returnValue: 'resultRows',
      })
      .map((row) => String(row[3]));
    expect(plan[0]).toMatch(/messages_by_conversation \(conversation_id=\? AND created_at=\?\)/);
  });
});
