/**
 * Reads ChatGPT's export ZIP as the person chose it: only `conversations.json` (older exports) or every
 * `conversations-NNN.json` (newer, split exports), at its top or in one top-level folder, is inflated;
 * chat.html, user.json and the images pass by. The ZIP is streamed through fflate's `Unzip` from the
 * Blob, so an export with hundreds of MB of images is never held in memory. `streamChatGptZip` hands the
 * conversations files' bytes over as they inflate (the streamed import, chatgpt-stream-import.ts);
 * `readChatGptZip` and `readChatGptUpload` collect them into strings for the one-call import of tests
 * and small files. Runs in the history worker, off the UI thread.
 */
import type { AsyncFlateStreamHandler, UnzipDecoder, UnzipFile } from 'fflate';
import { Unzip, UnzipInflate } from 'fflate';
import { pointedFileIds, readAssets } from './chatgpt-assets';
import { historyError } from './history-errors';
import { startsLikeZip } from './import-sniff';
import type { ChatGptFile } from './types';

/** `conversations.json` or `conversations-NNN.json`, at the top or in one folder; the number orders them. */
const conversationsPath = /^(?:[^/]+\/)?conversations(?:-(\d+))?\.json$/i;
const backupPath = /(?:^|\/)runnel-history[^/]*\.json$/i;

export const isWanted = (name: string): boolean =>
  conversationsPath.test(name.replaceAll('\\', '/'));

const refuse = (message: string): never => {
  throw historyError('invalid-chatgpt-export', `${message} Nothing was imported.`);
};

const empty = new Uint8Array(0);

/**
 * fflate's `Unzip` keeps the compressed data of every entry that is never started, in case it is
 * started later: skipping the images would keep them all. So every deflated entry is started, through
 * this decoder, which inflates the conversations files and lets the rest pass without inflating them.
 * fflate builds one per entry and hands it the entry's name (its documented `UnzipDecoderConstructor`).
 */
class ConversationsInflate implements UnzipDecoder {
  static readonly compression = 8;
  ondata: AsyncFlateStreamHandler = () => undefined;
  private readonly inflate: UnzipInflate | null;

  constructor(name: string) {
    this.inflate = isWanted(name) ? new UnzipInflate() : null;
    if (this.inflate) this.inflate.ondata = (error, data, final) => this.ondata(error, data, final);
  }

  push(chunk: Uint8Array, final: boolean): void {
    if (this.inflate) this.inflate.push(chunk, final);
    else if (final) this.ondata(null, empty, true);
  }
}

/** Order of the files: by folder, then `conversations.json` before `conversations-000.json`, -001, … */
const byExportOrder = (a: ChatGptFile, b: ChatGptFile): number => {
  const key = (name: string): [string, number] => {
    const match = conversationsPath.exec(name.replaceAll('\\', '/'));
    const folder = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
    return [folder, match?.[1] === undefined ? -1 : Number(match[1])];
  };
  const [folderA, numberA] = key(a.name);
  const [folderB, numberB] = key(b.name);
  return folderA === folderB ? numberA - numberB : folderA < folderB ? -1 : 1;
};

/**
 * The entry count of the ZIP's end record, 'many' for a ZIP64 archive (the count is elsewhere), or null
 * when there is none. fflate's streaming reader never reaches the central directory, so without this a
 * download that stopped between two entries would import what it got and say nothing.
 */
const endRecordEntries = async (zip: Blob): Promise<number | 'many' | null> => {
  // The end record is 22 bytes plus a comment of at most 65,535.
  const tail = new Uint8Array(await zip.slice(Math.max(0, zip.size - 65_557)).arrayBuffer());
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail[at] === 0x50 && tail[at + 1] === 0x4b && tail[at + 2] === 5 && tail[at + 3] === 6) {
      const entries = (tail[at + 10] ?? 0) | ((tail[at + 11] ?? 0) << 8);
      return entries === 0xffff ? 'many' : entries;
    }
  }
  return null;
};

/** “chat.html”, “user.json”, “file-1.png” and 310 other files: what a ZIP holds, briefly. */
const describeEntries = (names: readonly string[]): string => {
  const files = names.filter((name) => !name.endsWith('/'));
  // Named files first (chat.html, user.json), then whatever else is there.
  const shown = [
    ...files.filter((name) => /\.(json|html)$/i.test(name)),
    ...files.filter((name) => !/\.(json|html)$/i.test(name)),
  ]
    .slice(0, 4)
    .map((name) => `“${name.length > 60 ? `…${name.slice(-59)}` : name}”`);
  const rest = files.length - shown.length;
  if (rest > 0) shown.push(`${rest.toLocaleString('en')} other ${rest === 1 ? 'file' : 'files'}`);
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : shown.join('');
};

const noConversations = (names: readonly string[]): never => {
  const files = names.filter((name) => !name.endsWith('/'));
  if (files.length === 0) return refuse('This ZIP is empty.');
  const backup = files.find((name) => backupPath.test(name));
  if (backup) {
    return refuse(
      `This ZIP holds a Runnel backup (“${backup}”), not ChatGPT’s export: unzip it and import the .json file with “Import backup”.`,
    );
  }
  const deeper = files.find((name) => /(?:^|\/)conversations(?:-\d+)?\.json$/i.test(name));
  if (deeper) {
    return refuse(
      `This ZIP has no conversations.json at its top or in its top folder; it has “${deeper}” deeper inside. Unzip it and choose that file.`,
    );
  }
  return refuse(
    `This ZIP has no conversations.json (nor conversations-000.json, … of a newer export), so it is not ChatGPT’s data export: it holds ${describeEntries(files)}.`,
  );
};

const damaged = (detail: string): string =>
  `This ZIP could not be read (${detail}): it is damaged or incomplete. Download the export again.`;

/** One conversations file being inflated: its text arrives in pieces, decoded as it comes. */
interface Collecting {
  name: string;
  decoder: TextDecoder;
  pieces: string[];
}

/** The whole text, its pieces dropped as soon as it is joined, so at most one file is held twice. */
const joined = (entry: Collecting): string => {
  try {
    const text = entry.pieces.join('') + entry.decoder.decode();
    entry.pieces = [];
    return text;
  } catch {
    // V8 caps a string at about 512 MB of text; the plain JSON import has the same limit.
    return refuse(`“${entry.name}” in this ZIP is too large to read as one text.`);
  }
};

/** What a pass over an export ZIP hands over: the inflated bytes of each conversations file. */
export interface ZipEntryData {
  (name: string, bytes: Uint8Array, final: boolean): void;
}

/**
 * One pass over an export ZIP, read from the Blob a chunk at a time: the conversations files are
 * inflated and their bytes handed to `onData` as they come, every other entry passes by. `between`
 * runs after each chunk (the caller writes what it read, or stops: what it throws ends the pass).
 * Refuses a ZIP without conversations files, or a damaged one; answers the names of the files, in
 * the order they came.
 */
export const streamChatGptZip = async (
  zip: Blob,
  onData: ZipEntryData,
  between: () => Promise<void> = async () => undefined,
): Promise<string[]> => {
  const expected = await endRecordEntries(zip);
  if (expected === null)
    return refuse(damaged('its end is missing, as when a download stops early'));
  const names: string[] = [];
  const started: Array<{ name: string; done: boolean }> = [];
  // The refusal, set from fflate's callbacks; typed wide so the checks after the reads are not narrowed.
  let failure = null as string | null;
  // What `onData` threw (a refusal of the file's JSON): rethrown as it is after the pass.
  let thrown: { error: unknown } | null = null;

  const unzip = new Unzip((file: UnzipFile) => {
    names.push(file.name);
    if (!isWanted(file.name)) {
      // Started so fflate does not keep their data (see ConversationsInflate); nothing is inflated.
      file.ondata = () => undefined;
      if (file.compression === 0 || file.compression === 8) file.start();
      return;
    }
    if (file.compression === 99) {
      failure ??= `“${file.name}” in this ZIP is password-protected (AES), and Runnel cannot open encrypted ZIPs: unzip it with its password and choose that file.`;
      return;
    }
    if (file.compression !== 0 && file.compression !== 8) {
      failure ??= `“${file.name}” in this ZIP is compressed with method ${file.compression}, which Runnel cannot read: unzip it with another tool and choose that file.`;
      return;
    }
    const entry = { name: file.name, done: false };
    started.push(entry);
    file.ondata = (error, data, final) => {
      if (failure !== null || thrown !== null || entry.done) return;
      if (error) {
        // A password-protected (ZipCrypto) entry fails here too: fflate does not tell it apart.
        failure = damaged(
          `“${file.name}” does not inflate: ${error.message}; it may also be password-protected`,
        );
        return;
      }
      entry.done = final;
      try {
        onData(file.name, data, final);
      } catch (error) {
        thrown = { error };
      }
    };
    file.start();
  });
  unzip.register(ConversationsInflate);

  const reader = zip.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      unzip.push(value);
      if (failure !== null || thrown !== null) break;
      await between();
    }
    if (failure === null && thrown === null) unzip.push(empty, true);
  } catch (error) {
    // fflate throws "invalid zip data" when the data ends inside an entry.
    failure ??= damaged(error instanceof Error ? error.message : String(error));
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  if (thrown !== null) throw (thrown as { error: unknown }).error;
  if (failure !== null) return refuse(failure);
  if (expected !== 'many' && expected !== names.length) {
    return refuse(damaged(`its directory lists ${expected} files, but ${names.length} were found`));
  }
  const unfinished = started.find((entry) => !entry.done);
  if (unfinished) return refuse(damaged(`“${unfinished.name}” ends early`));
  if (started.length === 0) return noConversations(names);
  return names;
};

/** Every conversations file of an export ZIP, in order; refuses a ZIP without one, or a damaged one. */
export const readChatGptZip = async (zip: Blob): Promise<ChatGptFile[]> => {
  const entries = new Map<string, Collecting>();
  await streamChatGptZip(zip, (name, data) => {
    let entry = entries.get(name);
    if (!entry) {
      entry = { name, decoder: new TextDecoder(), pieces: [] };
      entries.set(name, entry);
    }
    if (data.length) entry.pieces.push(entry.decoder.decode(data, { stream: true }));
  });
  return Array.from(entries.values(), (entry): ChatGptFile => ({
    name: entry.name,
    json: joined(entry),
  })).sort(byExportOrder);
};

/**
 * The chosen file as the store imports it: the conversations files of an export ZIP, with the images
 * its messages point to (chatgpt-assets.ts) on the first of them, or the text of any other file (which
 * the parser then accepts as conversations.json or refuses, saying what it is).
 */
export const readChatGptUpload = async (file: Blob): Promise<string | ChatGptFile[]> => {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (!startsLikeZip(head)) return file.text();
  const files = await readChatGptZip(file);
  const assets = await readAssets(file, pointedFileIds(files));
  const [first, ...rest] = files;
  return first && assets.length > 0 ? [{ ...first, assets }, ...rest] : files;
};
