/**
 * The streamed ChatGPT import (chatgpt-stream-import.ts) through the real store's import session over
 * in-memory sqlite-wasm: the same history as the one-call import of the same ZIP, a damaged entry in the
 * middle named and skipped, split files, images, Cancel leaving history exactly as it was.
 */
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportSessionCalls } from '../../../../renderer/src/history/chatgpt-stream-import';
import { importChatGptStream } from '../../../../renderer/src/history/chatgpt-stream-import';
import { readChatGptUpload } from '../../../../renderer/src/history/chatgpt-zip';
import type { HistoryStore } from '../../../../renderer/src/history/history-store';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import type { ImportProgress } from '../../../../renderer/src/history/types';
import { openMemoryDatabase } from './sqlite-memory';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/chatgpt/${name}`, import.meta.url), 'utf8');
const acceptance = (name: string): string =>
  readFileSync(
    new URL(`../../../../../shared/acceptance-data/chatgpt-export/${name}`, import.meta.url),
    'utf8',
  );
const png = new Uint8Array(
  readFileSync(new URL('../../../fixtures/attachments/opaque.png', import.meta.url)),
);
const blob = (bytes: Uint8Array | string): Blob =>
  new Blob([typeof bytes === 'string' ? bytes : bytes.slice()]);

const sample = JSON.parse(fixture('conversations.json')) as Array<Record<string, unknown>>;
const code = JSON.parse(acceptance('echomine-with-code.json')) as Record<string, unknown>;
const images = JSON.parse(acceptance('echomine-with-images.json')) as Record<string, unknown>;

/** An image part pointing at `file-pic1`, which the ZIP holds as `file-pic1-photo.png`. */
const withImage = (): Record<string, unknown> => ({
  title: 'A photo',
  id: 'conv-photo',
  create_time: 1_700_000_000,
  update_time: 1_700_000_100,
  current_node: 'u1',
  mapping: {
    root: { id: 'root', message: null, parent: null, children: ['u1'] },
    u1: {
      id: 'u1',
      parent: 'root',
      children: [],
      message: {
        id: 'u1',
        author: { role: 'user' },
        create_time: 1_700_000_050,
        content: {
          content_type: 'multimodal_text',
          parts: [
            {
              content_type: 'image_asset_pointer',
              asset_pointer: 'file-service://file-pic1',
              width: 1,
              height: 1,
            },
            'What is this?',
          ],
        },
      },
    },
  },
});

/** A split export: the sample and the real acceptance-data conversations over three files, and an image. */
const splitZip = (): Uint8Array =>
  zipSync({
    'chat.html': strToU8('<!DOCTYPE html><html><body>ChatGPT Data Export</body></html>'),
    'conversations-000.json': strToU8(JSON.stringify(sample.slice(0, 2))),
    'conversations-001.json': strToU8(JSON.stringify([sample[2], code])),
    'conversations-002.json': strToU8(JSON.stringify([images, withImage()])),
    'file-pic1-photo.png': png,
  });

let store: HistoryStore;
beforeEach(async () => {
  store = createHistoryStore(await openMemoryDatabase(), { parsers: importParsers, now: () => 42 });
});

/** The store's session methods as the worker reaches them: asynchronous, answered in order. */
const sessionOf = (target: HistoryStore): ImportSessionCalls => ({
  begin: async () => target.importSessionBegin(),
  write: async (session, part) => target.importSessionWrite(session, part),
  finish: async (session) => target.importSessionFinish(session),
  abort: async (session) => target.importSessionAbort(session),
});

const everything = (target: HistoryStore): unknown => {
  const backup = JSON.parse(target.exportBackup()) as Record<string, unknown>;
  delete backup.exportedAt;
  return backup;
};

describe('the streamed ChatGPT import', () => {
  it('a split export with images lands as the one-call import of the same ZIP lands', async () => {
    const zip = splitZip();
    const reference = createHistoryStore(await openMemoryDatabase(), {
      parsers: importParsers,
      now: () => 42,
    });
    const expected = reference.importChatGpt(await readChatGptUpload(blob(zip)));
    const progress: ImportProgress[] = [];
    const summary = await importChatGptStream(blob(zip), sessionOf(store), {
      onProgress: (p) => progress.push(p),
      batchChars: 1,
      progressEveryMs: 0,
    });
    expect(summary).toEqual(expected);
    expect(summary.conversations).toBe(6);
    expect(everything(store)).toEqual(everything(reference));
    // The photo's bytes came with it.
    const photo = store.listMessages('chatgpt-conv-photo').messages[0];
    expect(photo?.attachments?.[0]).toMatchObject({ name: 'photo.png', mime: 'image/png' });
    // Progress by conversation, with its title, ending on the whole count.
    expect(progress.map((p) => p.done)).toEqual(
      [...progress.map((p) => p.done)].sort((a, b) => a - b),
    );
    expect(progress.some((p) => p.title === 'Gmail API Management in Java')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ done: 6, total: 6, finishing: true });
  });

  it('a conversation broken in the middle of a file is named and skipped; the rest imports', async () => {
    const texts = sample.map((item) => JSON.stringify(item));
    const second = texts[1] ?? '';
    const broken = second.slice(0, second.indexOf('"mapping"') + 60);
    const wrongShape = JSON.stringify({ title: 'Wrong shape', id: 'w', mapping: 'not a tree' });
    const file = `[${texts[0]},${broken},${wrongShape},${texts[2]}]`;
    const summary = await importChatGptStream(blob(file), sessionOf(store));
    expect(summary.conversations).toBe(2);
    expect(summary.skipped).toEqual([
      expect.objectContaining({
        title: 'Plot a sine wave',
        where: 'conversations.json item 1',
        reason: 'its text in the file is broken (cut short or changed), so it could not be read',
      }),
      expect.objectContaining({ title: 'Wrong shape', where: 'conversations.json item 2' }),
    ]);
    expect(
      store
        .listConversations()
        .map((c) => c.title)
        .sort(),
    ).toEqual([sample[0]?.title, sample[2]?.title].sort());
  });

  it('Cancel rolls back what was already written: history is exactly as it was', async () => {
    store.importChatGpt(JSON.stringify([sample[0]]));
    store.saveConversation({
      id: 'mine',
      title: 'Written in Runnel',
      createdAt: 1,
      updatedAt: 1,
      pinned: false,
      model: null,
      providerId: null,
      tags: [],
      currentLeafId: null,
    });
    const before = everything(store);
    let writes = 0;
    const session = sessionOf(store);
    const counting: ImportSessionCalls = {
      ...session,
      write: async (id, part) => {
        writes++;
        await session.write(id, part);
      },
    };
    const cancelled = importChatGptStream(blob(splitZip()), counting, {
      batchChars: 1,
      cancelled: () => writes >= 2,
    });
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(writes).toBe(2);
    expect(store.openImportSession()).toBeNull();
    expect(everything(store)).toEqual(before);
    // The store takes the next import as usual.
    await importChatGptStream(blob(splitZip()), sessionOf(store));
    expect(store.stats().conversations).toBe(7);
  });

  it('a refusal at the end of a file rolls back what its first conversations wrote', async () => {
    const before = everything(store);
    const texts = sample.map((item) => JSON.stringify(item));
    const cut = `[${texts[0]},${texts[1]},${(texts[2] ?? '').slice(0, 100)}`;
    await expect(
      importChatGptStream(blob(cut), sessionOf(store), { batchChars: 1 }),
    ).rejects.toMatchObject({ code: 'invalid-chatgpt-export', message: /may be truncated/ });
    expect(everything(store)).toEqual(before);
  });

  it('re-importing adds only what is new, and the same conversation twice keeps the newest', async () => {
    await importChatGptStream(blob(splitZip()), sessionOf(store));
    const once = everything(store);
    const again = await importChatGptStream(blob(splitZip()), sessionOf(store));
    expect(again.conversations).toBe(6);
    expect(everything(store)).toEqual(once);

    const older = { ...sample[0], title: 'Older title', update_time: 1 };
    const newer = { ...sample[0], title: 'Newer title', update_time: 9_999_999_999 };
    const twice = zipSync({
      'conversations-000.json': strToU8(JSON.stringify([newer])),
      'conversations-001.json': strToU8(JSON.stringify([older])),
    });
    const summary = await importChatGptStream(blob(twice), sessionOf(store));
    expect(summary.conversations).toBe(1);
    expect(store.getConversation(`chatgpt-${String(sample[0]?.id)}`)?.title).toBe('Newer title');
  });

  it('a ZIP refused before anything is written opens no session', async () => {
    const calls: string[] = [];
    const session = sessionOf(store);
    const watched: ImportSessionCalls = {
      begin: () => (calls.push('begin'), session.begin()),
      write: (id, part) => session.write(id, part),
      finish: (id) => session.finish(id),
      abort: (id) => session.abort(id),
    };
    const zip = zipSync({ 'user.json': strToU8('{}') });
    await expect(importChatGptStream(blob(zip), watched)).rejects.toMatchObject({
      code: 'invalid-chatgpt-export',
    });
    expect(calls).toEqual([]);
  });
});
