import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@sqlite.org/sqlite-wasm';
import { parseQuery } from '../../../../renderer/src/history/fts-query';
import type { HistoryStore } from '../../../../renderer/src/history/history-store';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import { ftsTables, latestVersion, migrate } from '../../../../renderer/src/history/migrations';
import { prepareForScan, scanMatches } from '../../../../renderer/src/history/reference-scan';
import type {
  ConversationRecord,
  HistoryChange,
  MessageRecord,
} from '../../../../renderer/src/history/types';
import { openMemoryDatabase } from './sqlite-memory';

const conversation = (
  id: string,
  at: number,
  title = `Conversation ${id}`,
): ConversationRecord => ({
  id,
  title,
  createdAt: at,
  updatedAt: at,
  pinned: false,
  model: 'gpt-test',
  providerId: 'p1',
  tags: [],
  currentLeafId: null,
});

/** The last message made for each conversation: the next one follows it, as in a chat. */
const lastMade = new Map<string, string>();
const message = (
  id: string,
  conversationId: string,
  at: number,
  content: string,
): MessageRecord => {
  const parentId = lastMade.get(conversationId) ?? null;
  lastMade.set(conversationId, id);
  return record(id, conversationId, at, content, parentId);
};

const record = (
  id: string,
  conversationId: string,
  at: number,
  content: string,
  parentId: string | null,
): MessageRecord => ({
  id,
  conversationId,
  parentId,
  role: id.endsWith('a') ? 'assistant' : 'user',
  content,
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: at,
  updatedAt: at,
});

const texts = [
  'How do I stream server-sent events in Node?',
  'Use a ReadableStream and parse each data: line; streaming keeps the UI responsive.',
  '我喜欢用中文写代码，中文搜索需要二元组索引。',
  'コーヒーを飲みながらプログラムを書く',
  '한국어 검색도 됩니다',
  'function concatenate(a, b) { return a + b; } // concat helper',
  'The café serves naïve résumé writers',
  'C++ and C# are not the same; neither is F#.',
  'Quotes "inside" text and (parens) and OR NOT AND NEAR',
  '用React开发桌面应用',
];

describe('history store', () => {
  let db: Database;
  let store: HistoryStore;
  let changes: HistoryChange[];

  beforeEach(async () => {
    lastMade.clear();
    db = await openMemoryDatabase();
    changes = [];
    store = createHistoryStore(db, {
      parsers: importParsers,
      now: () => 42,
      onChange: (change) => changes.push(change),
    });
  });

  const seed = (): void => {
    store.saveConversation(conversation('c1', 1000, 'Streaming in Node'));
    store.saveConversation(conversation('c2', 2000, '中文 搜索 测试'));
    store.saveMessages(
      texts.map((text, i) =>
        message(`m${i}${i % 2 ? 'a' : 'u'}`, i < 5 ? 'c1' : 'c2', 3000 + i, text),
      ),
    );
  };

  it('lists pinned first, then newest first, and moves a conversation up when a message arrives', () => {
    store.saveConversation(conversation('old', 1));
    store.saveConversation(conversation('new', 2));
    store.saveConversation({ ...conversation('pinned', 0), pinned: true });
    expect(store.listConversations().map((c) => c.id)).toEqual(['pinned', 'new', 'old']);
    store.saveMessages([message('x', 'old', 10, 'hi')]);
    expect(store.listConversations().map((c) => c.id)).toEqual(['pinned', 'old', 'new']);
    expect(changes).toContainEqual({ type: 'messages', conversationId: 'old' });
  });

  it('shows one branch of a tree: the remembered one, its versions counted, paged back on it', () => {
    store.saveConversation(conversation('t', 0, 'Sourdough'));
    // q1 ─ a1 ─ q2 ─ a2     (the first branch)
    //    └ a1b              (a1 regenerated)
    // q1e ─ a1e             (q1 edited)
    store.saveMessages([
      record('q1', 't', 1, 'How often do I feed it?', null),
      record('a1', 't', 2, 'Once a day.', 'q1'),
      record('q2', 't', 3, 'And in winter?', 'a1'),
      record('a2', 't', 4, 'Every other day.', 'q2'),
      record('a1b', 't', 5, 'Twice a day when warm.', 'q1'),
      record('q1e', 't', 6, 'How often do I feed a rye starter?', null),
      record('a1e', 't', 7, 'Once a day, with rye flour.', 'q1e'),
    ]);
    const shown = (page: { messages: MessageRecord[] }) => page.messages.map((m) => m.id);
    // Nothing remembered: the newest leaf.
    const newest = store.listMessages('t');
    expect(shown(newest)).toEqual(['q1e', 'a1e']);
    expect(newest.siblings).toEqual({
      q1e: { index: 2, count: 2, previousId: 'q1', nextId: null },
    });
    // Paging to q1 lands on its newest answer below it, a1b; to a1, on a2 below it.
    expect(store.branchLeaf('q1')).toBe('a1b');
    expect(store.branchLeaf('a1')).toBe('a2');
    store.saveConversation({ ...conversation('t', 0, 'Sourdough'), currentLeafId: 'a1' });
    const remembered = store.listMessages('t');
    expect(shown(remembered)).toEqual(['q1', 'a1', 'q2', 'a2']);
    expect(remembered.siblings).toEqual({
      q1: { index: 1, count: 2, previousId: null, nextId: 'q1e' },
      a1: { index: 1, count: 2, previousId: null, nextId: 'a1b' },
    });
    // Paging back stays on the branch of the oldest message shown.
    const last = store.listMessages('t', { limit: 2 });
    expect(shown(last)).toEqual(['q2', 'a2']);
    expect(last.hasOlder).toBe(true);
    const older = store.listMessages('t', { limit: 2, beforeId: 'q2' });
    expect(shown(older)).toEqual(['q1', 'a1']);
    expect(older.hasOlder).toBe(false);
    // The Markdown export writes the branch shown, nothing of the others.
    const markdown = store.exportMarkdown('t');
    expect(markdown).toContain('And in winter?');
    expect(markdown).not.toContain('rye');
    expect(markdown).not.toContain('Twice a day');
    // Search finds text on any branch.
    expect(
      store
        .search('rye')
        .map((h) => h.messageId)
        .sort(),
    ).toEqual(['a1e', 'q1e']);
  });

  it('a circle of parent links written by mistake still answers, bounded', () => {
    store.saveConversation(conversation('loop', 0));
    store.saveMessages([
      record('x', 'loop', 1, 'x', 'z'),
      record('y', 'loop', 2, 'y', 'x'),
      record('z', 'loop', 3, 'z', 'y'),
      record('leaf', 'loop', 4, 'leaf', 'z'),
    ]);
    const page = store.listMessages('loop', { limit: 10 });
    expect(page.messages.length).toBeLessThanOrEqual(10);
    expect(page.messages.at(-1)?.id).toBe('leaf');
  });

  it('pages a conversation from its last page back, without repeats or gaps even on equal times', () => {
    store.saveConversation(conversation('c', 0));
    const all = Array.from({ length: 23 }, (_, i) =>
      message(`m${String(i).padStart(2, '0')}`, 'c', 100 + Math.floor(i / 3), `text ${i}`),
    );
    store.saveMessages(all);
    const seen: string[] = [];
    let page = store.listMessages('c', { limit: 5 });
    seen.unshift(...page.messages.map((m) => m.id));
    while (page.hasOlder) {
      const oldest = page.messages[0]?.id;
      page = store.listMessages('c', { limit: 5, ...(oldest ? { beforeId: oldest } : {}) });
      seen.unshift(...page.messages.map((m) => m.id));
    }
    expect(seen).toEqual(all.map((m) => m.id));
  });

  it('refuses a message for a conversation that does not exist, writing nothing', () => {
    store.saveConversation(conversation('c', 0));
    expect(() =>
      store.saveMessages([message('ok', 'c', 1, 'a'), message('bad', 'nope', 2, 'b')]),
    ).toThrow(/no conversation/);
    expect(store.stats().messages).toBe(0);
  });

  it('answers every query kind exactly as a scan does', () => {
    seed();
    const all = [
      ...store.listMessages('c1', { limit: 1000 }).messages,
      ...store.listMessages('c2', { limit: 1000 }).messages,
    ];
    const queries = [
      'stream',
      'stream*',
      'str*',
      '"server sent events"',
      'node stream*',
      '中',
      '中文',
      '中文搜索',
      '文写代',
      'コーヒー',
      'ー',
      '한국어',
      '검색',
      'cafe',
      'naive',
      'concat',
      'concat*',
      'react',
      '开发',
      'c',
      'near',
      '"or not"',
      'f',
      'react 开发',
      '"react 开发"',
      '开发 react*',
      'stream 中文',
      '用react开发',
    ];
    for (const query of queries) {
      const terms = parseQuery(query);
      const expected = all
        .filter((m) => scanMatches(prepareForScan(m.content), terms))
        .map((m) => m.id)
        .sort();
      const got = store
        .search(query, { limit: 500 })
        .filter((h) => h.messageId)
        .map((h) => h.messageId)
        .sort();
      expect(got, query).toEqual(expected);
    }
  });

  it('searches titles too and returns snippets as text plus ranges', () => {
    seed();
    const titleHit = store.search('搜索').find((hit) => hit.messageId === null);
    expect(titleHit?.conversationId).toBe('c2');
    const hit = store.search('streaming').find((h) => h.messageId === 'm1a');
    expect(hit).toBeDefined();
    const [start, end] = hit?.highlights[0] ?? [0, 0];
    expect(hit?.snippet.slice(start, end).toLowerCase()).toBe('streaming');
    const cjk = store.search('中文').find((h) => h.messageId === 'm2u');
    expect(cjk?.highlights.map(([a, b]) => cjk.snippet.slice(a, b))).toContain('中文');
  });

  it('never fails on odd queries', () => {
    seed();
    for (const odd of [
      '"',
      '*',
      'a*b',
      '(((',
      'NEAR(a b)',
      'content:x',
      '-',
      '^a',
      "'",
      '\\',
      'AND',
      '"unclosed',
      '{content}: x',
      '\u0000',
      'x'.repeat(5000),
    ]) {
      expect(() => store.search(odd), odd).not.toThrow();
    }
  });

  it('keeps the index in step with updates and deletes', () => {
    seed();
    store.saveMessages([{ ...message('m0u', 'c1', 3000, 'replaced wording') }]);
    expect(store.search('replaced').map((h) => h.messageId)).toEqual(['m0u']);
    expect(store.search('events')).toEqual([]);
    store.deleteMessages(['m0u']);
    expect(store.search('replaced')).toEqual([]);
    store.deleteConversation('c1');
    expect(store.search('中文').map((h) => h.messageId)).toEqual([null]);
    expect(store.stats()).toEqual({ conversations: 1, messages: 5, schemaVersion: latestVersion });
    expect(
      db.selectValue("INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 1)"),
    ).toBeUndefined();
  });

  it('merges index segments a step at a time until none are left to merge, answers unchanged', () => {
    seed();
    // Segments as a bulk import leaves them: one per write, none merged as they appear.
    for (const table of ftsTables) {
      db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('automerge', 0)`);
    }
    store.saveConversation(conversation('c3', 10, 'Segment titles'));
    for (let i = 0; i < 8; i++) {
      store.saveMessages([message(`s${i}u`, 'c3', 5000 + i, `segment ${i} 分段索引`)]);
    }
    const searchAll = () =>
      ['segment', '分段', 'streaming', 'café'].map((query) => store.search(query));
    const before = searchAll();
    let steps = 0;
    while (store.tidyIndexes()) steps += 1;
    expect(steps).toBeGreaterThan(0);
    expect(store.tidyIndexes()).toBe(false);
    expect(searchAll()).toEqual(before);
    expect(store.verify().ok).toBe(true);
  });

  it('marks streaming messages interrupted unless main still runs their stream', () => {
    store.saveConversation(conversation('c', 0));
    store.saveMessages([
      { ...message('live', 'c', 1, 'partial'), status: 'streaming' },
      { ...message('lost', 'c', 2, 'partial'), status: 'streaming' },
    ]);
    expect(store.markInterrupted(['live'])).toEqual(['lost']);
    expect(store.listMessages('c').messages.map((m) => m.status)).toEqual([
      'streaming',
      'interrupted',
    ]);
  });

  it('round-trips a backup exactly, twice without duplicates, and a corrupt one imports nothing', async () => {
    seed();
    store.renameConversation('c1', 'Renamed');
    store.setPinned('c2', true);
    store.saveMessages([
      {
        ...message('u1', 'c1', 9000, 'with usage'),
        usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 },
        error: { code: 'network', message: 'lost' },
        status: 'error',
      },
    ]);
    const backup = store.exportBackup();
    const other = createHistoryStore(await openMemoryDatabase(), {
      parsers: importParsers,
      now: () => 42,
    });
    expect(other.importBackup(backup)).toEqual({ conversations: 2, messages: 11, skipped: [] });
    other.importBackup(backup);
    expect(other.exportBackup()).toBe(backup);
    expect(other.search('中文').length).toBe(store.search('中文').length);
    const before = other.exportBackup();
    const broken = JSON.parse(backup) as {
      conversations: Array<{ messages: Array<{ role: string }> }>;
    };
    const last = broken.conversations[1]?.messages[0];
    if (last) last.role = 'robot';
    expect(() => other.importBackup(JSON.stringify(broken))).toThrow(
      /conversations\[1\]\.messages\[0\]\.role/,
    );
    expect(() => other.importBackup(backup.slice(0, backup.length / 2))).toThrow(/not valid JSON/);
    expect(other.exportBackup()).toBe(before);
  });

  it('imports a large batch through the rebuild path with the same search answers', () => {
    store.saveConversation(conversation('seed', 0));
    const bundle = {
      format: 'runnel-history-backup',
      version: 2,
      exportedAt: 1,
      conversations: Array.from({ length: 30 }, (_, c) => ({
        ...conversation(`b${c}`, c),
        messages: Array.from({ length: 80 }, (_, m) => {
          const { conversationId: _drop, ...rest } = message(
            `b${c}-${m}`,
            `b${c}`,
            c * 100 + m,
            `${texts[m % texts.length] ?? ''} n${c}x${m}`,
          );
          return rest;
        }),
      })),
    };
    expect(store.importBackup(JSON.stringify(bundle)).messages).toBe(2400);
    expect(store.search('n7x3').map((h) => h.messageId)).toEqual(['b7-3']);
    expect(store.search('中文搜索', { limit: 500 }).length).toBe(240);
    store.saveMessages([message('after', 'seed', 1, 'triggers are back')]);
    expect(store.search('triggers').map((h) => h.messageId)).toEqual(['after']);
  });

  it('imports messages of the same millisecond in order, into an empty store or next to stored ones', () => {
    /** [id, parent] pairs, all of one millisecond. */
    const backupOf = (links: Array<[string, string | null]>, at: number): string =>
      JSON.stringify({
        format: 'runnel-history-backup',
        version: 2,
        exportedAt: 1,
        conversations: [
          {
            ...conversation('same', 1),
            messages: links.map(([id, parentId]) => {
              const { conversationId: _drop, ...rest } = record(
                id,
                'same',
                at,
                `tie ${id}`,
                parentId,
              );
              return rest;
            }),
          },
        ],
      });
    store.importBackup(
      backupOf(
        [
          ['t1', null],
          ['t2', 't1'],
          ['t3', 't2'],
        ],
        500,
      ),
    );
    store.saveMessages([record('t4', 'same', 500, 'tie t4', 't3')]);
    store.importBackup(
      backupOf(
        [
          ['t1', null],
          ['t5', 't4'],
          ['t6', 't5'],
        ],
        500,
      ),
    );
    expect(store.listMessages('same').messages.map((m) => m.id)).toEqual([
      't1',
      't2',
      't3',
      't4',
      't5',
      't6',
    ]);
    expect(store.search('tie', { limit: 10 }).map((h) => h.messageId)).toEqual([
      't6',
      't5',
      't4',
      't3',
      't2',
      't1',
    ]);
  });

  it('exports a conversation to Markdown', () => {
    seed();
    const markdown = store.exportMarkdown('c1');
    expect(markdown).toMatch(/^# Streaming in Node\n/);
    expect(markdown).toContain('## You\n\nHow do I stream server-sent events in Node?');
    expect(() => store.exportMarkdown('missing')).toThrow(/no conversation/);
  });
});

describe('migrations', () => {
  it('brings a version 1 database with data to the latest, indexing what was there', async () => {
    const db = await openMemoryDatabase(1);
    db.exec(`
      INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c', '旧的对话 old talk', 1, 2);
      INSERT INTO messages (id, conversation_id, role, content, status, created_at, updated_at)
        VALUES ('m', 'c', 'user', '迁移之前的消息 before migration', 'complete', 1, 1);
    `);
    expect(migrate(db)).toBe(latestVersion);
    const store = createHistoryStore(db, { parsers: importParsers });
    expect(store.search('迁移').map((h) => h.messageId)).toEqual(['m']);
    expect(store.search('migration').map((h) => h.messageId)).toEqual(['m']);
    expect(store.search('对话').map((h) => h.conversationId)).toEqual(['c']);
    expect(store.listMessages('c').messages[0]?.content).toBe('迁移之前的消息 before migration');
  });

  it('makes every conversation of a version 4 database a chain, search intact', async () => {
    const db = await openMemoryDatabase(4);
    db.exec(`
      INSERT INTO conversations (id, title, created_at, updated_at) VALUES
        ('c1', 'first', 1, 9), ('c2', 'second', 1, 9);
      INSERT INTO messages (id, conversation_id, role, content, status, created_at, updated_at) VALUES
        ('q2', 'c1', 'user', 'second question', 'complete', 30, 30),
        ('q1', 'c1', 'user', 'first question', 'complete', 10, 10),
        ('a1', 'c1', 'assistant', 'first answer', 'complete', 20, 20),
        ('t1', 'c1', 'user', 'same millisecond one', 'complete', 40, 40),
        ('t2', 'c1', 'user', 'same millisecond two', 'complete', 40, 40),
        ('x1', 'c2', 'user', 'another conversation', 'complete', 15, 15);
    `);
    expect(migrate(db)).toBe(latestVersion);
    const store = createHistoryStore(db, { parsers: importParsers });
    const links = (id: string) =>
      store.listMessages(id).messages.map((m) => [m.id, m.parentId] as const);
    expect(links('c1')).toEqual([
      ['q1', null],
      ['a1', 'q1'],
      ['q2', 'a1'],
      ['t1', 'q2'],
      ['t2', 't1'],
    ]);
    expect(links('c2')).toEqual([['x1', null]]);
    expect(
      store
        .search('millisecond')
        .map((h) => h.messageId)
        .sort(),
    ).toEqual(['t1', 't2']);
    expect(store.verify()).toEqual({ ok: true, problems: [] });
  });

  it('moves a version 2 index to prefixes of 1 and 3 characters, keeping every answer', async () => {
    const db = await openMemoryDatabase(2);
    db.exec(`
      INSERT INTO conversations (id, title, title_cjk, created_at, updated_at)
        VALUES ('c', '我的 talk', cjk_segments('我的 talk'), 1, 2);
      INSERT INTO messages (id, conversation_id, role, content, content_cjk, status, created_at, updated_at)
        VALUES ('m', 'c', 'user', '我喜欢中文 streaming', cjk_segments('我喜欢中文 streaming'), 'complete', 1, 1);
    `);
    expect(migrate(db, 3)).toBe(3);
    const schema = String(
      db.selectValue("SELECT sql FROM sqlite_schema WHERE name = 'messages_fts'"),
    );
    expect(schema).toContain("prefix = '1 3'");
    expect(migrate(db)).toBe(latestVersion);
    const store = createHistoryStore(db, { parsers: importParsers });
    for (const query of ['喜', '中文', '喜欢中', 'streaming', 'st*', 's*', 'str*']) {
      expect(store.search(query).map((h) => h.messageId)).toEqual(['m']);
    }
    expect(store.search('我').map((h) => h.messageId ?? h.conversationId)).toEqual(['c', 'm']);
    // The bulk rebuild's settings are not left behind for everyday writes.
    for (const table of ['messages_fts', 'messages_cjk_fts']) {
      expect(
        db.selectArrays(`SELECT k, v FROM ${table}_config WHERE k <> 'version' ORDER BY k`),
      ).toEqual([
        ['automerge', 4],
        ['crisismerge', 64],
        ['hashsize', 1048576],
      ]);
    }
    expect(store.verify()).toEqual({ ok: true, problems: [] });
  });

  it('splits a version 3 index into words and CJK tables, keeping every answer', async () => {
    const db = await openMemoryDatabase(3);
    const contents = [
      '用React开发桌面应用 and stream',
      '中foo bar中 and foo中bar',
      '我喜欢中文 streaming',
      'plain words only',
      'only foo中bar here',
    ];
    db.exec(`INSERT INTO conversations (id, title, title_cjk, created_at, updated_at)
               VALUES ('c', 'talk', '', 1, 2)`);
    contents.forEach((content, i) => {
      db.exec({
        sql: `INSERT INTO messages (id, conversation_id, role, content, content_cjk, status, created_at,
                                    updated_at)
              VALUES (?, 'c', 'user', ?, cjk_segments(?), 'complete', ?, ?)`,
        bind: [`m${i}`, content, content, i + 1, i + 1],
      });
    });
    expect(migrate(db, 4)).toBe(4);
    expect(db.selectValue("SELECT content_words FROM messages WHERE id = 'm1'")).toBe(
      'foo bar \u3006 foo \u3006 bar',
    );
    expect(
      String(db.selectValue("SELECT sql FROM sqlite_schema WHERE name = 'messages_fts'")),
    ).toContain("prefix = '1 3'");
    expect(
      String(db.selectValue("SELECT sql FROM sqlite_schema WHERE name = 'messages_cjk_fts'")),
    ).toContain("prefix = '1'");
    const store = createHistoryStore(db, { parsers: importParsers });
    const queries = [
      'react',
      'react*',
      '开发',
      'react 开发',
      '"foo bar"',
      'foo bar',
      'stream*',
      '中',
    ];
    for (const query of queries) {
      const terms = parseQuery(query);
      const expected = contents
        .map((content, i) => ({ id: `m${i}`, content }))
        .filter(({ content }) => scanMatches(prepareForScan(content), terms))
        .map(({ id }) => id)
        .sort();
      const got = store
        .search(query)
        .flatMap((hit) => (hit.messageId ? [hit.messageId] : []))
        .sort();
      expect(got, query).toEqual(expected);
    }
    expect(store.verify()).toEqual({ ok: true, problems: [] });
  });

  it('refuses a database from a newer app', async () => {
    const db = await openMemoryDatabase();
    db.exec(`PRAGMA user_version = ${latestVersion + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this app knows/);
  });
});
