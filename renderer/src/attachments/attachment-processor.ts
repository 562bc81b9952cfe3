/**
 * The attachment layer's API for the composer: give it a File (or any Blob with a name) and the target
 * model's limits, get back an AttachmentResult. Everything heavy happens in the attachment worker; the
 * UI thread only reads the file's first bytes (to refuse an oversized file before loading it) and
 * transfers the rest.
 */
import {
  DEFAULT_LIMITS,
  refused,
  type AttachmentLimits,
  type AttachmentResult,
  type PdfPagesResult,
  type RefusalCode,
  type RefusedAttachment,
} from './attachment-result';
import type { WorkRequest, WorkResponse } from './attachment-protocol';
import { formatByteSize } from './byte-size';
import { sniffFormat } from './format-sniff';
import { displayName, TEXT_LIMIT_HINT } from './text-file';

export interface ProcessOptions {
  /** The target model's limits; missing fields take DEFAULT_LIMITS. */
  limits?: Partial<AttachmentLimits>;
  /** An encrypted PDF's password, after a `needs-password` refusal. */
  password?: string;
}

export interface AttachmentProcessor {
  process(file: Blob, name: string, options?: ProcessOptions): Promise<AttachmentResult>;
  /** A PDF's pages as images (for a scanned PDF and a model that reads images). */
  renderPdfPages(file: Blob, name: string, options?: ProcessOptions): Promise<PdfPagesResult>;
  /** Stops the worker; a later call starts a new one. */
  dispose(): void;
}

export interface AttachmentProcessorDeps {
  createWorker(): Worker;
  /** A file the worker has not answered for this long is refused and the worker replaced. */
  timeoutMs?: number;
}

/** The cap that applies to a file of this kind, to refuse it before its bytes are loaded. */
function sizeCapOf(
  head: Uint8Array,
  limits: AttachmentLimits,
): { cap: number; what: string; code: RefusalCode } {
  const sniffed = sniffFormat(head);
  if (sniffed.kind === 'pdf')
    return { cap: limits.maxPdfBytes, what: 'a PDF', code: 'pdf-too-large' };
  if (sniffed.kind === 'image' || sniffed.kind === 'undecodable-image') {
    return { cap: limits.maxImageBytes, what: 'an image', code: 'image-file-too-large' };
  }
  return { cap: limits.maxTextBytes, what: 'a text file', code: 'text-too-large' };
}

export function createAttachmentProcessor({
  createWorker,
  timeoutMs = 60_000,
}: AttachmentProcessorDeps): AttachmentProcessor {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { name: string; settle(result: WorkResponse['result']): void }>();

  function stop(reason: (name: string) => RefusedAttachment): void {
    worker?.terminate();
    worker = null;
    for (const [id, job] of pending) {
      pending.delete(id);
      job.settle(reason(job.name));
    }
  }

  function started(): Worker {
    if (worker) return worker;
    const created = createWorker();
    created.addEventListener('message', (event: MessageEvent<WorkResponse>) => {
      const job = pending.get(event.data.id);
      pending.delete(event.data.id);
      job?.settle(event.data.result);
    });
    // A worker that dies (out of memory on a hostile file) fails what it held, not the app.
    created.addEventListener('error', (event) => {
      event.preventDefault();
      stop((name) =>
        refused(
          name,
          'processing-failed',
          `${displayName(name)} could not be processed: the attachment reader stopped. Try again, or attach a smaller file.`,
        ),
      );
    });
    worker = created;
    return created;
  }

  async function run(
    job: WorkRequest['job'],
    file: Blob,
    name: string,
    options: ProcessOptions,
  ): Promise<WorkResponse['result']> {
    const limits: AttachmentLimits = { ...DEFAULT_LIMITS, ...options.limits };
    if (file.size === 0) {
      return refused(
        name,
        'empty-file',
        `${displayName(name)} is empty: there is nothing to attach.`,
      );
    }
    let buffer: ArrayBuffer;
    try {
      const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
      const { cap, what, code } = sizeCapOf(head, limits);
      if (file.size > cap) {
        return refused(
          name,
          code,
          `${displayName(name)} is ${formatByteSize(file.size)}; ${what} can be at most ${formatByteSize(cap)}.` +
            (code === 'text-too-large' ? ` ${TEXT_LIMIT_HINT}` : ''),
        );
      }
      buffer = await file.arrayBuffer();
    } catch {
      return refused(
        name,
        'read-failed',
        `${displayName(name)} could not be read from disk. Check that it still exists and try again.`,
      );
    }
    const id = nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (!pending.has(id)) return;
        stop((shown) =>
          refused(
            shown,
            'processing-failed',
            `${displayName(shown)} took too long to process and was stopped. Try a smaller file.`,
          ),
        );
      }, timeoutMs);
      pending.set(id, {
        name,
        settle(result) {
          clearTimeout(timer);
          resolve(result);
        },
      });
      const request: WorkRequest = {
        id,
        job,
        name,
        buffer,
        limits,
        ...(options.password === undefined ? {} : { password: options.password }),
      };
      started().postMessage(request, [buffer]);
    });
  }

  return {
    process: (file, name, options = {}) =>
      run('read', file, name, options) as Promise<AttachmentResult>,
    renderPdfPages: (file, name, options = {}) =>
      run('pdf-pages', file, name, options) as Promise<PdfPagesResult>,
    dispose: () =>
      stop((name) =>
        refused(
          name,
          'processing-failed',
          `${displayName(name)} was not processed: attaching was cancelled.`,
        ),
      ),
  };
}
