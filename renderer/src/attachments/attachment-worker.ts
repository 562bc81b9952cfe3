/**
 * The attachment worker: decodes, resizes and reads files off the UI thread. It answers each request
 * with one WorkResponse, transferring the encoded image bytes back.
 */
import { refused, type AttachmentResult, type PdfPagesResult } from './attachment-result';
import type { WorkRequest, WorkResponse } from './attachment-protocol';
import { createAttachmentReader } from './attachment-reader';
import { readImage } from './image-encoder';
import { readPdf, renderPdfPages } from './pdf-reader';
import { displayName } from './text-file';

interface WorkerScope {
  postMessage(message: WorkResponse, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;
const reader = createAttachmentReader({ readImage, readPdf, renderPdfPages });

/** The buffers of images in a result, to transfer instead of copying. */
function buffersOf(result: AttachmentResult | PdfPagesResult): ArrayBuffer[] {
  if (result.kind === 'image') return [result.bytes];
  if (result.kind === 'pdf-pages') return result.images.map((image) => image.bytes);
  return [];
}

scope.addEventListener('message', (event) => {
  const { id, job, name, buffer, limits, password } = event.data;
  const request = {
    name,
    bytes: new Uint8Array(buffer),
    limits,
    ...(password === undefined ? {} : { password }),
  };
  const failed = (error: unknown) =>
    refused(
      name,
      'processing-failed',
      `${displayName(name)} could not be processed (${error instanceof Error ? error.message : String(error)}).`,
    );
  const answer = (response: WorkResponse) =>
    scope.postMessage(response, buffersOf(response.result));
  if (job === 'read') {
    void reader
      .read(request)
      .catch(failed)
      .then((result) => answer({ id, job, result }));
  } else {
    void reader
      .renderPdfPages(request)
      .catch(failed)
      .then((result) => answer({ id, job, result }));
  }
});
