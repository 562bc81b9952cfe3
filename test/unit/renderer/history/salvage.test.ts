/**
 * Salvage from real damaged files: a history made by the store in sqlite-wasm (64 KiB pages, as the
 * worker makes it), serialized to bytes, damaged where a disk or a crash damages a file (the header,
 * table pages in the middle, a table's root), then opened and copied out as the worker does.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { Database } from '@sqlite.org/sqlite-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backup } from '../../../../renderer/src/history/backup';
import { openDamagedCopy } from '../../../../renderer/src/history/damaged-database';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import { migrate } from '../../../../renderer/src/history/migrations';
import { sha256Hex } from '../../../../renderer/src/history/attachment-hash';
import { salvageInto } from '../../../../renderer/src/history/salvage';
import { generateHistory } from '../../../history-e2e/generate-history';

type Sqlite3 = Awaited<ReturnType<typeof sqlite3InitModule>>;
let sqlite3: Sqlite3;
let original: Uint8Array;
let originalBackup: Backup['conversations'];
const pageSize = 65536;

const freshDatabase = (): Database => {
  const db = new sqlite3.oo1.DB(':memory:');
  db.exec(`PRAGMA page_size = ${pageSize}; PRAGMA foreign_keys = ON;`);
  migrate(db);
  return db;
};
const storeOver = (db: Database) =>
  createHistoryStore(db, { parsers: importParsers, now: () => 1 });
const conversationsOf = (db: Database): Backup['conversations'] =>
  (JSON.parse(storeOver(db).exportBackup()) as Backup).conversations;

beforeAll(async () => {
  sqlite3 = await sqlite3InitModule();
  const db = freshDatabase();
  const history = generateHistory({
    conversations: 30,
    messages: 3000,
    longConversation: 600,
    seed: 11,
    averageChars: 300,
  });
  storeOver(db).importBackup(JSON.stringify(history.backup));
  originalBackup = conversationsOf(db);
  original = sqlite3.capi.sqlite3_js_db_export(db);
  db.close();
});

/** The pages of `name` of the given kind, in the original file. */
const pagesOf = (name: string, kind: 'leaf' | 'internal' | 'overflow'): number[] => {
  const db = openDamagedCopy(sqlite3, original);
  if (!db) throw new Error('the original does not open');
  try {
    return db
      .selectValues('SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno', [
        name,
        kind,
      ])
      .map(Number);
  } finally {
    db.close();
  }
};
const rootOf = (name: string): number => {
  const db = openDamagedCopy(sqlite3, original);
  if (!db) throw new Error('the original does not open');
  try {
    return Number(db.selectValue('SELECT rootpage FROM sqlite_schema WHERE name = ?', [name]));
  } finally {
    db.close();
  }
};

/** A copy of the original with pages (1-based) overwritten by bytes that are no b-tree page. */
const withDamagedPages = (pages: number[]): Uint8Array => {
  const bytes = original.slice();
  for (const page of pages) bytes.fill(0xa5, (page - 1) * pageSize, page * pageSize);
  return bytes;
};

const salvage = (bytes: Uint8Array) => {
  const damaged = openDamagedCopy(sqlite3, bytes);
  if (!damaged) throw new Error('nothing of the damaged file reads');
  const target = freshDatabase();
  try {
    return { report: salvageInto(damaged, target), target };
  } finally {
    damaged.close();
  }
};

/** Every salvaged message is the original message, unchanged. */
const expectOnlyOriginals = (target: Database): void => {
  const originals = new Map(
    originalBackup.flatMap((c) => c.messages).map((m) => [m.id, JSON.stringify(m)]),
  );
  for (const conversation of conversationsOf(target)) {
    for (const message of conversation.messages)
      expect(JSON.stringify(message)).toBe(originals.get(message.id));
  }
};

describe('salvage from a damaged history', () => {
  it('the original is what the store made: 64 KiB pages, messages over several leaves', () => {
    expect(original.byteLength % pageSize).toBe(0);
    expect(pagesOf('messages', 'leaf').length).toBeGreaterThan(4);
  });

  it('a damaged header: SQLite refuses the file, and every row comes back', () => {
    const bytes = original.slice();
    bytes.fill(0xff, 0, 100);
    const refused = new sqlite3.oo1.DB(':memory:');
    const pointer = sqlite3.wasm.allocFromTypedArray(bytes);
    sqlite3.capi.sqlite3_deserialize(
      refused.pointer as number,
      'main',
      pointer,
      bytes.length,
      bytes.length,
      1,
    );
    expect(() => refused.exec('SELECT count(*) FROM messages')).toThrow(/not a database/);
    refused.close();

    const { report, target } = salvage(bytes);
    expect(report).toEqual({
      conversations: { recovered: 30, expected: 30 },
      messages: { recovered: 3000, expected: 3000 },
      placeholders: 0,
      // The shipped ones, copied from the file as they were.
      assistants: 4,
    });
    expect(conversationsOf(target)).toEqual(originalBackup);
    expect(storeOver(target).verify()).toEqual({ ok: true, problems: [] });
  });

  it('damaged message pages in the middle: the rest comes back, searchable, and the loss is counted', () => {
    const leaves = pagesOf('messages', 'leaf');
    const middle = Math.floor(leaves.length / 2);
    const lost = leaves.slice(middle, middle + 2);
    const { report, target } = salvage(withDamagedPages(lost));
    expect(report.messages.expected).toBe(3000);
    expect(report.messages.recovered).toBeLessThan(3000);
    expect(report.messages.recovered).toBeGreaterThan(2000);
    expect(report.conversations).toEqual({ recovered: 30, expected: 30 });
    const store = storeOver(target);
    expect(store.stats().messages).toBe(report.messages.recovered);
    expect(store.verify()).toEqual({ ok: true, problems: [] });
    expectOnlyOriginals(target);
    // The indexes were rebuilt from what came back: a word of a recovered message finds it.
    const kept = conversationsOf(target)
      .flatMap((c) => c.messages)
      .find((m) => /\b[a-z]{7,}\b/.test(m.content));
    const word = kept?.content.match(/\b[a-z]{7,}\b/)?.[0] ?? '';
    const hits = store.search(`"${word}"`, { limit: 500 });
    expect(hits.some((hit) => hit.messageId === kept?.id)).toBe(true);
    // And the store takes new writes.
    const { messages: _messages, ...first } = conversationsOf(target)[0]!;
    store.saveConversation({ ...first, title: 'after repair' });
    expect(store.getConversation(first.id)?.title).toBe('after repair');
  });

  it('a lost conversations table keeps its messages under placeholder conversations', () => {
    const { report, target } = salvage(withDamagedPages([rootOf('conversations')]));
    expect(report.conversations.recovered).toBe(0);
    expect(report.conversations.expected).toBe(30);
    expect(report.messages.recovered).toBe(3000);
    expect(report.placeholders).toBe(30);
    const titles = new Set(conversationsOf(target).map((c) => c.title));
    expect([...titles]).toEqual(['Recovered conversation']);
    expect(storeOver(target).verify()).toEqual({ ok: true, problems: [] });
  });

  it('a damaged interior page loses only the leaves under it', () => {
    const interior = pagesOf('messages', 'internal').filter((page) => page !== rootOf('messages'));
    const damaged = interior.length ? interior.slice(0, 1) : [rootOf('messages')];
    const { report, target } = salvage(withDamagedPages(damaged));
    expect(report.messages.expected).toBe(3000);
    expect(report.messages.recovered).toBeLessThan(3000);
    expectOnlyOriginals(target);
  });

  it('bytes with no readable schema are not a history to salvage', () => {
    expect(openDamagedCopy(sqlite3, new Uint8Array(4 * pageSize).fill(7))).toBeNull();
    expect(openDamagedCopy(sqlite3, new Uint8Array(10))).toBeNull();
  });
});

describe('salvage keeps the assistants', () => {
  it('copies the person’s assistants over the shipped ones, edits and deletes as they were', () => {
    const source = freshDatabase();
    const store = storeOver(source);
    const [translator] = store.listAssistants();
    if (!translator) throw new Error('no shipped assistants');
    store.saveAssistants([
      { ...translator, name: 'Translator (French)', updatedAt: 5 },
      {
        ...translator,
        id: 'mine',
        name: 'Tutor',
        builtinId: null,
        openingMessages: [{ role: 'assistant', content: 'Hello!' }],
        createdAt: 5,
        updatedAt: 5,
      },
    ]);
    store.deleteAssistant('builtin-explainer');
    store.setQuickAskAssistant('mine');
    const target = freshDatabase();
    expect(salvageInto(source, target).assistants).toBe(4);
    expect(storeOver(target).listAssistants()).toEqual(store.listAssistants());
  });

  it('keeps the shipped ones when the damaged file is from before assistants', () => {
    const source = new sqlite3.oo1.DB(':memory:');
    migrate(source, 7);
    const target = freshDatabase();
    const shipped = storeOver(target).listAssistants();
    expect(salvageInto(source, target).assistants).toBe(0);
    expect(storeOver(target).listAssistants()).toEqual(shipped);
  });
});

describe('salvage keeps the attachments', () => {
  it('copies the files of the messages that come back, lists and search text included', async () => {
    const source = freshDatabase();
    const store = storeOver(source);
    const bytes = new TextEncoder().encode('Tide tables for the estuary, spring 2026.');
    const hash = await sha256Hex(bytes);
    store.putAttachment({ bytes, mime: 'text/plain', hash, text: 'Tide tables for the estuary' });
    store.saveConversation({
      id: 'files',
      title: 'Files',
      createdAt: 1,
      updatedAt: 1,
      pinned: false,
      model: null,
      providerId: null,
      tags: [],
      currentLeafId: null,
    });
    const ref = {
      hash,
      kind: 'text' as const,
      name: 'tides.txt',
      mime: 'text/plain',
      size: bytes.length,
    };
    store.saveMessages([
      {
        id: 'q',
        conversationId: 'files',
        parentId: null,
        role: 'user',
        content: 'When is high water?',
        reasoning: '',
        status: 'complete',
        finishReason: null,
        usage: null,
        error: null,
        createdAt: 2,
        updatedAt: 2,
        attachments: [ref],
      },
    ]);
    const target = freshDatabase();
    expect(salvageInto(source, target).attachments).toBe(1);
    const salvaged = storeOver(target);
    expect(salvaged.listMessages('files').messages[0]?.attachments).toEqual([ref]);
    expect(Array.from(salvaged.readAttachment(hash)?.bytes ?? [])).toEqual(Array.from(bytes));
    expect(salvaged.search('estuary')[0]?.attachmentName).toBe('tides.txt');
    expect(salvaged.verify()).toEqual({ ok: true, problems: [] });
  });
});

describe('salvage keeps what later schemas added', () => {
  it('copies the branch shown, the model and parameters, refusals and tool calls, by id', () => {
    const source = freshDatabase();
    storeOver(source).importBackup(
      JSON.stringify(
        generateHistory({ conversations: 2, messages: 10, longConversation: 6, seed: 3 }).backup,
      ),
    );
    const [conversation] = source.selectValues('SELECT id FROM conversations ORDER BY id LIMIT 1');
    const [leaf] = source.selectValues(
      'SELECT id FROM messages WHERE conversation_id = ? ORDER BY created_at DESC LIMIT 1',
      [conversation ?? ''],
    );
    source.exec({
      sql: `UPDATE conversations SET current_leaf_id = ?, parameters = '{"temperature":0.3}' WHERE id = ?`,
      bind: [leaf ?? null, conversation ?? ''],
    });
    source.exec({
      sql: `UPDATE messages SET model = 'river-small', provider_id = 'p1',
              dropped_parameters = '[{"parameter":"seed","reason":"refused"}]',
              tool_activity = '{"calls":[]}' WHERE id = ?`,
      bind: [leaf ?? ''],
    });
    const target = freshDatabase();
    salvageInto(source, target);
    expect(
      target.selectArrays('SELECT current_leaf_id, parameters FROM conversations WHERE id = ?', [
        conversation ?? '',
      ]),
    ).toEqual([[leaf, '{"temperature":0.3}']]);
    expect(
      target.selectArrays(
        'SELECT model, provider_id, dropped_parameters, tool_activity FROM messages WHERE id = ?',
        [leaf ?? ''],
      ),
    ).toEqual([['river-small', 'p1', '[{"parameter":"seed","reason":"refused"}]', '{"calls":[]}']]);
  });
});
