import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@sqlite.org/sqlite-wasm';
import { sha256Hex } from '../../../../renderer/src/history/attachment-hash';
import { backupVersion } from '../../../../renderer/src/history/backup-format';
import type { HistoryStore } from '../../../../renderer/src/history/history-store';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import { migrate } from '../../../../renderer/src/history/migrations';
import { unlistedAttachmentTtlMs } from '../../../../renderer/src/history/store-attachments';
import type {
  AttachmentRef,
  ConversationRecord,
  MessageRecord,
} from '../../../../renderer/src/history/types';
import { openMemoryDatabase } from './sqlite-memory';

const conversation = (id: string, at = 1_000): ConversationRecord => ({
  id,
  title: `Conversation ${id}`,
  createdAt: at,
  updatedAt: at,
  pinned: false,
  model: null,
  providerId: null,
  tags: [],
  currentLeafId: null,
});

const message = (
  id: string,
  conversationId: string,
  at: number,
  attachments?: AttachmentRef[],
  parentId: string | null = null,
): MessageRecord => ({
  id,
  conversationId,
  parentId,
  role: 'user',
  content: `message ${id}`,
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: at,
  updatedAt: at,
  ...(attachments ? { attachments } : {}),
});

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Puts bytes as the window's worker does: hashed first, then stored under that hash. */
const put = async (store: HistoryStore, bytes: Uint8Array, mime: string, text?: string) =>
  store.putAttachment({ bytes, mime, hash: await sha256Hex(bytes), ...(text ? { text } : {}) });

const imageRef = (hash: string, name = 'photo.png'): AttachmentRef => ({
  hash,
  kind: 'image',
  name,
  mime: 'image/png',
  size: 4,
  width: 640,
  height: 480,
});

const count = (db: Database, table: string): number =>
  Number(db.selectValue(`SELECT count(*) FROM ${table}`));

let db: Database;
let store: HistoryStore;
let clock: number;

beforeEach(async () => {
  db = await openMemoryDatabase();
  clock = 10_000;
  store = createHistoryStore(db, { parsers: importParsers, now: () => clock });
  store.saveConversation(conversation('c1'));
});

describe('schema 9', () => {
  it('migrates a version 8 database with messages in it, which keep no attachments', async () => {
    const old = await openMemoryDatabase(8);
    const oldStore = createHistoryStore(old, { parsers: importParsers });
    oldStore.saveConversation(conversation('c1'));
    old.exec(`INSERT INTO messages (id, conversation_id, role, content, status, created_at, updated_at)
              VALUES ('m1', 'c1', 'user', 'before attachments', 'complete', 1, 1)`);
    expect(migrate(old, 9)).toBe(9);
    // The store reads the latest shape (schema 10 added a column to messages).
    migrate(old);
    const migrated = createHistoryStore(old, { parsers: importParsers });
    const { messages } = migrated.listMessages('c1');
    expect(messages.map((m) => [m.id, m.content, m.attachments])).toEqual([
      ['m1', 'before attachments', undefined],
    ]);
    const hash = await put(migrated, bytesOf('png!'), 'image/png');
    migrated.saveMessages([{ ...messages[0]!, attachments: [imageRef(hash)] }]);
    expect(migrated.listMessages('c1').messages[0]?.attachments).toEqual([imageRef(hash)]);
  });
});

describe('putAttachment and readAttachment', () => {
  it('stores the same bytes once, under their SHA-256', async () => {
    const bytes = bytesOf('the same screenshot');
    const first = await put(store, bytes, 'image/png');
    const second = await put(store, bytes.slice(), 'image/png');
    expect(first).toBe(second);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(count(db, 'attachments')).toBe(1);
    const read = store.readAttachment(first);
    expect(read?.mime).toBe('image/png');
    expect(Array.from(read?.bytes ?? [])).toEqual(Array.from(bytes));
  });

  it('refuses bytes that reach the store without their hash, in words', () => {
    expect(() => store.putAttachment({ bytes: bytesOf('x'), mime: 'text/plain' })).toThrow(
      /could not be stored.*SHA-256/,
    );
  });

  it('answers null for bytes it does not hold', () => {
    expect(store.readAttachment('0'.repeat(64))).toBeNull();
  });
});

describe('message lists', () => {
  it('reads each message with its files in order, and one without none', async () => {
    const a = await put(store, bytesOf('aaaa'), 'image/png');
    const b = await put(store, bytesOf('bbbb'), 'text/plain', 'notes');
    const refs = [imageRef(a, 'first.png'), { ...imageRef(b, 'notes.txt'), kind: 'text' as const }];
    store.saveMessages([message('m1', 'c1', 1, refs), message('m2', 'c1', 2, undefined, 'm1')]);
    const { messages } = store.listMessages('c1');
    expect(messages[0]?.attachments).toEqual(refs);
    expect(messages[1]).not.toHaveProperty('attachments');
  });

  it('keeps a list when a message is saved again without the field, replaces it when set', async () => {
    const a = await put(store, bytesOf('aaaa'), 'image/png');
    const b = await put(store, bytesOf('bbbb'), 'image/png');
    store.saveMessages([message('m1', 'c1', 1, [imageRef(a), imageRef(b)])]);
    store.saveMessages([message('m1', 'c1', 1)]);
    expect(store.listMessages('c1').messages[0]?.attachments).toHaveLength(2);
    store.saveMessages([message('m1', 'c1', 1, [imageRef(b)])]);
    expect(store.listMessages('c1').messages[0]?.attachments).toEqual([imageRef(b)]);
    // `a` was listed by nothing else, so it went with its link.
    expect(store.readAttachment(a)).toBeNull();
    store.saveMessages([message('m1', 'c1', 1, [])]);
    expect(store.listMessages('c1').messages[0]).not.toHaveProperty('attachments');
    expect(count(db, 'attachments')).toBe(0);
  });

  it('refuses a message that lists bytes it does not hold, naming the file', () => {
    expect(() =>
      store.saveMessages([message('m1', 'c1', 1, [imageRef('a'.repeat(64), 'lost.png')])]),
    ).toThrow(/“lost.png”.*not saved.*Attach the file again/);
    expect(store.listMessages('c1').messages).toEqual([]);
  });
});

describe('removal when nothing lists the bytes any more', () => {
  it('keeps shared bytes until the last message listing them is deleted', async () => {
    const shared = await put(store, bytesOf('shared'), 'image/png');
    store.saveConversation(conversation('c2'));
    store.saveMessages([
      message('m1', 'c1', 1, [imageRef(shared)]),
      message('m2', 'c2', 2, [imageRef(shared)]),
    ]);
    store.deleteMessages(['m1']);
    expect(store.readAttachment(shared)).not.toBeNull();
    store.deleteConversation('c2');
    expect(store.readAttachment(shared)).toBeNull();
    expect(count(db, 'message_attachments')).toBe(0);
  });

  it('removes the bytes of a conversation deleted with its messages', async () => {
    const a = await put(store, bytesOf('in c1 only'), 'image/png');
    store.saveMessages([message('m1', 'c1', 1, [imageRef(a)])]);
    store.deleteConversation('c1');
    expect(count(db, 'attachments')).toBe(0);
  });

  it('removes bytes no message listed a day after they were put, not before', async () => {
    const listed = await put(store, bytesOf('sent'), 'image/png');
    store.saveMessages([message('m1', 'c1', 1, [imageRef(listed)])]);
    const unsent = await put(store, bytesOf('composer closed'), 'image/png');
    clock += unlistedAttachmentTtlMs - 1;
    store.tidyIndexes();
    expect(store.readAttachment(unsent)).not.toBeNull();
    const later = createHistoryStore(db, {
      parsers: importParsers,
      now: () => clock + 2,
    });
    later.tidyIndexes();
    expect(later.readAttachment(unsent)).toBeNull();
    expect(later.readAttachment(listed)).not.toBeNull();
  });
});

describe('search in attached files', () => {
  it('finds the text of an attached file and names the file in the hit', async () => {
    const text = await put(
      store,
      bytesOf('x'),
      'text/plain',
      'quarterly figures for the zeppelin fleet',
    );
    store.saveMessages([
      message('m1', 'c1', 1, [
        { ...imageRef(text, 'report.txt'), kind: 'text', mime: 'text/plain' },
      ]),
    ]);
    const hits = store.search('zeppelin');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ messageId: 'm1', attachmentName: 'report.txt' });
    expect(hits[0]?.snippet).toContain('zeppelin');
    const [start, end] = hits[0]?.highlights[0] ?? [0, 0];
    expect(hits[0]?.snippet.slice(start, end)).toBe('zeppelin');
  });

  it('finds CJK text of a PDF as it finds CJK in messages', async () => {
    const pdf = await put(
      store,
      bytesOf('%PDF'),
      'application/pdf',
      '--- Page 1 of 1 ---\n東京の天気予報',
    );
    store.saveMessages([
      message('m1', 'c1', 1, [
        { hash: pdf, kind: 'pdf', name: '天気.pdf', mime: 'application/pdf', size: 4, pages: 1 },
      ]),
    ]);
    const hits = store.search('天気');
    expect(hits.map((hit) => [hit.messageId, hit.attachmentName])).toEqual([['m1', '天気.pdf']]);
    expect(hits[0]?.snippet).toContain('天気');
  });

  it('gives one hit per message when its own text matches as well', async () => {
    const text = await put(store, bytesOf('y'), 'text/plain', 'message is here too');
    store.saveMessages([message('m1', 'c1', 1, [{ ...imageRef(text, 'a.txt'), kind: 'text' }])]);
    const hits = store.search('message');
    expect(hits.filter((hit) => hit.messageId === 'm1')).toHaveLength(1);
    expect(hits[0]).not.toHaveProperty('attachmentName');
  });
});

describe('backup with attachments', () => {
  it("round-trips exactly, each file's bytes once however many messages list it", async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const image = await put(store, bytes, 'image/png');
    const text = await put(store, bytesOf('hello'), 'text/plain', 'hello file');
    store.saveConversation(conversation('c2', 2_000));
    store.saveMessages([
      message('m1', 'c1', 1, [imageRef(image), { ...imageRef(text, 'hello.txt'), kind: 'text' }]),
      message('m2', 'c2', 2, [imageRef(image, 'again.png')]),
      message('m3', 'c2', 3, undefined, 'm2'),
    ]);
    const exported = store.exportBackup();
    const parsed = JSON.parse(exported) as { version: number; attachments: unknown[] };
    expect(parsed.version).toBe(backupVersion);
    expect(parsed.attachments).toHaveLength(2);

    const other = createHistoryStore(await openMemoryDatabase(), {
      parsers: importParsers,
      now: () => clock,
    });
    other.importBackup(exported);
    expect(other.exportBackup()).toBe(exported);
    expect(Array.from(other.readAttachment(image)?.bytes ?? [])).toEqual(Array.from(bytes));
    expect(other.search('file')[0]?.attachmentName).toBe('hello.txt');
    // Importing it again doubles nothing.
    other.importBackup(exported);
    expect(other.exportBackup()).toBe(exported);
  });

  it('writes the same text as a Blob, a piece at a time', async () => {
    const image = await put(store, new Uint8Array(5_000_000).fill(7), 'image/png');
    store.saveMessages([message('m1', 'c1', 1, [imageRef(image)])]);
    const blob = store.exportBackupFile();
    expect(blob.type).toBe('application/json');
    expect(await blob.text()).toBe(store.exportBackup());
  });

  it('refuses a backup whose message lists a file it does not hold, importing nothing', async () => {
    const image = await put(store, bytesOf('img'), 'image/png');
    store.saveMessages([message('m1', 'c1', 1, [imageRef(image, 'holiday.png')])]);
    const backup = JSON.parse(store.exportBackup()) as { attachments?: unknown[] };
    delete backup.attachments;
    const other = createHistoryStore(await openMemoryDatabase(), { parsers: importParsers });
    expect(() => other.importBackup(JSON.stringify(backup))).toThrow(
      /damaged: conversations\[0\] lists the file “holiday.png”, whose bytes are not in the backup\. Nothing was imported\./,
    );
    expect(other.listConversations()).toEqual([]);
  });

  it('imports a version 2 backup, which has no attachments', async () => {
    const v2 = JSON.stringify({
      format: 'runnel-history-backup',
      version: 2,
      exportedAt: 1,
      conversations: [
        {
          ...conversation('old'),
          messages: [{ ...message('o1', 'old', 1), conversationId: undefined }],
        },
      ],
    });
    const other = createHistoryStore(await openMemoryDatabase(), { parsers: importParsers });
    other.importBackup(v2);
    expect(other.listMessages('old').messages.map((m) => m.content)).toEqual(['message o1']);
  });
});
