/**
 * The images of ChatGPT's export ZIP brought in as attachments: the ZIP is built here with fflate from
 * a conversation shaped as the real export writes one (a `multimodal_text` question whose image part
 * points to `file-service://file-…`, and the file in the ZIP named `file-…-<name>.png`), read by the
 * worker's reader, and imported through the real store over in-memory sqlite-wasm.
 */
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../renderer/src/history/attachment-hash';
import {
  fileIdOf,
  imageMime,
  pointedFileIds,
  readAssets,
} from '../../../../renderer/src/history/chatgpt-assets';
import { readChatGptUpload } from '../../../../renderer/src/history/chatgpt-zip';
import type { HistoryStore } from '../../../../renderer/src/history/history-store';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import type { ChatGptFile } from '../../../../renderer/src/history/types';
import { openMemoryDatabase } from './sqlite-memory';

const png = new Uint8Array(
  readFileSync(new URL('../../../fixtures/attachments/opaque.png', import.meta.url)),
);
const webp = new Uint8Array(
  readFileSync(new URL('../../../fixtures/attachments/photo.webp', import.meta.url)),
);

/** An image part as the real export writes it (echomine-with-images, 2025). */
const imagePart = (fileId: string, scheme = 'file-service') => ({
  content_type: 'image_asset_pointer',
  asset_pointer: `${scheme}://${fileId}`,
  size_bytes: 640100,
  width: 640,
  height: 480,
  fovea: null,
  metadata: { dalle: null, sanitized: true },
});

const node = (id: string, parent: string | null, children: string[], message: unknown) => ({
  id,
  message,
  parent,
  children,
});

const conversationWith = (parts: unknown[]) => ({
  title: 'Interpret this painting',
  create_time: 1749687798.69,
  update_time: 1749687850.1,
  conversation_id: 'conv-images',
  current_node: 'a1',
  mapping: {
    root: node('root', null, ['q1'], null),
    q1: node('q1', 'root', ['a1'], {
      id: 'q1',
      author: { role: 'user', name: null, metadata: {} },
      create_time: 1749687798.69,
      content: { content_type: 'multimodal_text', parts },
      status: 'finished_successfully',
      metadata: {},
    }),
    a1: node('a1', 'q1', [], {
      id: 'a1',
      author: { role: 'assistant', name: null, metadata: {} },
      create_time: 1749687810.2,
      content: { content_type: 'text', parts: ['A surreal, symbolic tableau.'] },
      status: 'finished_successfully',
      metadata: { finish_details: { type: 'stop' } },
    }),
  },
});

const zipOf = (conversations: unknown[], files: Record<string, Uint8Array>): Blob =>
  new Blob([
    zipSync({
      'conversations.json': strToU8(JSON.stringify(conversations)),
      'chat.html': strToU8('<html>ChatGPT Data Export</html>'),
      ...files,
    }).slice(),
  ]);

let store: HistoryStore;
beforeEach(async () => {
  store = createHistoryStore(await openMemoryDatabase(), { parsers: importParsers });
});

describe('finding the files', () => {
  it('reads the file ids that image parts point to, both schemes', () => {
    const files: ChatGptFile[] = [
      {
        name: 'conversations.json',
        json: JSON.stringify([
          conversationWith([imagePart('file-6y9faxjcnXrzx8UTUQepS7'), 'Interpret this painting ']),
          conversationWith([imagePart('file_00000000a1b2c3', 'sediment')]),
        ]),
      },
    ];
    expect([...pointedFileIds(files)]).toEqual([
      'file-6y9faxjcnXrzx8UTUQepS7',
      'file_00000000a1b2c3',
    ]);
  });

  it('matches a ZIP entry by the id its name starts with, in any folder', () => {
    const ids = new Set(['file-6y9faxjcnXrzx8UTUQepS7', 'file_00000000a1b2c3']);
    expect(fileIdOf('file-6y9faxjcnXrzx8UTUQepS7-IMG_1234.jpeg', ids)).toBe(
      'file-6y9faxjcnXrzx8UTUQepS7',
    );
    expect(fileIdOf('user-abc/file_00000000a1b2c3-uuid.png', ids)).toBe('file_00000000a1b2c3');
    expect(fileIdOf('file-6y9faxjcnXrzx8UTUQepS8-other.png', ids)).toBeNull();
    expect(fileIdOf('chat.html', ids)).toBeNull();
  });

  it('tells images it can show by their bytes, not their names', () => {
    expect(imageMime(png)).toBe('image/png');
    expect(imageMime(webp)).toBe('image/webp');
    expect(imageMime(strToU8('not really a png'))).toBeNull();
  });
});

describe('ChatGPT import with images', () => {
  it('stores the image a question points to as its attachment, named and sized', async () => {
    const zip = zipOf(
      [conversationWith([imagePart('file-6y9faxjcnXrzx8UTUQepS7'), 'Interpret this painting '])],
      {
        'file-6y9faxjcnXrzx8UTUQepS7-painting.png': png,
        // An image no message points to is never read.
        'file-unreferenced0000-other.webp': webp,
      },
    );
    const input = await readChatGptUpload(zip);
    expect(Array.isArray(input) && input[0]?.assets?.map((a) => a.name)).toEqual(['painting.png']);
    store.importChatGpt(input);

    const [question, answer] = store.listMessages('chatgpt-conv-images').messages;
    const hash = await sha256Hex(png);
    expect(question?.attachments).toEqual([
      {
        hash,
        kind: 'image',
        name: 'painting.png',
        mime: 'image/png',
        size: png.length,
        width: 640,
        height: 480,
      },
    ]);
    expect(answer).not.toHaveProperty('attachments');
    expect(Array.from(store.readAttachment(hash)?.bytes ?? [])).toEqual(Array.from(png));

    // Importing the export again doubles nothing.
    store.importChatGpt(await readChatGptUpload(zip));
    expect(store.listMessages('chatgpt-conv-images').messages[0]?.attachments).toHaveLength(1);
    const backup = JSON.parse(store.exportBackup()) as { attachments: unknown[] };
    expect(backup.attachments).toHaveLength(1);
  });

  it('leaves the placeholder where the ZIP lacks the file or holds no image under its name', async () => {
    const zip = zipOf(
      [
        conversationWith([
          imagePart('file-missing000000000000'),
          imagePart('file-notanimage00000000'),
          'Two pictures',
        ]),
      ],
      { 'file-notanimage00000000-photo.png': strToU8('not really a png '.repeat(100)) },
    );
    const input = await readChatGptUpload(zip);
    expect(Array.isArray(input) && input[0]?.assets).toBeUndefined();
    store.importChatGpt(input);
    const [question] = store.listMessages('chatgpt-conv-images').messages;
    expect(question).not.toHaveProperty('attachments');
    expect(question?.content).toContain('[image]');
  });

  it('reads only the files it is asked for', async () => {
    const zip = zipOf([], {
      'file-aaaa-first.png': png,
      'file-bbbb-second.webp': webp,
    });
    const assets = await readAssets(zip, new Set(['file-bbbb']));
    expect(assets.map((a) => [a.fileId, a.name, a.mime])).toEqual([
      ['file-bbbb', 'second.webp', 'image/webp'],
    ]);
  });
});
