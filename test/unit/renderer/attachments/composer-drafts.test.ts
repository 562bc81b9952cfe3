import { describe, expect, it } from 'vitest';
import {
  kindOfFile,
  processing,
  sentOf,
  settled,
} from '../../../../renderer/src/attachments/composer-drafts';
import { toPayload, withoutImages } from '../../../../renderer/src/attachments/sent-attachment';
import type { ImageAttachment } from '../../../../renderer/src/attachments/attachment-result';

const page = (n: number): ImageAttachment => ({
  kind: 'image',
  name: `scan.pdf page ${n}`,
  mime: 'image/jpeg',
  dataUrl: 'data:image/jpeg;base64,AA==',
  bytes: new ArrayBuffer(n),
  width: 10,
  height: 10,
  originalWidth: 10,
  originalHeight: 10,
  sourceFormat: 'PDF',
});

describe('composer drafts', () => {
  it('guesses the chip before the file is read: image, PDF, or another file', () => {
    expect(kindOfFile('a.png', 'image/png')).toBe('image');
    expect(kindOfFile('a.PDF', '')).toBe('pdf');
    expect(kindOfFile('a.rs', '')).toBe('file');
  });

  it('a PDF becomes its text, with its page count; a scanned one says so', () => {
    const draft = settled(processing('1', 'scan.pdf', 2048, 'application/pdf'), {
      kind: 'pdf',
      name: 'scan.pdf',
      text: 'scan.pdf\n\n--- Page 1 of 2 ---\n\n--- Page 2 of 2 ---',
      pageCount: 2,
      textLayer: 'none',
      pagesWithText: 0,
      size: 2048,
    });
    expect(draft).toMatchObject({ status: 'ready', kind: 'pdf', pages: 2, scanned: true });
    expect(sentOf([draft])).toEqual([
      expect.objectContaining({ kind: 'pdf', pages: 2, mime: 'application/pdf' }),
    ]);
  });

  it("a scanned PDF's pages go as images, each named for its page", () => {
    const draft = settled(processing('1', 'scan.pdf', 2048, 'application/pdf'), {
      kind: 'pdf-pages',
      name: 'scan.pdf',
      pageCount: 2,
      images: [page(1), page(2)],
    });
    const sent = sentOf([draft]);
    expect(sent.map((a) => a.name)).toEqual(['scan.pdf, page 1 of 2', 'scan.pdf, page 2 of 2']);
    expect(sent.map(toPayload).map((p) => p.kind)).toEqual(['image', 'image']);
    expect(withoutImages(sent)).toEqual([]);
  });

  it('a refusal keeps its code and words, and sends nothing', () => {
    const draft = settled(processing('1', 'a.docx', 9, ''), {
      kind: 'refused',
      name: 'a.docx',
      code: 'binary-file',
      message: 'a.docx is a ZIP archive, not text',
    });
    expect(draft).toMatchObject({ status: 'refused', code: 'binary-file' });
    expect(sentOf([draft])).toEqual([]);
  });

  it('crosses IPC as image bytes (the same ArrayBuffer, kept for a resend) or text', () => {
    const [image] = sentOf([settled(processing('1', 'p', 1, 'image/jpeg'), page(3))]);
    const payload = image ? toPayload(image) : null;
    expect(payload).toEqual({
      kind: 'image',
      name: 'scan.pdf page 3',
      mime: 'image/jpeg',
      bytes: image?.kind === 'image' ? image.bytes : null,
    });
  });
});
