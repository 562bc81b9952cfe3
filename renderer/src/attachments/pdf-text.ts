/**
 * The message text of a PDF from its pages' text: page markers a model can cite, the page count, and
 * whether the PDF has a text layer at all (a scanned PDF has none). Pure, so Node tests cover it.
 */
import type { PdfAttachment } from './attachment-result';
import { displayName } from './text-file';

export interface PageText {
  number: number;
  text: string;
}

const tidy = (text: string): string =>
  text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

export function pdfText(
  name: string,
  size: number,
  pageCount: number,
  pages: readonly PageText[],
  maxChars: number,
): PdfAttachment {
  const shown = displayName(name);
  const parts = [`${shown} (PDF, ${pageCount} ${pageCount === 1 ? 'page' : 'pages'})`];
  let pagesWithText = 0;
  let chars = 0;
  let cutAfterPage: number | undefined;
  let included = 0;
  for (const page of pages) {
    let text = tidy(page.text);
    if (chars + text.length > maxChars) {
      if (included > 0) {
        cutAfterPage = page.number - 1;
        break;
      }
      // A first page longer than the whole budget is cut itself rather than dropped.
      text = text.slice(0, maxChars);
      cutAfterPage = page.number;
    }
    included += 1;
    if (text !== '') pagesWithText += 1;
    chars += text.length;
    parts.push(
      `--- Page ${page.number} of ${pageCount} ---`,
      text === '' ? '(no text on this page)' : text,
    );
    if (cutAfterPage !== undefined) break;
  }
  if (cutAfterPage === undefined && included < pageCount) cutAfterPage = included;
  const textLayer = pagesWithText === 0 ? 'none' : pagesWithText < included ? 'partial' : 'full';
  const notes: string[] = [];
  if (textLayer === 'none') {
    notes.push(
      `${shown} has no text layer (it looks scanned). Send its pages as images to a model that reads images.`,
    );
  }
  if (cutAfterPage !== undefined) {
    notes.push(`${shown} is long: only the text up to page ${cutAfterPage} is attached.`);
  }
  return {
    kind: 'pdf',
    name,
    text: parts.join('\n\n'),
    pageCount,
    textLayer,
    pagesWithText,
    ...(cutAfterPage === undefined ? {} : { cutAfterPage }),
    size,
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
  };
}
