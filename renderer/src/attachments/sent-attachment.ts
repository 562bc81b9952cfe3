/**
 * An attachment once it is ready to send, as a message keeps it in memory: enough to show its chip
 * or thumbnail, and to send it again (Continue, Regenerate, an edit) exactly as it went the first
 * time. History's AttachmentRef (history/types.ts) is its stored form, by hash; until history keeps
 * attachments, sent ones live in the chat store's memory only.
 */
import type { MessageAttachmentView } from '../../../preload/contract';
import type {
  AttachmentResult,
  ImageAttachment,
  ImageMime,
  PdfPagesAttachment,
} from './attachment-result';

export type SentAttachment =
  | {
      kind: 'image';
      name: string;
      mime: ImageMime;
      /** The encoded bytes as sent; IPC copies them, so they stay here for a resend. */
      bytes: ArrayBuffer;
      /** The same bytes as a `data:` URL, for the thumbnail (the CSP allows data: images). */
      dataUrl: string;
      /** Bytes sent. */
      size: number;
      width: number;
      height: number;
      note?: string;
    }
  | { kind: 'text'; name: string; mime: 'text/plain'; text: string; size: number }
  | {
      kind: 'pdf';
      name: string;
      mime: 'application/pdf';
      text: string;
      size: number;
      pages: number;
      note?: string;
    };

const fromImage = (image: ImageAttachment, name = image.name): SentAttachment => ({
  kind: 'image',
  name,
  mime: image.mime,
  bytes: image.bytes,
  dataUrl: image.dataUrl,
  size: image.bytes.byteLength,
  width: image.width,
  height: image.height,
  ...(image.note ? { note: image.note } : {}),
});

/** What a processed file sends; a refusal sends nothing (the composer shows it instead). */
export function sentFromResult(result: AttachmentResult | PdfPagesAttachment): SentAttachment[] {
  switch (result.kind) {
    case 'image':
      return [fromImage(result)];
    case 'text':
      return [
        {
          kind: 'text',
          name: result.name,
          mime: 'text/plain',
          text: result.text,
          size: result.size,
        },
      ];
    case 'pdf':
      return [
        {
          kind: 'pdf',
          name: result.name,
          mime: 'application/pdf',
          text: result.text,
          size: result.size,
          pages: result.pageCount,
          ...(result.note ? { note: result.note } : {}),
        },
      ];
    case 'pdf-pages':
      // A scanned PDF's pages go as images, each named for its page, so the model reads them in order.
      return result.images.map((page, index) =>
        fromImage(page, `${result.name}, page ${index + 1} of ${result.pageCount}`),
      );
    case 'refused':
      return [];
  }
}

/** What crosses IPC: image bytes as an ArrayBuffer, a file's text as its fenced block. */
export function toPayload(attachment: SentAttachment): MessageAttachmentView {
  return attachment.kind === 'image'
    ? { kind: 'image', name: attachment.name, mime: attachment.mime, bytes: attachment.bytes }
    : { kind: 'text', name: attachment.name, text: attachment.text };
}

export const hasImages = (attachments: readonly SentAttachment[] | undefined): boolean =>
  (attachments ?? []).some((attachment) => attachment.kind === 'image');

export const withoutImages = (attachments: readonly SentAttachment[]): SentAttachment[] =>
  attachments.filter((attachment) => attachment.kind !== 'image');
