/**
 * An image's declared size and whether it is animated, read from its header without decoding it. A
 * 200-byte PNG can declare 100,000 x 100,000 pixels (40 GB of RGBA): the size is checked here, before
 * anything allocates for it.
 */
import type { DecodableImage } from './format-sniff';

export interface ImageHeader {
  width: number;
  height: number;
  /** More than one frame: only the first is sent. */
  animated: boolean;
}

const u16be = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number): number => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, at: number): number => u16be(b, at) * 0x10000 + u16be(b, at + 2);
const i32le = (b: Uint8Array, at: number): number => u16le(b, at) | (u16le(b, at + 2) << 16); // sign kept: BMP heights are negative for top-down rows
const tag = (b: Uint8Array, at: number): string =>
  String.fromCharCode(...b.subarray(at, Math.min(at + 4, b.length)));

function png(b: Uint8Array): ImageHeader | null {
  if (b.length < 24 || tag(b, 12) !== 'IHDR') return null;
  // An APNG declares its frames in an acTL chunk before the first IDAT.
  let animated = false;
  for (let at = 8; at + 8 <= b.length;) {
    const length = u32be(b, at);
    const type = tag(b, at + 4);
    if (type === 'acTL') animated = u32be(b, at + 8) > 1;
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + length;
  }
  return { width: u32be(b, 16), height: u32be(b, 20), animated };
}

/** SOF markers that carry the frame size (not DHT C4, JPG C8, DAC CC). */
const startOfFrame = new Set([
  0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf,
]);

function jpeg(b: Uint8Array): ImageHeader | null {
  for (let at = 2; at + 9 <= b.length;) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (startOfFrame.has(marker))
      return { width: u16be(b, at + 7), height: u16be(b, at + 5), animated: false };
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame
    at += 2 + u16be(b, at + 2);
  }
  return null;
}

function gif(b: Uint8Array): ImageHeader | null {
  if (b.length < 13) return null;
  const width = u16le(b, 6);
  const height = u16le(b, 8);
  // Walk the blocks and count image descriptors; stop at the second.
  let at = 13;
  const flags = b[10] ?? 0;
  if (flags & 0x80) at += 3 * 2 ** ((flags & 0x07) + 1);
  let frames = 0;
  const skipSubBlocks = (from: number): number => {
    let p = from;
    while (p < b.length && b[p] !== 0) p += (b[p] ?? 0) + 1;
    return p + 1;
  };
  while (at < b.length && frames < 2) {
    const block = b[at];
    if (block === 0x3b) break; // trailer
    if (block === 0x21) {
      at = skipSubBlocks(at + 2); // extension: introducer, label, sub-blocks
    } else if (block === 0x2c) {
      frames += 1;
      const local = b[at + 9] ?? 0;
      at += 10;
      if (local & 0x80) at += 3 * 2 ** ((local & 0x07) + 1);
      at = skipSubBlocks(at + 1); // LZW minimum code size, then the data
    } else {
      break;
    }
  }
  return { width, height, animated: frames > 1 };
}

function webp(b: Uint8Array): ImageHeader | null {
  const chunk = tag(b, 12);
  if (chunk === 'VP8 ' && b.length >= 30) {
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff, animated: false };
  }
  if (chunk === 'VP8L' && b.length >= 25) {
    // After the 0x2f signature: 14 bits of width - 1, then 14 bits of height - 1, little-endian.
    const bits = u16le(b, 21) + u16le(b, 23) * 0x10000;
    return {
      width: (bits & 0x3fff) + 1,
      height: (Math.floor(bits / 0x4000) & 0x3fff) + 1,
      animated: false,
    };
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    return {
      width: u24le(b, 24) + 1,
      height: u24le(b, 27) + 1,
      animated: ((b[20] ?? 0) & 0x02) !== 0,
    };
  }
  return null;
}

function bmp(b: Uint8Array): ImageHeader | null {
  if (b.length < 26) return null;
  const headerSize = u16le(b, 14);
  if (headerSize === 12) return { width: u16le(b, 18), height: u16le(b, 20), animated: false };
  return { width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)), animated: false };
}

function ico(b: Uint8Array): ImageHeader | null {
  // Entries of 0 mean 256; an embedded PNG may say more, which Chromium reads from its own header.
  if (b.length < 22) return null;
  return { width: b[6] || 256, height: b[7] || 256, animated: false };
}

function avif(b: Uint8Array): ImageHeader | null {
  // The 'ispe' property (image spatial extent) is mandatory in AVIF; take the largest one listed.
  let best: ImageHeader | null = null;
  const end = Math.min(b.length, 1 << 20);
  for (let at = 4; at + 16 <= end; at += 1) {
    if (b[at] !== 0x69 || tag(b, at) !== 'ispe') continue;
    const width = u32be(b, at + 8);
    const height = u32be(b, at + 12);
    if (!best || width * height > best.width * best.height)
      best = { width, height, animated: false };
  }
  const brands = tag(b, 8);
  return best && { ...best, animated: brands === 'avis' };
}

const readers: Readonly<Record<DecodableImage, (b: Uint8Array) => ImageHeader | null>> = {
  png,
  jpeg,
  gif,
  webp,
  bmp,
  ico,
  avif,
};

/** The header's size, or null when it cannot be read (a damaged or truncated file). */
export function readImageHeader(bytes: Uint8Array, format: DecodableImage): ImageHeader | null {
  const header = readers[format](bytes);
  return header && header.width > 0 && header.height > 0 ? header : null;
}
