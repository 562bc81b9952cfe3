/** The attachment processor for this page; Vite bundles the worker (pdf.js included) found at this URL. */
import { createAttachmentProcessor, type AttachmentProcessor } from './attachment-processor';

export function startAttachmentProcessor(): AttachmentProcessor {
  return createAttachmentProcessor({
    createWorker: () =>
      new Worker(new URL('./attachment-worker.ts', import.meta.url), {
        type: 'module',
        name: 'runnel-attachments',
      }),
  });
}
