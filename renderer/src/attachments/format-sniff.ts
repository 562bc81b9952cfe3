/**
 * What a file really is, from its first bytes: a name's extension and a browser's `File.type` are
 * guesses (a HEIC photo renamed .jpg is still HEIC), so every decision downstream starts here.
 */

/** Images Chromium decodes in a worker with createImageBitmap. */
export type DecodableImage = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'ico' | 'avif';
/** Image formats Chromium has no decoder for: refused with their name. */
export type UndecodableImage = 'heic' | 'tiff' | 'jpeg-xl' | 'jpeg-2000' | 'psd';
/** Binary files that are not images or PDFs, named so the refusal can say what they are. */
export type OtherBinary = 'zip' | 'gzip' | '7z' | 'rar' | 'executable' | 'ole' | 'sqlite' | 'media';

export type SniffedFormat =
  | { kind: 'image'; format: DecodableImage }
  | { kind: 'undecodable-image'; format: UndecodableImage }
  | { kind: 'pdf' }
  | { kind: 'binary'; format: OtherBinary }
  | { kind: 'unknown' };

/** How each format is named in messages and on `sourceFormat`. */
export const FORMAT_NAMES: Readonly<
  Record<DecodableImage | UndecodableImage | OtherBinary, string>
> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  ico: 'ICO',
  avif: 'AVIF',
  heic: 'HEIC/HEIF',
  tiff: 'TIFF',
  'jpeg-xl': 'JPEG XL',
  'jpeg-2000': 'JPEG 2000',
  psd: 'Photoshop (PSD)',
  zip: 'ZIP archive (Word, Excel and PowerPoint files are ZIP archives too)',
  gzip: 'gzip archive',
  '7z': '7-Zip archive',
  rar: 'RAR archive',
  executable: 'program',
  ole: 'legacy Office document',
  sqlite: 'SQLite database',
  media: 'audio or video file',
};

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (bytes: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

/** ISO-BMFF brands (`ftyp` box): HEIF family vs AVIF, which Chromium decodes. */
const heifBrands = new Set([
  'heic',
  'heix',
  'hevc',
  'hevx',
  'heim',
  'heis',
  'hevm',
  'hevs',
  'mif1',
  'msf1',
]);
const avifBrands = new Set(['avif', 'avis']);
const videoBrands = new Set([
  'isom',
  'iso2',
  'mp41',
  'mp42',
  'qt  ',
  'M4A ',
  'M4V ',
  'dash',
  '3gp4',
  '3gp5',
]);

function sniffIsoBmff(bytes: Uint8Array): SniffedFormat | null {
  if (ascii(bytes, 4, 8) !== 'ftyp') return null;
  const size =
    ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  const end = Math.min(Math.max(size, 16), 256, bytes.length);
  // The major brand, then the compatible brands: AVIF files often list mif1 too, so AVIF wins.
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, at + 4));
  if (brands.some((b) => avifBrands.has(b))) return { kind: 'image', format: 'avif' };
  if (brands.some((b) => heifBrands.has(b))) return { kind: 'undecodable-image', format: 'heic' };
  if (brands.some((b) => videoBrands.has(b))) return { kind: 'binary', format: 'media' };
  return null;
}

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { kind: 'image', format: 'png' };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg' };
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') {
    return { kind: 'image', format: 'gif' };
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
    return { kind: 'image', format: 'webp' };
  }
  if (ascii(bytes, 0, 4) === 'RIFF') return { kind: 'binary', format: 'media' };
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 26) return { kind: 'image', format: 'bmp' };
  if (startsWith(bytes, [0, 0, 1, 0]) && bytes.length >= 22 && (bytes[4] ?? 0) > 0) {
    return { kind: 'image', format: 'ico' };
  }
  const iso = sniffIsoBmff(bytes);
  if (iso) return iso;
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: 'undecodable-image', format: 'tiff' };
  }
  if (
    startsWith(bytes, [0xff, 0x0a]) ||
    startsWith(bytes, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a])
  ) {
    return { kind: 'undecodable-image', format: 'jpeg-xl' };
  }
  if (
    startsWith(bytes, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]) ||
    startsWith(bytes, [0xff, 0x4f, 0xff, 0x51])
  ) {
    return { kind: 'undecodable-image', format: 'jpeg-2000' };
  }
  if (ascii(bytes, 0, 4) === '8BPS') return { kind: 'undecodable-image', format: 'psd' };
  // A PDF may have junk before its header; readers look in the first 1024 bytes.
  if (ascii(bytes, 0, 1024).includes('%PDF-')) return { kind: 'pdf' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return { kind: 'binary', format: 'zip' };
  }
  if (startsWith(bytes, [0x1f, 0x8b])) return { kind: 'binary', format: 'gzip' };
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))
    return { kind: 'binary', format: '7z' };
  if (ascii(bytes, 0, 4) === 'Rar!') return { kind: 'binary', format: 'rar' };
  if (
    ascii(bytes, 0, 4) === '\x7fELF' ||
    ascii(bytes, 0, 2) === 'MZ' ||
    startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])
  ) {
    return { kind: 'binary', format: 'executable' };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { kind: 'binary', format: 'ole' };
  }
  if (ascii(bytes, 0, 16) === 'SQLite format 3\0') return { kind: 'binary', format: 'sqlite' };
  if (
    ascii(bytes, 0, 3) === 'ID3' ||
    ascii(bytes, 0, 4) === 'OggS' ||
    ascii(bytes, 0, 4) === 'fLaC'
  ) {
    return { kind: 'binary', format: 'media' };
  }
  return { kind: 'unknown' };
}
