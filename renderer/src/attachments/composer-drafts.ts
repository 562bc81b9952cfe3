/**
 * The attachments in the composer before sending: each file is `processing`, `ready` (what it will
 * send) or `refused` (why not). Pure state and transitions, so the composer, quick ask and the tests
 * share them; the hook in chat/use-attachment-drafts.ts runs the processor.
 */
import type { AttachmentResult, PdfPagesResult, RefusalCode } from './attachment-result';
import { sentFromResult, type SentAttachment } from './sent-attachment';

/** How the chip draws it before anything is known: a picture, a PDF, or any other file. */
export type DraftKind = 'image' | 'pdf' | 'file';

interface DraftBase {
  id: string;
  /** The file name as given (shown as text, never markup). */
  name: string;
  /** The file's size on disk, in bytes. */
  size: number;
  kind: DraftKind;
}

export type Draft =
  | (DraftBase & {
      status: 'processing';
      /** A `blob:` URL of the original image, shown until the resized one is ready (chat window only). */
      preview?: string;
    })
  | (DraftBase & {
      status: 'ready';
      sent: SentAttachment[];
      /** Pages, for a PDF. */
      pages?: number;
      /** A PDF with no text layer (scanned): its pages can go as images to a model that reads them. */
      scanned?: boolean;
      /** Something the user should know (an animation's first frame, a PDF cut short). */
      note?: string;
    })
  | (DraftBase & { status: 'refused'; code: RefusalCode; message: string });

export function kindOfFile(name: string, type: string): DraftKind {
  if (type.startsWith('image/')) return 'image';
  if (type === 'application/pdf' || /\.pdf$/i.test(name)) return 'pdf';
  return 'file';
}

export const processing = (
  id: string,
  name: string,
  size: number,
  type: string,
  preview?: string,
): Draft => ({
  id,
  name,
  size,
  kind: kindOfFile(name, type),
  status: 'processing',
  ...(preview ? { preview } : {}),
});

/** The draft once the processor answered. */
export function settled(draft: Draft, result: AttachmentResult | PdfPagesResult): Draft {
  const base: DraftBase = { id: draft.id, name: draft.name, size: draft.size, kind: draft.kind };
  if (result.kind === 'refused') {
    return { ...base, status: 'refused', code: result.code, message: result.message };
  }
  const note = result.kind === 'text' ? undefined : result.note;
  return {
    ...base,
    kind: result.kind === 'image' ? 'image' : result.kind === 'text' ? 'file' : 'pdf',
    status: 'ready',
    sent: sentFromResult(result),
    ...(result.kind === 'pdf' || result.kind === 'pdf-pages' ? { pages: result.pageCount } : {}),
    ...(result.kind === 'pdf' && result.textLayer === 'none' ? { scanned: true } : {}),
    ...(note ? { note } : {}),
  };
}

/** Everything the ready drafts send, in the order they were attached. */
export const sentOf = (drafts: readonly Draft[]): SentAttachment[] =>
  drafts.flatMap((draft) => (draft.status === 'ready' ? draft.sent : []));
