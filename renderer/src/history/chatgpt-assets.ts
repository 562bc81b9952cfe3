/**
 * The images of ChatGPT's export ZIP that its conversations point to. A message's image part names its
 * file by id (`"asset_pointer": "file-service://file-XXXX"`, or `sediment://file_0000…` in newer
 * exports), and the ZIP holds that file as `file-XXXX-<original name>.<ext>`. Only the files some
 * message points to are inflated, in a second pass over the ZIP after its conversations files were
 * read, so the other images of an export of hundreds of MB are never held.
 */
import type { AsyncFlateStreamHandler, UnzipDecoder, UnzipFile } from 'fflate';
import { Unzip, UnzipInflate } from 'fflate';
import { sha256Hex } from './attachment-hash';
import type { ConversationBundle } from './backup-format';
import type { AttachmentRef, ChatGptAsset, ChatGptFile, MessageRecord } from './types';

/** Bigger images are left out (the message keeps its "[image]" placeholder): the composer's own cap. */
export const maxAssetBytes = 50 * 1024 * 1024;

const pointerPattern = /"asset_pointer"\s*:\s*"(?:file-service|sediment):\/\/([A-Za-z0-9_-]+)"/g;

/** Every file id the conversations files point to. */
export const pointedFileIds = (files: readonly ChatGptFile[]): Set<string> => {
  const ids = new Set<string>();
  for (const file of files)
    for (const [, id] of file.json.matchAll(pointerPattern)) if (id) ids.add(id);
  return ids;
};

const baseName = (path: string): string =>
  path.slice(path.replaceAll('\\', '/').lastIndexOf('/') + 1);

/** The id a ZIP entry's name starts with, among `ids`; null for a file no message points to. */
export const fileIdOf = (path: string, ids: ReadonlySet<string>): string | null => {
  const base = baseName(path);
  // ids are at most a few dozen characters and a name is one id, then "-" or "." (or nothing).
  const id = /^(file[-_][A-Za-z0-9]+)/.exec(base)?.[1];
  return id !== undefined && ids.has(id) ? id : null;
};

/** What the bytes are, from their first bytes: only formats the app can show. */
export const imageMime = (bytes: Uint8Array): ChatGptAsset['mime'] | null => {
  const at = (i: number): number => bytes[i] ?? -1;
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) return 'image/png';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if (at(0) === 0x47 && at(1) === 0x49 && at(2) === 0x46 && at(3) === 0x38) return 'image/gif';
  const riff = String.fromCharCode(at(0), at(1), at(2), at(3));
  const webp = String.fromCharCode(at(8), at(9), at(10), at(11));
  if (riff === 'RIFF' && webp === 'WEBP') return 'image/webp';
  return null;
};

/** `file-XXXX-IMG_1234.jpeg` → `IMG_1234.jpeg`; the whole name when nothing follows the id. */
const displayName = (path: string, fileId: string): string => {
  const rest = baseName(path)
    .slice(fileId.length)
    .replace(/^[-_.]/, '');
  return rest.includes('.') && !rest.startsWith('.') ? rest : baseName(path);
};

/** One entry being inflated, its chunks kept until it ends or grows past the cap. */
interface Collecting {
  path: string;
  fileId: string;
  chunks: Uint8Array[];
  size: number;
  done: boolean;
}

const concat = (chunks: readonly Uint8Array[], size: number): Uint8Array => {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
};

/**
 * The images of `zip` whose names start with one of `ids`, each handed to `onAsset` (read, checked to
 * be an image, hashed) soon after it is inflated, so no more than one image at a time is held. A file
 * that is too large, is not an image the app can show, or does not inflate is left out: its message
 * keeps the "[image]" placeholder it has without it.
 */
export const streamAssets = async (
  zip: Blob,
  ids: ReadonlySet<string>,
  onAsset: (asset: ChatGptAsset) => Promise<void> | void,
): Promise<void> => {
  if (ids.size === 0) return;
  const finished: Collecting[] = [];
  const wanted = (name: string): boolean => fileIdOf(name, ids) !== null;

  // As in chatgpt-zip.ts: every deflated entry is started, or fflate keeps its data; only the wanted
  // ones are inflated.
  class AssetInflate implements UnzipDecoder {
    static readonly compression = 8;
    ondata: AsyncFlateStreamHandler = () => undefined;
    private readonly inflate: UnzipInflate | null;
    constructor(name: string) {
      this.inflate = wanted(name) ? new UnzipInflate() : null;
      if (this.inflate)
        this.inflate.ondata = (error, data, final) => this.ondata(error, data, final);
    }
    push(chunk: Uint8Array, final: boolean): void {
      if (this.inflate) this.inflate.push(chunk, final);
      else if (final) this.ondata(null, new Uint8Array(0), true);
    }
  }

  const unzip = new Unzip((file: UnzipFile) => {
    const fileId = fileIdOf(file.name, ids);
    if (fileId === null || (file.compression !== 0 && file.compression !== 8)) {
      file.ondata = () => undefined;
      if (file.compression === 0 || file.compression === 8) file.start();
      return;
    }
    const entry: Collecting = { path: file.name, fileId, chunks: [], size: 0, done: false };
    file.ondata = (error, data, final) => {
      if (entry.done) return;
      if (error || entry.size + data.length > maxAssetBytes) {
        entry.chunks = [];
        entry.size = -1;
        entry.done = true;
        return;
      }
      if (data.length) {
        entry.chunks.push(data);
        entry.size += data.length;
      }
      entry.done = final;
      if (final) finished.push(entry);
    };
    file.start();
  });
  unzip.register(AssetInflate);

  const seen = new Set<string>();
  const handOver = async (): Promise<void> => {
    for (const entry of finished.splice(0)) {
      if (entry.size <= 0 || seen.has(entry.fileId)) continue;
      const bytes = concat(entry.chunks, entry.size);
      entry.chunks = [];
      const mime = imageMime(bytes);
      if (!mime) continue;
      seen.add(entry.fileId);
      await onAsset({
        fileId: entry.fileId,
        name: displayName(entry.path, entry.fileId),
        mime,
        bytes,
        hash: await sha256Hex(bytes),
      });
    }
  };

  // The first pass already refused a damaged ZIP: what can be read here is kept.
  let readable = true;
  const push = (chunk: Uint8Array, final = false): void => {
    try {
      if (readable) unzip.push(chunk, final);
    } catch {
      readable = false;
    }
  };
  const reader = zip.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || !readable) break;
      push(value);
      await handOver();
    }
    push(new Uint8Array(0), true);
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  await handOver();
};

/** The images of `zip` whose names start with one of `ids`, all at once (see streamAssets). */
export const readAssets = async (zip: Blob, ids: ReadonlySet<string>): Promise<ChatGptAsset[]> => {
  const assets: ChatGptAsset[] = [];
  await streamAssets(zip, ids, (asset) => {
    assets.push(asset);
  });
  return assets;
};

/** Collects the file ids that image parts point to, from bytes of JSON read a piece at a time. */
export const createPointerScanner = (): {
  scan(bytes: Uint8Array): void;
  ids: Set<string>;
} => {
  const ids = new Set<string>();
  const latin1 = new TextDecoder('latin1');
  // The end of the previous piece, so a pointer split between two pieces is found.
  let carry = '';
  return {
    ids,
    scan: (bytes) => {
      const text = carry + latin1.decode(bytes);
      for (const [, id] of text.matchAll(pointerPattern)) if (id) ids.add(id);
      carry = text.slice(-200);
    },
  };
};

/** The assets of an export by file id (they ride on its first conversations file). */
export const assetsById = (files: readonly ChatGptFile[]): Map<string, ChatGptAsset> =>
  new Map(files.flatMap((file) => file.assets ?? []).map((asset) => [asset.fileId, asset]));

/**
 * What a message needs to know of an image to list it: everything but its bytes, which a streamed
 * import stores before the conversations are read (so no conversation carries them).
 */
export interface ChatGptAssetRef {
  fileId: string;
  name: string;
  mime: ChatGptAsset['mime'];
  hash: string;
  size: number;
}

export const assetRef = ({ fileId, name, mime, hash, bytes }: ChatGptAsset): ChatGptAssetRef => ({
  fileId,
  name,
  mime,
  hash,
  size: bytes.byteLength,
});

export const assetRefsById = (files: readonly ChatGptFile[]): Map<string, ChatGptAssetRef> =>
  new Map(Array.from(assetsById(files).values(), (asset) => [asset.fileId, assetRef(asset)]));

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const pixels = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

/**
 * A message's image parts whose files the ZIP held, as its attachments, in the order of its parts.
 * `content` is the ChatGPT message's `content`; parts without a file here add nothing.
 */
export const imageAttachmentsOf = (
  content: unknown,
  assets: ReadonlyMap<string, ChatGptAssetRef>,
): AttachmentRef[] => {
  if (assets.size === 0 || !isObject(content) || !Array.isArray(content.parts)) return [];
  return content.parts.flatMap((part: unknown): AttachmentRef[] => {
    if (!isObject(part) || part.content_type !== 'image_asset_pointer') return [];
    const pointer = typeof part.asset_pointer === 'string' ? part.asset_pointer : '';
    const asset = assets.get(pointer.replace(/^[a-z-]+:\/\//, ''));
    if (!asset) return [];
    const width = pixels(part.width);
    const height = pixels(part.height);
    return [
      {
        hash: asset.hash,
        kind: 'image',
        name: asset.name,
        mime: asset.mime,
        size: asset.size,
        ...(width && height ? { width, height } : {}),
      },
    ];
  });
};

/** The bytes the messages of one conversation list, once each, for its bundle. */
export const uploadsFor = (
  messages: readonly MessageRecord[],
  assets: ReadonlyMap<string, ChatGptAsset>,
): NonNullable<ConversationBundle['attachments']> => {
  const byHash = new Map<string, ChatGptAsset>();
  for (const asset of assets.values()) byHash.set(asset.hash, asset);
  const hashes = new Set(messages.flatMap((m) => m.attachments ?? []).map((a) => a.hash));
  return [...hashes].flatMap((hash) => {
    const asset = byHash.get(hash);
    return asset ? [{ hash, bytes: asset.bytes, mime: asset.mime }] : [];
  });
};
