import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../../../renderer/src/attachments/format-sniff';

const fixture = (name: string) =>
  new Uint8Array(
    readFileSync(path.join(import.meta.dirname, '../../../fixtures/attachments', name)),
  );
const ascii = (text: string) => new TextEncoder().encode(text);

describe('sniffFormat', () => {
  it('knows the fixture images by their bytes', () => {
    expect(sniffFormat(fixture('opaque.png'))).toEqual({ kind: 'image', format: 'png' });
    expect(sniffFormat(fixture('orientation-6.jpg'))).toEqual({ kind: 'image', format: 'jpeg' });
    expect(sniffFormat(fixture('animated.gif'))).toEqual({ kind: 'image', format: 'gif' });
    expect(sniffFormat(fixture('photo.webp'))).toEqual({ kind: 'image', format: 'webp' });
    expect(sniffFormat(fixture('text.pdf'))).toEqual({ kind: 'pdf' });
  });

  it('names formats Chromium cannot decode, whatever the file is called', () => {
    expect(sniffFormat(fixture('photo.heic'))).toEqual({
      kind: 'undecodable-image',
      format: 'heic',
    });
    expect(sniffFormat(Uint8Array.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]))).toEqual({
      kind: 'undecodable-image',
      format: 'tiff',
    });
    expect(sniffFormat(Uint8Array.from([0xff, 0x0a, 1, 2]))).toEqual({
      kind: 'undecodable-image',
      format: 'jpeg-xl',
    });
    expect(sniffFormat(ascii('8BPS\0\x01'))).toEqual({ kind: 'undecodable-image', format: 'psd' });
  });

  it('tells AVIF (decodable) from HEIC although both are ISO-BMFF with mif1', () => {
    const ftyp = (major: string, ...compatible: string[]) => {
      const size = 16 + 4 * compatible.length;
      return Uint8Array.from([
        0,
        0,
        0,
        size,
        ...ascii(`ftyp${major}\0\0\0\0${compatible.join('')}`),
      ]);
    };
    expect(sniffFormat(ftyp('avif', 'mif1', 'miaf'))).toEqual({ kind: 'image', format: 'avif' });
    expect(sniffFormat(ftyp('mif1', 'mif1', 'heic'))).toEqual({
      kind: 'undecodable-image',
      format: 'heic',
    });
    expect(sniffFormat(ftyp('isom', 'isom', 'mp41'))).toEqual({ kind: 'binary', format: 'media' });
  });

  it('finds a PDF header after leading junk, as readers do', () => {
    expect(sniffFormat(ascii('\r\n\r\n%PDF-1.4\n'))).toEqual({ kind: 'pdf' });
  });

  it('names archives and programs, and leaves text unknown', () => {
    expect(sniffFormat(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0]))).toEqual({
      kind: 'binary',
      format: 'zip',
    });
    expect(sniffFormat(ascii('\x7fELF\x02\x01'))).toEqual({ kind: 'binary', format: 'executable' });
    expect(sniffFormat(ascii('const x = 1;\n'))).toEqual({ kind: 'unknown' });
    expect(sniffFormat(new Uint8Array())).toEqual({ kind: 'unknown' });
  });
});
