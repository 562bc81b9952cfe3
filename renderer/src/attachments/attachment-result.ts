/**
 * What the attachment layer hands to the composer: one discriminated union per file, so the UI, the
 * request builder and the history store switch on `kind` (and a refusal's `code`) instead of guessing
 * from optional fields. Everything here is plain data that survives `postMessage`.
 */

/** The target model's limits and this layer's safety caps. Every field is a parameter; see DEFAULT_LIMITS. */
export interface AttachmentLimits {
  /** The long side of a sent image, in pixels. */
  imageLongSide: number;
  /** The short side of a sent image, in pixels. */
  imageShortSide: number;
  /** The format of an opaque image once resized; one with transparency is always PNG. */
  imageFormat: 'jpeg' | 'webp';
  /** Encoder quality for JPEG and WebP, 0 to 1. */
  imageQuality: number;
  /** The largest image file accepted, in bytes. */
  maxImageBytes: number;
  /** The most pixels an image may declare before it is decoded: the decompression-bomb guard. */
  maxImagePixels: number;
  /** The largest text or code file inlined, in bytes. */
  maxTextBytes: number;
  /** The largest PDF file read, in bytes. */
  maxPdfBytes: number;
  /** Extracted PDF text past this many characters is cut at a page boundary, and the result says so. */
  maxPdfTextChars: number;
  /** The most pages of a PDF rendered to images when it has no text layer. */
  maxPdfPageImages: number;
}

export const DEFAULT_LIMITS: Readonly<AttachmentLimits> = Object.freeze({
  // OpenAI's "high" detail scales an image to fit 2048 x 2048, then its short side to 768 px: sending
  // more pixels costs upload time and buys nothing.
  imageLongSide: 2048,
  imageShortSide: 768,
  // JPEG, not WebP, by default: llama.cpp-style local servers decode with stb_image, which has no WebP.
  imageFormat: 'jpeg',
  imageQuality: 0.85,
  maxImageBytes: 50 * 1024 * 1024,
  // 64 megapixels decode to 256 MB of RGBA; a 50-megapixel phone photo still fits.
  maxImagePixels: 64_000_000,
  maxTextBytes: 512 * 1024,
  maxPdfBytes: 100 * 1024 * 1024,
  maxPdfTextChars: 2_000_000,
  maxPdfPageImages: 10,
});

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

export interface ImageAttachment {
  kind: 'image';
  name: string;
  mime: ImageMime;
  /** `data:<mime>;base64,…` of the encoded image, ready for an `image_url` part or a thumbnail. */
  dataUrl: string;
  /** The same encoded bytes, to hand to main as a transferred ArrayBuffer and to store by hash. */
  bytes: ArrayBuffer;
  /** Size as sent, after EXIF orientation and resizing. */
  width: number;
  height: number;
  /** Size of the original, as displayed (EXIF orientation applied). */
  originalWidth: number;
  originalHeight: number;
  /** What the file really was, from its bytes: 'PNG', 'JPEG', 'GIF', 'WebP', … */
  sourceFormat: string;
  /** Something the user should know, e.g. that only an animation's first frame is sent. */
  note?: string;
}

export interface TextAttachment {
  kind: 'text';
  name: string;
  /** The message text: the file name, then the content in a fence no line of it can close. */
  text: string;
  /** The decoded content alone, for search and previews. */
  content: string;
  /** Fence language from the extension ('text' when unknown). */
  language: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** Size of the file in bytes. */
  size: number;
}

export interface PdfAttachment {
  kind: 'pdf';
  name: string;
  /** The message text: the file name, then each page's text after a `--- Page n of N ---` marker. */
  text: string;
  pageCount: number;
  /** How many pages had any text: 'none' means a scanned PDF, whose pages can be sent as images. */
  textLayer: 'full' | 'partial' | 'none';
  pagesWithText: number;
  /** Set when the text was cut to maxPdfTextChars: the last page included. */
  cutAfterPage?: number;
  size: number;
  note?: string;
}

/** A PDF's pages rendered to images (for a scanned PDF and a vision model). */
export interface PdfPagesAttachment {
  kind: 'pdf-pages';
  name: string;
  pageCount: number;
  images: ImageAttachment[];
  note?: string;
}

export type RefusalCode =
  | 'empty-file'
  | 'read-failed'
  | 'unsupported-image-format'
  | 'image-file-too-large'
  | 'image-too-many-pixels'
  | 'image-damaged'
  | 'text-too-large'
  | 'binary-file'
  | 'not-text-encoding'
  | 'pdf-too-large'
  | 'pdf-damaged'
  | 'needs-password'
  | 'wrong-password'
  | 'processing-failed';

export interface RefusedAttachment {
  kind: 'refused';
  name: string;
  code: RefusalCode;
  /** What happened and what to do, for a person. */
  message: string;
}

export type AttachmentResult = ImageAttachment | TextAttachment | PdfAttachment | RefusedAttachment;
export type PdfPagesResult = PdfPagesAttachment | RefusedAttachment;

export const refused = (name: string, code: RefusalCode, message: string): RefusedAttachment => ({
  kind: 'refused',
  name,
  code,
  message,
});
