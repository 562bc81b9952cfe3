/**
 * Turns one file's bytes into an AttachmentResult: sniffs what the bytes really are, applies every cap
 * that can be checked without decoding (file size, declared pixels, formats Chromium cannot decode), and
 * hands the rest to the image and PDF readers it is given. Pure: the attachment worker wires in the
 * readers that need Chromium (createImageBitmap, pdf.js); Node tests wire in stand-ins.
 */
import {
  refused,
  type AttachmentLimits,
  type AttachmentResult,
  type PdfPagesResult,
  type RefusedAttachment,
} from './attachment-result';
import { formatByteSize } from './byte-size';
import { FORMAT_NAMES, sniffFormat, type DecodableImage } from './format-sniff';
import { readImageHeader, type ImageHeader } from './image-header';
import { displayName, readTextFile } from './text-file';

export interface ImageInput {
  name: string;
  bytes: Uint8Array;
  format: DecodableImage;
  header: ImageHeader;
  limits: AttachmentLimits;
}

export interface PdfInput {
  name: string;
  bytes: Uint8Array;
  limits: AttachmentLimits;
  password?: string;
}

export interface AttachmentReaders {
  readImage(input: ImageInput): Promise<AttachmentResult>;
  readPdf(input: PdfInput): Promise<AttachmentResult>;
  renderPdfPages(input: PdfInput): Promise<PdfPagesResult>;
}

export interface ReadRequest {
  name: string;
  bytes: Uint8Array;
  limits: AttachmentLimits;
  /** For an encrypted PDF, after a `needs-password` refusal. */
  password?: string;
}

/** The cheap checks on an image, in the order that spends least: bytes, then declared pixels. */
function checkImage(request: ReadRequest, format: DecodableImage): ImageHeader | AttachmentResult {
  const { name, bytes, limits } = request;
  const shown = displayName(name);
  const formatName = FORMAT_NAMES[format];
  if (bytes.length > limits.maxImageBytes) {
    return refused(
      name,
      'image-file-too-large',
      `${shown} is ${formatByteSize(bytes.length)}; an image can be at most ` +
        `${formatByteSize(limits.maxImageBytes)}. Save a smaller copy and attach that.`,
    );
  }
  const header = readImageHeader(bytes, format);
  if (!header) {
    return refused(
      name,
      'image-damaged',
      `${shown} looks like a ${formatName} image, but its header cannot be read: the file may be damaged or cut short.`,
    );
  }
  const pixels = header.width * header.height;
  if (pixels > limits.maxImagePixels) {
    return refused(
      name,
      'image-too-many-pixels',
      `${shown} is ${header.width} x ${header.height} pixels (${Math.round(pixels / 1e6)} megapixels); ` +
        `images can have at most ${Math.round(limits.maxImagePixels / 1e6)} megapixels. ` +
        'Save a smaller copy and attach that.',
    );
  }
  return header;
}

export function checkPdfSize(request: ReadRequest): RefusedAttachment | null {
  const { name, bytes, limits } = request;
  if (bytes.length <= limits.maxPdfBytes) return null;
  return refused(
    name,
    'pdf-too-large',
    `${displayName(name)} is ${formatByteSize(bytes.length)}; a PDF can be at most ` +
      `${formatByteSize(limits.maxPdfBytes)}. Split it or attach the pages you need.`,
  );
}

export function createAttachmentReader(readers: AttachmentReaders) {
  async function read(request: ReadRequest): Promise<AttachmentResult> {
    const { name, bytes } = request;
    if (bytes.length === 0) {
      return refused(
        name,
        'empty-file',
        `${displayName(name)} is empty: there is nothing to attach.`,
      );
    }
    const sniffed = sniffFormat(bytes);
    switch (sniffed.kind) {
      case 'image': {
        const checked = checkImage(request, sniffed.format);
        if ('kind' in checked) return checked;
        return readers.readImage({ ...request, format: sniffed.format, header: checked });
      }
      case 'undecodable-image':
        return refused(
          name,
          'unsupported-image-format',
          `${displayName(name)} is a ${FORMAT_NAMES[sniffed.format]} image, which Runnel cannot read. ` +
            'Convert it to JPEG or PNG (on a Mac: open it in Preview, File > Export) and attach that.',
        );
      case 'pdf':
        return checkPdfSize(request) ?? readers.readPdf(request);
      case 'binary':
        return readTextFile(name, bytes, request.limits, FORMAT_NAMES[sniffed.format]);
      case 'unknown':
        return readTextFile(name, bytes, request.limits);
    }
  }

  async function renderPdfPages(request: ReadRequest): Promise<PdfPagesResult> {
    if (sniffFormat(request.bytes).kind !== 'pdf') {
      return refused(request.name, 'pdf-damaged', `${displayName(request.name)} is not a PDF.`);
    }
    const tooLarge = checkPdfSize(request);
    if (tooLarge) return tooLarge;
    return readers.renderPdfPages(request);
  }

  return { read, renderPdfPages };
}

export type AttachmentReader = ReturnType<typeof createAttachmentReader>;
