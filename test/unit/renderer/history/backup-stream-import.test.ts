/**
 * The streamed backup import (backup-stream-import.ts) through the real store's import session over
 * in-memory sqlite-wasm: every backup lands exactly as the one-call import of the same text lands
 * (version 1, trees, files, assistants, into an empty store and a used one), read in chunks that cut
 * anywhere; a damaged conversation is named and skipped; a file that is no backup, is cut off or lacks
 * a file's bytes imports nothing and says why; Cancel leaves history as it was.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { importBackupStream } from '../../../../renderer/src/history/backup-stream-import';
import type { ImportSessionCalls } from '../../../../renderer/src/history/chatgpt-stream-import';
import type { HistoryStore } from '../../../../renderer/src/history/history-store';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import type { ImportProgress } from '../../../../renderer/src/history/types';
import { refusalOf } from './refusal';
import { openMemoryDatabase } from './sqlite-memory';

const fixture = (path: string): string =>
  readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8');
const v1Backup = fixture('backup/runnel-backup-v1.json');
const chatGptSample = fixture('chatgpt/conversations.json');

/** The file as `pieces`-byte chunks, so every boundary (inside strings, escapes, UTF-8) is met. */
const fileOf = (text: string, pieces = 0): Blob => {
  const bytes = new TextEncoder().encode(text);
  if (pieces <= 0) return new Blob([bytes]);
  const parts: BlobPart[] = [];
  for (let at = 0; at < bytes.length; at += pieces) parts.push(bytes.slice(at, at + pieces));
  return new Blob(parts);
};

const newStore = async (): Promise<HistoryStore> =>
  createHistoryStore(await openMemoryDatabase(), { parsers: importParsers, now: () => 42 });

let store: HistoryStore;
beforeEach(async () => {
  store = await newStore();
});

const sessionOf = (target: HistoryStore): ImportSessionCalls => ({
  begin: async () => target.importSessionBegin(),
  write: async (session, part) => target.importSessionWrite(session, part),
  finish: async (session) => target.importSessionFinish(session),
  abort: async (session) => target.importSessionAbort(session),
});

const withoutTime = (target: HistoryStore): unknown => {
  const backup = JSON.parse(target.exportBackup()) as Record<string, unknown>;
  delete backup.exportedAt;
  return backup;
};

/** A history with branches, tool calls, files (one listed twice) and an assistant, exported. */
const richBackup = async (): Promise<string> => {
  const source = await newStore();
  source.importBackup(v1Backup);
  const image = source.putAttachment({
    hash: 'a'.repeat(64),
    bytes: new Uint8Array(50_000).map((_, i) => (i * 7) % 256),
    mime: 'image/png',
  });
  const text = source.putAttachment({
    hash: 'b'.repeat(64),
    bytes: new TextEncoder().encode('hello file'),
    mime: 'text/plain',
    text: 'hello file',
  });
  const at = 1_765_000_000_000;
  source.saveConversation({
    id: 'files',
    title: 'With files “ünïcödé” 递归',
    createdAt: at,
    updatedAt: at + 9,
    pinned: true,
    model: 'gpt-x',
    providerId: 'p',
    tags: ['a'],
    currentLeafId: 'f3',
  });
  const ref = (hash: string, name: string) => ({
    hash,
    kind: 'image' as const,
    name,
    mime: 'image/png',
    size: 10,
  });
  const message = (id: string, parentId: string | null, extra: object = {}) => ({
    id,
    conversationId: 'files',
    parentId,
    role: 'user' as const,
    content: `text of ${id} "quoted" \\ \u0001 😀`,
    reasoning: '',
    status: 'complete' as const,
    finishReason: null,
    usage: null,
    error: null,
    createdAt: at + id.length,
    updatedAt: at + id.length,
    ...extra,
  });
  source.saveMessages([
    message('f1', null, { attachments: [ref(image, 'photo.png'), ref(text, 'hello.txt')] }),
    message('f2', 'f1', { role: 'assistant' }),
    message('f3', 'f1', { attachments: [ref(image, 'again.png')] }),
  ]);
  return source.exportBackup();
};

describe('the streamed backup import', () => {
  it('lands as the one-call import of the same text, in chunks that cut anywhere', async () => {
    const backup = await richBackup();
    for (const pieces of [0, 7, 4096]) {
      for (const before of [null, chatGptSample]) {
        const reference = await newStore();
        const streamed = await newStore();
        if (before) {
          reference.importChatGpt(before);
          streamed.importChatGpt(before);
        }
        const expected = reference.importBackup(backup);
        const summary = await importBackupStream(fileOf(backup, pieces), sessionOf(streamed), {
          batchChars: 1,
        });
        expect(summary).toEqual(expected);
        expect(withoutTime(streamed)).toEqual(withoutTime(reference));
        // Importing it again doubles nothing.
        await importBackupStream(fileOf(backup), sessionOf(streamed));
        expect(withoutTime(streamed)).toEqual(withoutTime(reference));
      }
    }
  });

  it('reads version 1 and 2 files, and a file that begins with a byte order mark', async () => {
    const reference = await newStore();
    reference.importBackup(v1Backup);
    await importBackupStream(fileOf(`\ufeff${v1Backup}`, 13), sessionOf(store));
    expect(withoutTime(store)).toEqual(withoutTime(reference));
    // A byte at a time, byte order mark and all.
    const again = await newStore();
    await importBackupStream(fileOf(`\ufeff${v1Backup}`, 1), sessionOf(again));
    expect(withoutTime(again)).toEqual(withoutTime(reference));
  });

  it('reports progress by conversation, with titles, ending on the whole count', async () => {
    const progress: ImportProgress[] = [];
    const summary = await importBackupStream(fileOf(v1Backup, 64), sessionOf(store), {
      onProgress: (p) => progress.push(p),
      progressEveryMs: 0,
    });
    expect(summary.conversations).toBeGreaterThan(1);
    expect(progress.map((p) => p.done)).toEqual(
      [...progress.map((p) => p.done)].sort((a, b) => a - b),
    );
    expect(progress.every((p) => p.done <= p.total)).toBe(true);
    expect(progress.at(-1)).toMatchObject({
      done: summary.conversations,
      total: summary.conversations,
      finishing: true,
    });
  });

  it('a damaged conversation is named by title and skipped; the rest imports', async () => {
    const backup = JSON.parse(v1Backup) as { conversations: Array<Record<string, unknown>> };
    const [first, second] = backup.conversations;
    (second?.messages as Array<Record<string, unknown>>)[0]!.role = 'wizard';
    const repeated = { ...first, title: 'A copy' };
    backup.conversations.push(repeated);
    const summary = await importBackupStream(fileOf(JSON.stringify(backup)), sessionOf(store));
    expect(summary.conversations).toBe(backup.conversations.length - 2);
    expect(summary.skipped).toEqual([
      {
        title: second?.title,
        id: second?.id,
        where: 'conversations[1]',
        reason: expect.stringContaining('conversations[1].messages[0].role'),
      },
      expect.objectContaining({ title: 'A copy', reason: expect.stringMatching(/repeats the id/) }),
    ]);
    expect(store.getConversation(String(second?.id))).toBeNull();
    expect(store.getConversation(String(first?.id))?.title).toBe(first?.title);
  });

  it('a conversation whose JSON is broken is named and skipped; reading goes on after it', async () => {
    const backup = JSON.parse(v1Backup) as { conversations: Array<Record<string, unknown>> };
    const texts = backup.conversations.map((c) => JSON.stringify(c));
    // A stray byte inside the second conversation: its brackets still close, its JSON does not parse.
    const broken = (texts[1] as string).replace('"messages":', '"messages":?');
    const head = v1Backup.slice(0, v1Backup.indexOf('"conversations"'));
    const file = `${head}"conversations":[${[texts[0], broken, ...texts.slice(2)].join(',')}]}`;
    const summary = await importBackupStream(fileOf(file, 33), sessionOf(store));
    expect(summary.conversations).toBe(texts.length - 1);
    expect(summary.skipped).toEqual([
      {
        title: backup.conversations[1]?.title,
        id: backup.conversations[1]?.id,
        where: 'conversations[1]',
        reason: expect.stringMatching(/^its text in the file is broken/),
      },
    ]);
  });

  describe('refused files import nothing and say why', () => {
    const refusal = async (text: string, pieces = 0): Promise<string> => {
      store.importChatGpt(chatGptSample);
      return refusalOf(store, 'invalid-backup', () =>
        importBackupStream(fileOf(text, pieces), sessionOf(store)),
      );
    };

    it('a truncated file, cut anywhere', async () => {
      for (const cut of [10, Math.round(v1Backup.length / 2), v1Backup.length - 3])
        expect(await refusal(v1Backup.slice(0, cut), 100)).toMatch(
          /not valid JSON .*it may be truncated/,
        );
    });

    it('bytes out of place between the parts', async () => {
      const head = v1Backup.slice(0, v1Backup.indexOf('"conversations"'));
      expect(await refusal(`${head}"conversations":[] x}`)).toMatch(
        /not valid JSON \(unexpected “x”/,
      );
      expect(await refusal(`${head}"conversations":[]} {}`)).toMatch(/not valid JSON/);
      expect(await refusal(`{"format" "x"}`)).toMatch(/not valid JSON/);
    });

    it('what the file is, when it is no backup', async () => {
      expect(await refusal('[]')).toMatch(/not a Runnel history backup: it holds a list/);
      expect(await refusal('"backup"')).toMatch(/holds a string/);
      expect(await refusal('null')).toMatch(/holds null/);
      expect(await refusal('7')).toMatch(/holds a number/);
      expect(await refusal('7', 1)).toMatch(/holds a number/);
      expect(
        await refusal(
          '{"format": "runnel-history-backup", "version": 3, "exportedAt": 1, "conversations": {}}',
        ),
      ).toMatch(/its "conversations" is not a list/);
      expect(await refusal('{"format": "something-else", "version": 1}')).toMatch(
        /holds an object with the keys "format", "version"/,
      );
      expect(
        await refusal('{"other": {"big": [1, 2, {"x": 3}]}, "conversations": [{"id": "c"}]}'),
      ).toMatch(/holds an object with the keys "other"/);
      expect(await refusal('')).toMatch(/The file is empty/);
      expect(await refusal('PK\u0003\u0004rest-of-zip')).toMatch(
        /ZIP archive, not a Runnel backup/,
      );
      expect(await refusal(chatGptSample, 1000)).toMatch(
        /ChatGPT's conversations\.json.*Import from ChatGPT/,
      );
      const newer = JSON.parse(v1Backup) as { version: number };
      newer.version = 4;
      expect(await refusal(JSON.stringify(newer))).toMatch(/made by a newer version of Runnel/);
    });

    it('a message that lists a file whose bytes the backup does not hold', async () => {
      const backup = JSON.parse(await richBackup()) as { attachments?: unknown[] };
      delete backup.attachments;
      expect(await refusal(JSON.stringify(backup))).toMatch(
        /damaged: conversations\[\d+\] lists the file “photo.png”, whose bytes are not in the backup\./,
      );
    });

    it('assistants with a repeated id', async () => {
      const backup = JSON.parse(await richBackup()) as { assistants: unknown[] };
      backup.assistants.push(backup.assistants[0]);
      expect(await refusal(JSON.stringify(backup))).toMatch(/assistants\[\d+\] repeats the id/);
    });
  });

  it('Cancel rolls back what was written', async () => {
    store.importChatGpt(chatGptSample);
    const before = store.exportBackup();
    let parts = 0;
    const session = sessionOf(store);
    const error = await importBackupStream(
      fileOf(await richBackup(), 50),
      { ...session, write: async (id, part) => ((parts += 1), session.write(id, part)) },
      { batchChars: 1, cancelled: () => parts >= 2 },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'cancelled' });
    expect(parts).toBeGreaterThanOrEqual(2);
    expect(store.exportBackup()).toBe(before);
    expect(store.openImportSession()).toBeNull();
  });
});
