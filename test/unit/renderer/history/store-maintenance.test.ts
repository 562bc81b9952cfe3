import { describe, expect, it } from 'vitest';
import type { Database } from '@sqlite.org/sqlite-wasm';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import type { MessageRecord } from '../../../../renderer/src/history/types';
import { conversationRecord } from './conversation-record';
import { openMemoryDatabase } from './sqlite-memory';

const pragma = (db: Database, name: string): number => Number(db.selectValue(`PRAGMA ${name}`));

const message = (
  id: string,
  conversationId: string,
  at: number,
  content: string,
): MessageRecord => ({
  id,
  conversationId,
  parentId: null,
  role: 'user',
  content,
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: at,
  updatedAt: at,
});

describe('store upkeep: free pages', () => {
  it('hands the pages a deleted conversation freed back to the file, a bounded step at a time', async () => {
    const db = await openMemoryDatabase();
    // A database created from schema 12 on is in incremental auto-vacuum mode from its first table.
    expect(pragma(db, 'auto_vacuum')).toBe(2);
    const store = createHistoryStore(db, { parsers: importParsers });
    store.saveConversation({ ...conversationRecord('keep'), currentLeafId: null });
    store.saveConversation({ ...conversationRecord('gone'), currentLeafId: null });
    store.saveMessages([message('k', 'keep', 1, 'kept words 保留')]);
    const long = 'a long message about tidy pages and the file they live in 页面 '.repeat(400);
    store.saveMessages(
      Array.from({ length: 60 }, (_, i) => message(`g${i}`, 'gone', 2 + i, `${long} ${i}`)),
    );
    while (store.tidyIndexes());
    const full = pragma(db, 'page_count');
    store.deleteConversation('gone');
    const freed = pragma(db, 'freelist_count');
    expect(freed).toBeGreaterThan(64);

    const freeAfterEachStep: number[] = [];
    while (store.tidyIndexes()) freeAfterEachStep.push(pragma(db, 'freelist_count'));
    expect(pragma(db, 'freelist_count')).toBe(0);
    // Bounded: no step handed back more than 64 pages (the index merges may free a few more).
    expect(freeAfterEachStep.length).toBeGreaterThanOrEqual(Math.floor(freed / 64) - 1);
    expect(pragma(db, 'page_count')).toBeLessThanOrEqual(full - freed);
    expect(store.tidyIndexes()).toBe(false);
    expect(store.search('kept').map((hit) => hit.messageId)).toEqual(['k']);
    expect(store.search('保留').map((hit) => hit.messageId)).toEqual(['k']);
    expect(store.search('页面')).toEqual([]);
    expect(store.verify()).toEqual({ ok: true, problems: [] });
  });
});
