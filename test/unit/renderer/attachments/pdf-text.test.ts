import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../../renderer/src/attachments/pdf-text';

describe('pdfText', () => {
  it('puts a marker before each page and the page count in the heading', () => {
    const result = pdfText(
      'paper.pdf',
      1000,
      2,
      [
        { number: 1, text: 'Abstract  \nWe show.' },
        { number: 2, text: 'Results\n\n\n\nThey hold.' },
      ],
      1_000_000,
    );
    expect(result).toMatchObject({
      kind: 'pdf',
      pageCount: 2,
      textLayer: 'full',
      pagesWithText: 2,
    });
    expect(result.text).toBe(
      'paper.pdf (PDF, 2 pages)\n\n--- Page 1 of 2 ---\n\nAbstract\nWe show.\n\n--- Page 2 of 2 ---\n\nResults\n\nThey hold.',
    );
    expect(result.note).toBeUndefined();
  });

  it('says a PDF without any text is scanned', () => {
    const result = pdfText('scan.pdf', 1000, 1, [{ number: 1, text: '  ' }], 1_000_000);
    expect(result.textLayer).toBe('none');
    expect(result.note).toContain('has no text layer (it looks scanned)');
  });

  it('marks a partly scanned PDF', () => {
    const result = pdfText(
      'mixed.pdf',
      1,
      2,
      [
        { number: 1, text: 'x' },
        { number: 2, text: '' },
      ],
      100,
    );
    expect(result.textLayer).toBe('partial');
    expect(result.text).toContain('--- Page 2 of 2 ---\n\n(no text on this page)');
  });

  it('cuts at a page boundary past the character cap, and says so', () => {
    const pages = [1, 2, 3].map((number) => ({ number, text: 'x'.repeat(40) }));
    const result = pdfText('book.pdf', 1, 300, pages, 100);
    expect(result.cutAfterPage).toBe(2);
    expect(result.text).not.toContain('Page 3');
    expect(result.note).toContain('only the text up to page 2 is attached');
  });

  it('cuts a first page longer than the whole cap rather than dropping it', () => {
    const result = pdfText('dense.pdf', 1, 1, [{ number: 1, text: 'y'.repeat(500) }], 100);
    expect(result.cutAfterPage).toBe(1);
    expect(result.text.endsWith(`\n\n${'y'.repeat(100)}`)).toBe(true);
  });
});
