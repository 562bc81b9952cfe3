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
    expect(migrate(db)).toBe(latestVersion);
    expect(latestVersion).toBe(11);
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
