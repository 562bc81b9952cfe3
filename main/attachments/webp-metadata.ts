/**
 * WebP without its metadata: `runnel ask` sends WebP as it is (its image library has no WebP codec),
 * and a photo's EXIF chunk can hold where it was taken. The EXIF and XMP chunks are dropped and the
 * extended header's flags for them cleared, per Google's WebP container specification (RIFF); the
 * image, alpha, animation and colour-profile chunks stay byte for byte.
 */

const text = (bytes: Uint8Array, at: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + 4));

const METADATA = new Set(['EXIF', 'XMP ']);
/** VP8X flag bits: EXIF metadata present, XMP metadata present. */
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;

export type WebpResult =
  { ok: true; bytes: Uint8Array; removed: string[] } | { ok: false; reason: string };

export function withoutWebpMetadata(input: Uint8Array): WebpResult {
  if (input.length < 12 || text(input, 0) !== 'RIFF' || text(input, 8) !== 'WEBP') {
    return { ok: false, reason: 'it is not a WebP file' };
  }
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  // The RIFF size counts from byte 8; a file longer than it says carries trailing bytes, not chunks.
  const end = Math.min(input.length, 8 + view.getUint32(4, true));
  const kept: Uint8Array[] = [];
  const removed: string[] = [];
  for (let at = 12; at < end;) {
    if (at + 8 > end) return { ok: false, reason: 'a chunk header is cut short' };
    const name = text(input, at);
    const size = view.getUint32(at + 4, true);
    const next = at + 8 + size + (size % 2);
    if (at + 8 + size > end) return { ok: false, reason: `its ${name.trim()} chunk is cut short` };
    const chunk = input.slice(at, Math.min(next, end));
    if (METADATA.has(name)) removed.push(name.trim());
    else kept.push(chunk);
    at = next;
  }
  if (removed.length === 0) return { ok: true, bytes: input, removed };
  const first = kept[0];
  if (first && text(first, 0) === 'VP8X' && first.length > 8) {
    first[8] = (first[8] ?? 0) & ~(EXIF_FLAG | XMP_FLAG);
  }
  const length = 12 + kept.reduce((sum, chunk) => sum + chunk.length, 0);
  const bytes = new Uint8Array(length);
  bytes.set(input.subarray(0, 12));
  new DataView(bytes.buffer).setUint32(4, length - 8, true);
  let offset = 12;
  for (const chunk of kept) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { ok: true, bytes, removed };
}
