/**
 * `runnel ask --attach PATH` (repeatable): the files a question carries, by the app's rules.
 *
 * - Images (PNG, JPEG, GIF's first frame, BMP) are decoded with jimp (pure JavaScript, no native
 *   build), turned upright by their EXIF orientation, scaled to fit 2048 x 768 (OpenAI's high detail)
 *   and encoded again, JPEG at 85 % or PNG where there is transparency; re-encoding also drops EXIF,
 *   so a photo's GPS position never leaves the machine. WebP, which jimp cannot decode, is sent as it
 *   is when within 20 MB (OpenAI's per-image limit), and refused with its size when not.
 * - Text and code files (UTF-8, or UTF-16 with a byte-order mark, at most 512 KB) are inlined as a
 *   fenced block headed by the file name, the language taken from the extension.
 * - PDFs become their text with `--- Page n of N ---` markers, read by pdfjs-dist's legacy Node build.
 *
 * The app reads files in its attachment worker (renderer/src/attachments/); main may not import the
 * renderer, so the message formats are written again here, and tests hold the two to the same text.
 * Every refusal is an Error whose message says what and why; cli.ts prints it and exits 1.
 */
import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withoutWebpMetadata } from './attachments/webp-metadata';
import type { OutgoingAttachment } from './chat/content-parts';

export const CLI_ATTACHMENT_LIMITS = {
  imageLongSide: 2048,
  imageShortSide: 768,
  maxImageBytes: 50 * 1024 * 1024,
  /** An image sent as it is (not re-encoded) can be at most this large: OpenAI's per-image limit. */
  maxUnchangedImageBytes: 20 * 1024 * 1024,
  maxTextBytes: 512 * 1024,
  maxPdfBytes: 100 * 1024 * 1024,
  maxPdfTextChars: 2_000_000,
} as const;

export interface ReadAttachment {
  attachment: OutgoingAttachment;
  /** Something to say on stderr (an image sent unchanged, a PDF cut short). */
  note?: string;
}

type Sniffed =
  | { kind: 'image'; format: 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' }
  | { kind: 'unreadable-image'; name: string }
  | { kind: 'pdf' }
  | { kind: 'binary'; name: string }
  | { kind: 'text' };

const ascii = (bytes: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...bytes.subarray(from, to));

/** What a file is from its first bytes (names lie: a HEIC photo renamed .jpg is still HEIC). */
export function sniff(head: Uint8Array): Sniffed {
  const starts = (...values: number[]) => values.every((value, i) => head[i] === value);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return { kind: 'image', format: 'png' };
  if (starts(0xff, 0xd8, 0xff)) return { kind: 'image', format: 'jpeg' };
  if (ascii(head, 0, 4) === 'GIF8') return { kind: 'image', format: 'gif' };
  if (ascii(head, 0, 2) === 'BM') return { kind: 'image', format: 'bmp' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP')
    return { kind: 'image', format: 'webp' };
  if (ascii(head, 0, 5) === '%PDF-') return { kind: 'pdf' };
  if (ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (/^(avif|avis)$/.test(brand)) return { kind: 'unreadable-image', name: 'an AVIF image' };
    if (/^(heic|heix|hevc|hevx|mif1|msf1)$/.test(brand))
      return { kind: 'unreadable-image', name: 'a HEIC/HEIF image' };
    return { kind: 'binary', name: 'a video or audio file' };
  }
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a))
    return { kind: 'unreadable-image', name: 'a TIFF image' };
  if (starts(0x50, 0x4b, 0x03, 0x04))
    return {
      kind: 'binary',
      name: 'ZIP archive (Word, Excel and PowerPoint files are ZIP archives too)',
    };
  if (starts(0x1f, 0x8b)) return { kind: 'binary', name: 'gzip archive' };
  if (starts(0x7f, 0x45, 0x4c, 0x46) || ascii(head, 0, 2) === 'MZ')
    return { kind: 'binary', name: 'program' };
  return { kind: 'text' };
}

const megabytes = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

// ---------------------------------------------------------------------------------------------
// Text

/** Extensions whose fence word is not the extension itself; any other extension is used as it is. */
const LANGUAGES: Readonly<Record<string, string>> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  rb: 'ruby',
  rs: 'rust',
  kt: 'kotlin',
  md: 'markdown',
  yml: 'yaml',
  sh: 'bash',
  h: 'c',
  hpp: 'cpp',
  cc: 'cpp',
  cs: 'csharp',
  txt: 'text',
  log: 'text',
};
const LANGUAGE_BY_NAME: Readonly<Record<string, string>> = {
  dockerfile: 'dockerfile',
  makefile: 'makefile',
};

export function languageOf(name: string): string {
  const base = path.basename(name).toLowerCase();
  if (LANGUAGE_BY_NAME[base]) return LANGUAGE_BY_NAME[base];
  const extension = path.extname(base).slice(1);
  if (!/^[a-z0-9+#-]{1,12}$/.test(extension)) return 'text';
  return LANGUAGES[extension] ?? extension;
}

/** The file name as one line of text, so it cannot restructure the message. */
const shownName = (name: string): string =>
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  name.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim() || 'unnamed file';

/** A fence longer than any run of backticks in the text, so no line of it closes the fence. */
function fenced(name: string, content: string, language: string): string {
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `${shownName(name)}\n${fence}${language}\n${body}${fence}`;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BINARY_CONTROL = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/;

export function textAttachment(name: string, bytes: Uint8Array): OutgoingAttachment {
  const shown = shownName(name);
  if (bytes.length > CLI_ATTACHMENT_LIMITS.maxTextBytes) {
    throw new Error(
      `${shown} is ${megabytes(bytes.length)}; a text file can be at most ${megabytes(CLI_ATTACHMENT_LIMITS.maxTextBytes)}.`,
    );
  }
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  let skip = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) skip = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, skip] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, skip] = ['utf-16be', 2];
  let content: string;
  try {
    content = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(skip),
    );
  } catch {
    if (bytes.subarray(0, 8192).includes(0)) throw notText(shown, 'a binary file');
    throw new Error(
      `${shown} is not UTF-8 or UTF-16 text (it may use an older encoding such as Windows-1252). Save it as UTF-8 and attach it again.`,
    );
  }
  if (BINARY_CONTROL.test(content)) throw notText(shown, 'a binary file');
  return { kind: 'text', name, text: fenced(name, content, languageOf(name)) };
}

const notText = (shown: string, what: string): Error =>
  new Error(
    `${shown} is ${what}, not text, so it cannot be attached. Attach images, PDFs or text and code files.`,
  );

// ---------------------------------------------------------------------------------------------
// Images

/** The size that fits the long and short side limits, never larger than the original. */
export function fitWithin(width: number, height: number): { width: number; height: number } {
  const { imageLongSide, imageShortSide } = CLI_ATTACHMENT_LIMITS;
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const scale = Math.min(1, imageLongSide / long, imageShortSide / short);
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

async function imageAttachment(
  name: string,
  bytes: Uint8Array,
  format: 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp',
): Promise<ReadAttachment> {
  const shown = shownName(name);
  if (format === 'webp') {
    if (bytes.length > CLI_ATTACHMENT_LIMITS.maxUnchangedImageBytes) {
      throw new Error(
        `${shown} is a ${megabytes(bytes.length)} WebP image; runnel ask sends WebP as it is, at most ${megabytes(CLI_ATTACHMENT_LIMITS.maxUnchangedImageBytes)}. Convert it to JPEG or PNG, which are resized, or attach a smaller one.`,
      );
    }
    // Not re-encoded, so its metadata (a photo's EXIF can say where it was taken) is cut out here.
    const stripped = withoutWebpMetadata(bytes);
    if (!stripped.ok) {
      throw new Error(`${shown} could not be read as WebP: ${stripped.reason}. It may be damaged.`);
    }
    const removed =
      stripped.removed.length > 0 ? `, without its ${stripped.removed.join(' and ')} metadata` : '';
    return {
      attachment: { kind: 'image', name, mime: 'image/webp', bytes: stripped.bytes },
      note: `${shown} is sent at its own size${removed} (WebP is not resized by runnel ask).`,
    };
  }
  const { Jimp } = await import('jimp');
  let image: Awaited<ReturnType<typeof Jimp.read>>;
  try {
    image = await Jimp.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    throw new Error(`${shown} could not be decoded: the image is damaged or incomplete.`);
  }
  const size = fitWithin(image.width, image.height);
  if (size.width !== image.width || size.height !== image.height) {
    image.resize({ w: size.width, h: size.height });
  }
  const png = image.hasAlpha();
  const encoded = png
    ? await image.getBuffer('image/png')
    : await image.getBuffer('image/jpeg', { quality: 85 });
  return {
    attachment: { kind: 'image', name, mime: png ? 'image/png' : 'image/jpeg', bytes: encoded },
    ...(format === 'gif' ? { note: `${shown}: only the first frame of a GIF is sent.` } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// PDFs

interface PdfTextItem {
  str?: string;
  hasEOL?: boolean;
}

/** Where pdf.js's binary data is, as the folder paths (with their trailing separator) it takes. */
export interface PdfDataFolders {
  cMapUrl: string;
  standardFontDataUrl: string;
}

/**
 * pdf.js's CMaps (without them the text of Chinese, Japanese and Korean PDFs that use predefined
 * encodings comes out empty) and standard fonts: beside the built CLI (scripts/build-cli.mjs copies
 * them to dist-cli/pdfjs/, as the bundle has no node_modules), else in pdfjs-dist found upwards from
 * `moduleUrl` (running from source).
 */
export function pdfDataFolders(moduleUrl: string): PdfDataFolders {
  const here = path.dirname(fileURLToPath(moduleUrl));
  const at = (root: string): PdfDataFolders => ({
    cMapUrl: path.join(root, 'cmaps') + path.sep,
    standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
  });
  const beside = path.join(here, 'pdfjs');
  if (existsSync(path.join(beside, 'cmaps'))) return at(beside);
  for (let folder = here; ; folder = path.dirname(folder)) {
    const installed = path.join(folder, 'node_modules', 'pdfjs-dist');
    if (existsSync(path.join(installed, 'cmaps'))) return at(installed);
    if (path.dirname(folder) === folder) return at(beside);
  }
}

async function pdfAttachment(name: string, bytes: Uint8Array): Promise<ReadAttachment> {
  const shown = shownName(name);
  // pdf.js runs its worker's code in this thread when `globalThis.pdfjsWorker` is set (its Node
  // "fake worker"); importing it here lets the CLI bundle carry it instead of loading a file by path.
  // @ts-expect-error -- pdf.js ships no types for its worker module; only its presence matters here.
  const worker: unknown = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let document: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  let loading: ReturnType<typeof pdfjs.getDocument> | null = null;
  try {
    loading = pdfjs.getDocument({
      data: new Uint8Array(bytes),
      ...pdfDataFolders(import.meta.url),
      cMapPacked: true,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    });
    document = await loading.promise;
  } catch (error) {
    await loading?.destroy();
    if (error instanceof Error && error.name === 'PasswordException') {
      throw new Error(
        `${shown} is protected by a password; runnel ask cannot open it. Save an unprotected copy and attach that.`,
        { cause: error },
      );
    }
    throw new Error(`${shown} could not be read as a PDF: it is damaged or not really a PDF.`, {
      cause: error,
    });
  }
  const pageCount = document.numPages;
  const parts = [`${shown} (PDF, ${pageCount} ${pageCount === 1 ? 'page' : 'pages'})`];
  let chars = 0;
  let withText = 0;
  let cutAfter: number | null = null;
  for (let number = 1; number <= pageCount; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    const text = (content.items as PdfTextItem[])
      .map((item) => `${item.str ?? ''}${item.hasEOL ? '\n' : ''}`)
      .join('')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    page.cleanup();
    if (text !== '') withText += 1;
    if (chars + text.length > CLI_ATTACHMENT_LIMITS.maxPdfTextChars) {
      cutAfter = number - 1;
      break;
    }
    chars += text.length;
    parts.push(`--- Page ${number} of ${pageCount} ---`, text);
  }
  await loading.destroy();
  if (withText === 0) {
    throw new Error(
      `${shown} has no text (it looks scanned), and runnel ask cannot send its pages as images. Export its pages as PNG or JPEG and attach those, or use the app.`,
    );
  }
  return {
    attachment: { kind: 'text', name, text: parts.filter((part) => part !== '').join('\n\n') },
    ...(cutAfter === null
      ? {}
      : {
          note: `${shown}: only pages 1 to ${cutAfter} are sent; the rest is over the text limit.`,
        }),
  };
}

// ---------------------------------------------------------------------------------------------

/** Reads one `--attach` file; throws an Error that says why it cannot be sent. */
export async function readAttachment(file: string): Promise<ReadAttachment> {
  const name = path.basename(file);
  const shown = shownName(name);
  let head: Uint8Array;
  let size: number;
  try {
    const handle = await open(file, 'r');
    try {
      size = (await handle.stat()).size;
      head = new Uint8Array(16);
      await handle.read(head, 0, 16, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `--attach ${file}: no such file.`
        : code === 'EISDIR'
          ? `--attach ${file} is a folder; attach files one by one.`
          : `--attach ${file} could not be read (${code ?? 'error'}).`,
      { cause: error },
    );
  }
  if (size === 0) throw new Error(`${shown} is empty: there is nothing to attach.`);
  const sniffed = sniff(head);
  // Sizes are checked before the file is read, so a 3 GB video is refused without loading it.
  const cap =
    sniffed.kind === 'image'
      ? CLI_ATTACHMENT_LIMITS.maxImageBytes
      : sniffed.kind === 'pdf'
        ? CLI_ATTACHMENT_LIMITS.maxPdfBytes
        : CLI_ATTACHMENT_LIMITS.maxTextBytes;
  const what =
    sniffed.kind === 'image' ? 'an image' : sniffed.kind === 'pdf' ? 'a PDF' : 'a text file';
  if (sniffed.kind === 'unreadable-image') {
    throw new Error(
      `${shown} is ${sniffed.name}, which runnel ask cannot read. Convert it to JPEG or PNG and attach that.`,
    );
  }
  if (sniffed.kind === 'binary') throw notText(shown, `a ${sniffed.name}`);
  if (size > cap) {
    throw new Error(`${shown} is ${megabytes(size)}; ${what} can be at most ${megabytes(cap)}.`);
  }
  const bytes = new Uint8Array(await readFile(file));
  if (sniffed.kind === 'image') return imageAttachment(name, bytes, sniffed.format);
  if (sniffed.kind === 'pdf') return pdfAttachment(name, bytes);
  return { attachment: textAttachment(name, bytes) };
}

/** Every `--attach` file, in order; the first that cannot be sent stops the question. */
export async function readAttachments(files: readonly string[]): Promise<ReadAttachment[]> {
  const read: ReadAttachment[] = [];
  for (const file of files) read.push(await readAttachment(file));
  return read;
}
