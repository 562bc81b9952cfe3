/**
 * The checks made before anything is decoded: what the bytes are (not what the name says), the size
 * caps and the decompression-bomb guard. The readers that need Chromium are stand-ins here that record
 * whether they were reached; the Chromium e2e (attachments-processing.spec.ts) runs the real ones.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAttachmentReader } from '../../../../renderer/src/attachments/attachment-reader';
import {
  DEFAULT_LIMITS,
  type AttachmentResult,
} from '../../../../renderer/src/attachments/attachment-result';

const fixture = (name: string) =>
  new Uint8Array(
    readFileSync(path.join(import.meta.dirname, '../../../fixtures/attachments', name)),
  );

function readerWithStandIns() {
  const reached: string[] = [];
  const standIn =
    (kind: string) =>
    async (input: { name: string }): Promise<AttachmentResult> => {
      reached.push(`${kind}:${input.name}`);
      return { kind: 'refused', name: input.name, code: 'processing-failed', message: 'stand-in' };
    };
  const reader = createAttachmentReader({
    readImage: standIn('image'),
    readPdf: standIn('pdf'),
    renderPdfPages: async (input) => {
      reached.push(`pages:${input.name}`);
      return { kind: 'pdf-pages', name: input.name, pageCount: 1, images: [] };
    },
  });
  return { reader, reached };
}

const request = (name: string, bytes: Uint8Array, limits = DEFAULT_LIMITS) => ({
  name,
  bytes,
  limits,
});

describe('createAttachmentReader', () => {
  it('routes by the bytes: a PNG named .txt is an image, a PDF named .jpg is a PDF', async () => {
    const { reader, reached } = readerWithStandIns();
    await reader.read(request('notes.txt', fixture('transparent.png')));
    await reader.read(request('scan.jpg', fixture('text.pdf')));
    expect(reached).toEqual(['image:notes.txt', 'pdf:scan.jpg']);
  });

  it('refuses a HEIC photo by name of format, even when it is called .jpg', async () => {
    const { reader, reached } = readerWithStandIns();
    const result = await reader.read(request('IMG_0001.jpg', fixture('photo.heic')));
    expect(result).toEqual({
      kind: 'refused',
      name: 'IMG_0001.jpg',
      code: 'unsupported-image-format',
      message:
        'IMG_0001.jpg is a HEIC/HEIF image, which Runnel cannot read. Convert it to JPEG or PNG ' +
        '(on a Mac: open it in Preview, File > Export) and attach that.',
    });
    expect(reached).toEqual([]);
  });

  it('refuses a decompression bomb from its header, before any decoder sees it', async () => {
    const { reader, reached } = readerWithStandIns();
    const result = await reader.read(request('tiny.png', fixture('bomb.png')));
    expect(result).toMatchObject({
      code: 'image-too-many-pixels',
      message:
        'tiny.png is 100000 x 100000 pixels (10000 megapixels); images can have at most 64 megapixels. ' +
        'Save a smaller copy and attach that.',
    });
    expect(reached).toEqual([]);
  });

  it('applies the pixel and byte caps given as parameters', async () => {
    const { reader, reached } = readerWithStandIns();
    const small = { ...DEFAULT_LIMITS, maxImagePixels: 100_000 };
    expect(await reader.read(request('photo.png', fixture('opaque.png'), small))).toMatchObject({
      code: 'image-too-many-pixels',
    });
    const tight = { ...DEFAULT_LIMITS, maxImageBytes: 1000 };
    expect(await reader.read(request('photo.png', fixture('opaque.png'), tight))).toMatchObject({
      code: 'image-file-too-large',
      message: expect.stringMatching(/^photo\.png is 356 KB; an image can be at most 1000 bytes\./),
    });
    const pdfCap = { ...DEFAULT_LIMITS, maxPdfBytes: 100 };
    expect(await reader.read(request('paper.pdf', fixture('text.pdf'), pdfCap))).toMatchObject({
      code: 'pdf-too-large',
    });
    expect(reached).toEqual([]);
  });

  it('refuses an image whose header cannot be read as damaged', async () => {
    const { reader } = readerWithStandIns();
    expect(
      await reader.read(request('cut.png', fixture('opaque.png').subarray(0, 20))),
    ).toMatchObject({
      code: 'image-damaged',
      message: expect.stringContaining(
        'cut.png looks like a PNG image, but its header cannot be read',
      ),
    });
  });

  it('inlines text and refuses archives', async () => {
    const { reader } = readerWithStandIns();
    expect(
      await reader.read(request('a.ts', new TextEncoder().encode('export {};\n'))),
    ).toMatchObject({
      kind: 'text',
      language: 'typescript',
    });
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0x9c, 0xfe, 0, 0]);
    expect(await reader.read(request('slides.pptx', zip))).toMatchObject({
      code: 'binary-file',
      message: expect.stringContaining('slides.pptx is a ZIP archive'),
    });
  });

  it('refuses an empty file', async () => {
    const { reader } = readerWithStandIns();
    expect(await reader.read(request('empty.png', new Uint8Array()))).toMatchObject({
      code: 'empty-file',
    });
  });

  it('renders pages only of a PDF', async () => {
    const { reader, reached } = readerWithStandIns();
    expect(await reader.renderPdfPages(request('photo.png', fixture('opaque.png')))).toMatchObject({
      code: 'pdf-damaged',
    });
    expect((await reader.renderPdfPages(request('scan.pdf', fixture('scanned.pdf')))).kind).toBe(
      'pdf-pages',
    );
    expect(reached).toEqual(['pages:scan.pdf']);
  });
});
