/**
 * A PDF's text, and for a scanned PDF its pages as images, read with pdf.js inside the attachment
 * worker. pdf.js runs in this same worker ("fake worker": its worker module is imported here, so it
 * sets globalThis.pdfjsWorker and no second worker script is fetched), which keeps it bundled with the
 * app and inside the CSP: nothing is loaded from a CDN, nothing is evaluated from strings.
 */
import 'pdfjs-dist/build/pdf.worker.mjs';
import { getDocument, PasswordResponses, type PDFDocumentProxy } from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import {
  refused,
  type AttachmentResult,
  type ImageAttachment,
  type PdfPagesResult,
  type RefusedAttachment,
} from './attachment-result';
import type { PdfInput } from './attachment-reader';
import { encodeScaled, toImageAttachment } from './image-encoder';
import { fitWithin } from './image-fit';
import { BundledPdfData } from './pdf-data';
import { pdfText, type PageText } from './pdf-text';
import { displayName } from './text-file';

/** pdf.js draws with canvases it asks this factory for: OffscreenCanvas, as a worker has no document. */
class OffscreenCanvasFactory {
  create(width: number, height: number) {
    const canvas = new OffscreenCanvas(width, height);
    return { canvas, context: canvas.getContext('2d', { willReadFrequently: true }) };
  }
  /** Page canvases are opaque: pdf.js paints the page's white first. */
  getNoAlphaContext(canvas: OffscreenCanvas) {
    return canvas.getContext('2d', { alpha: false, willReadFrequently: true });
  }
  reset(target: { canvas: OffscreenCanvas }, width: number, height: number): void {
    target.canvas.width = width;
    target.canvas.height = height;
  }
  destroy(target: { canvas: OffscreenCanvas | null; context: unknown }): void {
    if (target.canvas) target.canvas.width = target.canvas.height = 0;
    target.canvas = null;
    target.context = null;
  }
}

/** An open document and what closes it: in pdf.js 6 the loading task owns the document's lifetime. */
type Opened =
  { document: PDFDocumentProxy; close(): Promise<void> } | { refusal: RefusedAttachment };

async function open(input: PdfInput): Promise<Opened> {
  const { name, bytes, password } = input;
  const shown = displayName(name);
  // pdf.js takes ownership of the buffer it is given; a copy leaves the caller's bytes intact.
  const task = getDocument({
    data: bytes.slice(),
    ...(password === undefined ? {} : { password }),
    CanvasFactory: OffscreenCanvasFactory,
    BinaryDataFactory: BundledPdfData,
    // The data comes through BundledPdfData, never fetched by pdf.js from a URL of its own.
    useWorkerFetch: false,
    disableWorkerRendering: true,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  } as Parameters<typeof getDocument>[0]);
  try {
    return { document: await task.promise, close: () => task.destroy() };
  } catch (error) {
    await task.destroy();
    const code = (error as { name?: string; code?: number }).code;
    if ((error as { name?: string }).name === 'PasswordException') {
      return code === PasswordResponses.INCORRECT_PASSWORD
        ? {
            refusal: refused(
              name,
              'wrong-password',
              `The password for ${shown} is not right. Type it again, or remove the file.`,
            ),
          }
        : {
            refusal: refused(
              name,
              'needs-password',
              `${shown} is protected by a password. Type its password to attach it.`,
            ),
          };
    }
    return {
      refusal: refused(
        name,
        'pdf-damaged',
        `${shown} could not be read as a PDF: the file may be damaged. Open it in a PDF viewer, ` +
          'save a new copy and attach that.',
      ),
    };
  }
}

async function pageText(document: PDFDocumentProxy, number: number): Promise<string> {
  const page = await document.getPage(number);
  try {
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const { str, hasEOL } = item as TextItem;
      text += str + (hasEOL ? '\n' : '');
    }
    return text;
  } finally {
    page.cleanup();
  }
}

export async function readPdf(input: PdfInput): Promise<AttachmentResult> {
  const opened = await open(input);
  if ('refusal' in opened) return opened.refusal;
  const { document, close } = opened;
  try {
    const pages: PageText[] = [];
    let chars = 0;
    for (let number = 1; number <= document.numPages; number += 1) {
      const text = await pageText(document, number);
      pages.push({ number, text });
      chars += text.length;
      if (chars > input.limits.maxPdfTextChars) break;
    }
    return pdfText(
      input.name,
      input.bytes.length,
      document.numPages,
      pages,
      input.limits.maxPdfTextChars,
    );
  } catch {
    return refused(
      input.name,
      'pdf-damaged',
      `The text of ${displayName(input.name)} could not be read: the file may be damaged.`,
    );
  } finally {
    await close();
  }
}

export async function renderPdfPages(input: PdfInput): Promise<PdfPagesResult> {
  const opened = await open(input);
  if ('refusal' in opened) return opened.refusal;
  const { document, close } = opened;
  const { limits } = input;
  const shown = displayName(input.name);
  const count = Math.min(document.numPages, limits.maxPdfPageImages);
  try {
    const images: ImageAttachment[] = [];
    for (let number = 1; number <= count; number += 1) {
      const page = await document.getPage(number);
      try {
        // Render straight at the size the model takes: a page at 1x is in points (1/72 inch).
        const base = page.getViewport({ scale: 1 });
        const target = fitWithin(
          { width: Math.ceil(base.width * 4), height: Math.ceil(base.height * 4) },
          limits.imageLongSide,
          limits.imageShortSide,
        );
        const viewport = page.getViewport({ scale: target.width / base.width });
        const canvas = new OffscreenCanvas(Math.floor(viewport.width), Math.floor(viewport.height));
        // pdf.js takes its context from the factory's getNoAlphaContext.
        await page.render({
          canvas: canvas as unknown as HTMLCanvasElement,
          viewport,
          background: 'white',
        }).promise;
        const encoded = await encodeScaled(
          canvas,
          { width: canvas.width, height: canvas.height },
          { format: limits.imageFormat, quality: limits.imageQuality, mayHaveAlpha: false },
        );
        const size = { width: canvas.width, height: canvas.height };
        images.push(
          await toImageAttachment(
            `${input.name} page ${number}`,
            encoded,
            { ...size, originalWidth: size.width, originalHeight: size.height },
            'PDF page',
          ),
        );
      } finally {
        page.cleanup();
      }
    }
    const note =
      document.numPages > count
        ? `Only the first ${count} of the ${document.numPages} pages of ${shown} are sent as images.`
        : undefined;
    return {
      kind: 'pdf-pages',
      name: input.name,
      pageCount: document.numPages,
      images,
      ...(note ? { note } : {}),
    };
  } catch {
    return refused(
      input.name,
      'pdf-damaged',
      `The pages of ${shown} could not be drawn: the file may be damaged.`,
    );
  } finally {
    await close();
  }
}
