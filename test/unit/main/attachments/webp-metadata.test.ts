import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutWebpMetadata } from '../../../../main/attachments/webp-metadata';

const photo = new Uint8Array(
  readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/attachments/photo.webp')),
);

const ascii = (value: string) => new Uint8Array([...value].map((c) => c.charCodeAt(0)));
const u32 = (value: number) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
};
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const chunk = (name: string, payload: Uint8Array) =>
  concat(
    ascii(name),
    u32(payload.length),
    payload,
    payload.length % 2 ? new Uint8Array(1) : new Uint8Array(),
  );

/** photo.webp (VP8X, ICCP, VP8) with an EXIF chunk (odd size: padded) and an XMP one added. */
function withMetadata(): Uint8Array {
  const chunks = photo.subarray(12);
  const exif = chunk('EXIF', ascii('Exif\0\0GPSLatitude 48.8584 N'));
  const xmp = chunk('XMP ', ascii('<x:xmpmeta>secret place</x:xmpmeta>'));
  const body = concat(ascii('WEBP'), chunks, exif, xmp);
  const file = concat(ascii('RIFF'), u32(body.length), body);
  file[20] = file[20]! | 0x08 | 0x04; // VP8X says EXIF and XMP are there
  return file;
}

const has = (bytes: Uint8Array, what: string) => Buffer.from(bytes).includes(what);

describe('withoutWebpMetadata', () => {
  it('drops the EXIF and XMP chunks and their flags, keeping the image byte for byte', () => {
    const input = withMetadata();
    expect(has(input, 'GPSLatitude')).toBe(true);
    const result = withoutWebpMetadata(input);
    if (!result.ok) throw new Error(result.reason);
    expect(result.removed).toEqual(['EXIF', 'XMP']);
    expect(has(result.bytes, 'GPSLatitude')).toBe(false);
    expect(has(result.bytes, 'secret place')).toBe(false);
    expect(result.bytes[20]! & 0x0c).toBe(0);
    // What is left is the original file: same chunks, same RIFF size.
    expect(Buffer.from(result.bytes).equals(Buffer.from(photo))).toBe(true);
  });

  it('returns a file without metadata unchanged', () => {
    const result = withoutWebpMetadata(photo);
    expect(result).toEqual({ ok: true, bytes: photo, removed: [] });
  });

  it('refuses a cut or foreign file with a reason, never reads past it', () => {
    expect(withoutWebpMetadata(ascii('RIFF'))).toMatchObject({ ok: false });
    expect(withoutWebpMetadata(photo.subarray(0, 40))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cut short/),
    });
    const lying = withMetadata();
    new DataView(lying.buffer).setUint32(16, 0xfffffff0, true); // VP8X claims 4 GB
    expect(withoutWebpMetadata(lying)).toMatchObject({ ok: false });
    expect(withoutWebpMetadata(concat(ascii('RIFF'), u32(4), ascii('WAVE')))).toEqual({
      ok: false,
      reason: 'it is not a WebP file',
    });
  });
});
