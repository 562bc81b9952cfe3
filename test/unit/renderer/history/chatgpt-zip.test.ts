/**
 * ChatGPT's export ZIP read by chatgpt-zip.ts and imported through the real store over in-memory
 * sqlite-wasm. The ZIPs are built here with fflate's zipSync from the JSON fixtures; damaged ones are
 * made by changing bytes of a good one, so no binary fixture is needed.
 */
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Backup } from '../../../../renderer/src/history/backup';
import { readChatGptUpload, readChatGptZip } from '../../../../renderer/src/history/chatgpt-zip';
import type { HistoryStore } from '../../../../renderer/src/history/history-store';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import type { ImportSummary } from '../../../../renderer/src/history/types';
import { openMemoryDatabase } from './sqlite-memory';
import { refusalOf } from './refusal';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/chatgpt/${name}`, import.meta.url), 'utf8');
const sample = fixture('conversations.json');
const [firstShared, secondShared] = JSON.parse(fixture('2024-09-shared-message-id.json')) as [
  unknown,
  unknown,
];

/** What ChatGPT puts beside the conversations: a page, the account, and (compressible) images. */
const otherFiles = (): Zippable => ({
  'chat.html': strToU8('<!DOCTYPE html><html><body>ChatGPT Data Export</body></html>'),
  'user.json': strToU8('{"id":"user-1","email":"someone@example.com"}'),
  'file-abc123-photo.png': strToU8('not really a png '.repeat(2000)),
  'dalle-generations/file-def456.webp': strToU8('not really a webp '.repeat(2000)),
});

// A copy: Blob takes views of plain ArrayBuffers only, and the subarrays here are typed wider.
const blob = (bytes: Uint8Array): Blob => new Blob([bytes.slice()]);

/** Where an entry's local header and its data start, found by its name. */
const localEntry = (zip: Uint8Array, name: string): { header: number; data: number } => {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let at = 0; at + 30 < zip.length; at++) {
    if (view.getUint32(at, true) !== 0x04034b50) continue;
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLength)) === name) {
      return { header: at, data: at + 30 + nameLength + extraLength };
    }
  }
  throw new Error(`no entry ${name}`);
};

/** A deflate stream whose first block has the reserved type 3: inflating it fails at once. */
const breakDeflate = (zip: Uint8Array, name: string): Uint8Array => {
  const broken = zip.slice();
  broken[localEntry(zip, name).data] = 0b111;
  return broken;
};

let store: HistoryStore;
beforeEach(async () => {
  store = createHistoryStore(await openMemoryDatabase(), { parsers: importParsers, now: () => 42 });
});

const importZip = async (zip: Uint8Array): Promise<ImportSummary> =>
  store.importChatGpt(await readChatGptUpload(blob(zip)));

/** Imports a bad ZIP over the sample and checks that it is refused with nothing changed. */
const refusal = (zip: Uint8Array): Promise<string> => {
  store.importChatGpt(sample);
  return refusalOf(store, 'invalid-chatgpt-export', () => importZip(zip));
};

const titles = (): string[] =>
  (JSON.parse(store.exportBackup()) as Backup).conversations.map((c) => c.title);

describe('ChatGPT export ZIPs', () => {
  it('an older export: conversations.json at the root, the rest of the ZIP left alone', async () => {
    const zip = zipSync({ ...otherFiles(), 'conversations.json': strToU8(sample) });
    expect(await importZip(zip)).toEqual({ conversations: 3, messages: 11, skipped: [] });
    const fromZip = store.exportBackup();

    store = createHistoryStore(await openMemoryDatabase(), {
      parsers: importParsers,
      now: () => 42,
    });
    store.importChatGpt(sample);
    expect(fromZip).toBe(store.exportBackup());
  });

  it('images are never inflated: one that would not inflate does not stop the import', async () => {
    const zip = breakDeflate(
      zipSync({ ...otherFiles(), 'conversations.json': strToU8(sample) }),
      'file-abc123-photo.png',
    );
    expect(await importZip(zip)).toEqual({ conversations: 3, messages: 11, skipped: [] });
  });

  it('a newer, split export in a folder: every conversations-NNN.json, in order', async () => {
    // The archive lists 001 before 000; the import reads them in their numbers' order.
    const zip = zipSync({
      'chatgpt-export-2025-06-01/chat.html': strToU8('<html></html>'),
      'chatgpt-export-2025-06-01/conversations-001.json': strToU8(JSON.stringify([secondShared])),
      'chatgpt-export-2025-06-01/conversations-000.json': strToU8(JSON.stringify([firstShared])),
      'chatgpt-export-2025-06-01/user.json': strToU8('{"email":"someone@example.com"}'),
    });
    const files = await readChatGptZip(blob(zip));
    expect(files.map((file) => file.name)).toEqual([
      'chatgpt-export-2025-06-01/conversations-000.json',
      'chatgpt-export-2025-06-01/conversations-001.json',
    ]);
    expect(await importZip(zip)).toEqual({ conversations: 2, messages: 4, skipped: [] });
    expect(titles()).toEqual(['how to use typescript?', 'Using TypeScript Guide']);
  });

  it('importing the same ZIP again changes nothing', async () => {
    const zip = zipSync({
      ...otherFiles(),
      'conversations-000.json': strToU8(sample),
      'conversations-001.json': strToU8(JSON.stringify([firstShared, secondShared])),
    });
    const first = await importZip(zip);
    const after = store.exportBackup();
    expect(await importZip(zip)).toEqual(first);
    expect(store.exportBackup()).toBe(after);
    expect(store.stats()).toMatchObject({ conversations: 5, messages: 15 });
  });

  it('a JSON file chosen on its own is read as text, as before', async () => {
    expect(await readChatGptUpload(new Blob([sample]))).toBe(sample);
  });
});

describe('ZIPs that are refused, with nothing imported', () => {
  it('no conversations file: says so and what the ZIP holds', async () => {
    const message = await refusal(
      zipSync({ ...otherFiles(), 'message_feedback.json': strToU8('[]') }),
    );
    expect(message).toMatch(/^This ZIP has no conversations\.json/);
    expect(message).toMatch(
      /holds “chat\.html”, “user\.json”, “message_feedback\.json”, “file-abc123-photo\.png” and 1 other file\./,
    );
    expect(await refusal(zipSync({ 'notes.txt': strToU8('hello') }))).toMatch(
      /it holds “notes\.txt”\./,
    );
    expect(await refusal(zipSync({}))).toMatch(/This ZIP is empty/);
  });

  it('conversations.json too deep inside is named, so it can be chosen by hand', async () => {
    const zip = zipSync({ 'a/b/conversations.json': strToU8(sample) });
    expect(await refusal(zip)).toMatch(/it has “a\/b\/conversations\.json” deeper inside/);
  });

  it('a Runnel backup, zipped, points to “Import backup”', async () => {
    const backup = store.exportBackup();
    const zip = zipSync({ 'runnel-history-2025-06-01.json': strToU8(backup) });
    expect(await refusal(zip)).toMatch(/holds a Runnel backup .*“Import backup”/);
  });

  it('another app’s export with a conversations.json (Claude’s) is named by the parser', async () => {
    const claude = JSON.stringify([{ uuid: 'c1', account: { uuid: 'a' }, chat_messages: [] }]);
    const zip = zipSync({ 'conversations.json': strToU8(claude), 'users.json': strToU8('[]') });
    expect(await refusal(zip)).toMatch(/^conversations\.json: This is Claude's data export/);
  });

  it('a damaged conversations file: the ZIP is refused whole, naming the file', async () => {
    const zip = zipSync({
      'conversations-000.json': strToU8(sample),
      'conversations-001.json': strToU8(JSON.stringify([secondShared])),
    });
    expect(await refusal(breakDeflate(zip, 'conversations-001.json'))).toMatch(
      /could not be read \(“conversations-001\.json” does not inflate: invalid block type.*damaged or incomplete/,
    );
    // Files that inflate but hold bad JSON: nothing from the good one lands either.
    const badJson = zipSync({
      'conversations-000.json': strToU8(JSON.stringify([firstShared])),
      'conversations-001.json': strToU8(sample.slice(0, 500)),
    });
    expect(await refusal(badJson)).toMatch(/This conversations-001\.json is not valid JSON/);
  });

  it('a truncated download, or one that lost entries, is refused', async () => {
    const zip = zipSync({ ...otherFiles(), 'conversations.json': strToU8(sample) });
    expect(await refusal(zip.subarray(0, Math.floor(zip.length / 2)))).toMatch(
      /its end is missing, as when a download stops early/,
    );
    // The end record kept, the data cut inside the conversations file.
    const { data } = localEntry(zip, 'conversations.json');
    const end = zip.subarray(zip.length - 22);
    const cut = new Uint8Array([...zip.subarray(0, data + 100), ...end]);
    expect(await refusal(cut)).toMatch(/could not be read/);
    // The end record counts one entry more than there is.
    const counted = zip.slice();
    const countAt = counted.length - 22 + 10;
    counted[countAt] = (counted[countAt] ?? 0) + 1;
    expect(await refusal(counted)).toMatch(/its directory lists 6 files, but 5 were found/);
  });

  it('not a ZIP past its first bytes', async () => {
    const junk = new Uint8Array([0x50, 0x4b, 3, 4, ...strToU8('this is not really a zip')]);
    expect(await refusal(junk)).toMatch(/could not be read/);
  });

  it('a password-protected (AES) conversations file is named as such', async () => {
    const zip = zipSync({ 'conversations.json': strToU8(sample) });
    const view = new DataView(zip.buffer);
    view.setUint16(localEntry(zip, 'conversations.json').header + 8, 99, true);
    expect(await refusal(zip)).toMatch(
      /^“conversations\.json” in this ZIP is password-protected \(AES\).*unzip it with its password/,
    );
  });
});
