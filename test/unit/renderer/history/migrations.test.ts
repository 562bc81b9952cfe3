import type { Database } from '@sqlite.org/sqlite-wasm';
import { describe, expect, it } from 'vitest';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import { latestVersion, migrate } from '../../../../renderer/src/history/migrations';
import { openMemoryDatabase } from './sqlite-memory';

const wordsIndexSql = (db: Awaited<ReturnType<typeof openMemoryDatabase>>): string =>
  String(db.selectValue("SELECT sql FROM sqlite_schema WHERE name = 'messages_fts'"));

describe('migration 11', () => {
  it('gives a version 10 database with data a 4-character prefix index, every answer kept', async () => {
    const db = await openMemoryDatabase(10);
    db.exec(`
      INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c', 'streams', 1, 9);
      INSERT INTO messages (id, conversation_id, role, content, content_cjk, status, created_at,
                            updated_at) VALUES
        ('m1', 'c', 'user', 'streaming answers', '', 'complete', 1, 1),
        ('m2', 'c', 'assistant', 'a stream resumed', '', 'complete', 2, 2),
        ('m3', 'c', 'user', '我喜欢中文 strict', cjk_segments('我喜欢中文 strict'), 'complete', 3, 3);
    `);
    expect(wordsIndexSql(db)).toContain("prefix = '1 3'");
    expect(migrate(db, 11)).toBe(11);
    expect(wordsIndexSql(db)).toContain("prefix = '1 3 4'");

    const store = createHistoryStore(db, { parsers: importParsers });
    const ids = (query: string): string[] =>
      store
        .search(query)
        .flatMap((hit) => (hit.messageId ? [hit.messageId] : []))
        .sort();
    expect(ids('stre*')).toEqual(['m1', 'm2']);
    expect(ids('str*')).toEqual(['m1', 'm2', 'm3']);
    expect(ids('s*')).toEqual(['m1', 'm2', 'm3']);
    expect(ids('streaming')).toEqual(['m1']);
    expect(ids('喜欢')).toEqual(['m3']);
    // The triggers are back: a message written after the migration is found by its prefix.
    db.exec(`INSERT INTO messages (id, conversation_id, role, content, status, created_at, updated_at)
             VALUES ('m4', 'c', 'assistant', 'strength', 'complete', 4, 4)`);
    expect(ids('stre*')).toEqual(['m1', 'm2', 'm4']);
    expect(store.verify()).toEqual({ ok: true, problems: [] });
    // The bulk rebuild's settings are not left behind for everyday writes.
    expect(db.selectValue("SELECT v FROM messages_fts_config WHERE k = 'automerge'")).toBe(4);
  });
});

/** A stored tool call whose result holds CJK text (schema 10's record, as store-rows.ts writes it). */
const toolActivityJson = JSON.stringify({
  calls: [
    {
      callId: 'k1',
      name: 'lookup',
      arguments: '{"q":"weather"}',
      problem: null,
      at: 1,
      approval: null,
      result: { outcome: 'ran', content: '东京天气晴朗', isError: false, durationMs: 3 },
    },
  ],
});

const messageColumnNames = (db: Database): string[] =>
  db.selectArrays("SELECT name FROM pragma_table_info('messages')").map(([name]) => String(name));

describe('migration 12', () => {
  it('moves a version 11 database with CJK text, tool calls and branches to the contentless CJK index', async () => {
    const db = await openMemoryDatabase(11);
    db.exec(`
      INSERT INTO conversations (id, title, title_cjk, created_at, updated_at, current_leaf_id)
        VALUES ('c', '中文 notes', cjk_segments('中文 notes'), 1, 9, 'b2');
      INSERT INTO messages (id, conversation_id, parent_id, role, content, content_cjk,
                            content_words, status, created_at, updated_at, tool_activity) VALUES
        ('q', 'c', NULL, 'user', '我喜欢中文 strict', message_cjk('我喜欢中文 strict', NULL),
         cjk_words('我喜欢中文 strict'), 'complete', 1, 1, NULL),
        ('b1', 'c', 'q', 'assistant', 'plain answer', '', '', 'complete', 2, 2, NULL),
        ('b2', 'c', 'q', 'assistant', 'looked it up', message_cjk('looked it up', '${toolActivityJson}'),
         'weather', 'complete', 3, 3, '${toolActivityJson}');
    `);
    expect(messageColumnNames(db)).toContain('content_cjk');
    const bytesBefore = Number(
      db.selectValue("SELECT sum(length(content_cjk)) FROM messages WHERE content_cjk <> ''"),
    );
    expect(bytesBefore).toBeGreaterThan(0);

    expect(migrate(db)).toBe(latestVersion);
    expect(latestVersion).toBe(12);
    expect(messageColumnNames(db)).not.toContain('content_cjk');
    const cjkIndexSql = String(
      db.selectValue("SELECT sql FROM sqlite_schema WHERE name = 'messages_cjk_fts'"),
    );
    expect(cjkIndexSql).toContain("content = ''");
    expect(cjkIndexSql).toContain('contentless_delete = 1');
    // Only the messages with CJK text (their own or their tool calls') are in the CJK index.
    expect(db.selectValue('SELECT count(*) FROM messages_cjk_fts')).toBe(2);

    const store = createHistoryStore(db, { parsers: importParsers });
    const ids = (query: string): string[] =>
      store
        .search(query)
        .flatMap((hit) => (hit.messageId ? [hit.messageId] : []))
        .sort();
    expect(ids('喜欢')).toEqual(['q']);
    expect(ids('中')).toEqual(['q']);
    expect(ids('天气')).toEqual(['b2']);
    expect(ids('中文 strict')).toEqual(['q']);
    expect(ids('strict')).toEqual(['q']);
    // The branches and the remembered leaf are as they were.
    const shown = store.listMessages('c').messages;
    expect(shown.map((m) => [m.id, m.parentId])).toEqual([
      ['q', null],
      ['b2', 'q'],
    ]);
    expect(shown[1]?.toolActivity?.calls[0]?.result?.content).toBe('东京天气晴朗');
    expect(store.verify()).toEqual({ ok: true, problems: [] });
    expect(db.selectValue("SELECT v FROM messages_cjk_fts_config WHERE k = 'automerge'")).toBe(4);

    // The triggers keep the index: a new message, an edit that changes its CJK text, a delete.
    const b3 = { ...shown[1]!, conversationId: 'c', id: 'b3', content: '新的回答', createdAt: 4 };
    store.saveMessages([{ ...b3, updatedAt: 4 }]);
    expect(ids('回答')).toEqual(['b3']);
    expect(ids('天气')).toEqual(['b2', 'b3']);
    store.saveMessages([{ ...b3, content: '改过的', toolActivity: undefined, updatedAt: 5 }]);
    expect(ids('回答')).toEqual([]);
    expect(ids('改过')).toEqual(['b3']);
    expect(ids('天气')).toEqual(['b2']);
    db.exec("DELETE FROM messages WHERE id = 'q'");
    expect(ids('喜欢')).toEqual([]);
    expect(store.verify()).toEqual({ ok: true, problems: [] });
  });

  it("gives the dropped column's pages back to a file from before schema 12, once", async () => {
    const db = await openMemoryDatabase(11);
    expect(Number(db.selectValue('PRAGMA auto_vacuum'))).toBe(0);
    db.exec(
      "INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c', 't', 1, 1)",
    );
    const text = '中文的长消息，'.repeat(300);
    for (let i = 0; i < 40; i++) {
      db.exec(`INSERT INTO messages (id, conversation_id, role, content, content_cjk, status,
                                     created_at, updated_at)
               VALUES ('m${i}', 'c', 'user', '${text}${i}', cjk_segments('${text}${i}'),
                       'complete', ${i}, ${i})`);
    }
    const pagesBefore = Number(db.selectValue('PRAGMA page_count'));
    expect(migrate(db)).toBe(latestVersion);
    expect(Number(db.selectValue('PRAGMA auto_vacuum'))).toBe(2);
    expect(Number(db.selectValue('PRAGMA freelist_count'))).toBe(0);
    expect(Number(db.selectValue('PRAGMA page_count'))).toBeLessThan(pagesBefore);
    const store = createHistoryStore(db, { parsers: importParsers });
    expect(store.search('长消息').length).toBe(40);
    expect(store.verify()).toEqual({ ok: true, problems: [] });
  });
});
