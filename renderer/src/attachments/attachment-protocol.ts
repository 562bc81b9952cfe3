/** The messages between the attachment processor (UI thread) and the attachment worker. */
import type { AttachmentLimits, AttachmentResult, PdfPagesResult } from './attachment-result';

export interface WorkRequest {
  id: number;
  job: 'read' | 'pdf-pages';
  name: string;
  /** Transferred, not copied. */
  buffer: ArrayBuffer;
  limits: AttachmentLimits;
  password?: string;
}

export type WorkResponse =
  | { id: number; job: 'read'; result: AttachmentResult }
  | { id: number; job: 'pdf-pages'; result: PdfPagesResult };
