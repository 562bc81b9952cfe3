/**
 * What the two streamed imports (a backup, a ChatGPT export) share: their options, the Cancel check,
 * and progress by conversation: at most one report per interval, with the conversations to come
 * estimated from the bytes still to read.
 */
import { historyError } from './history-errors';
import type { ImportProgress } from './types';

export interface StreamImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** True once the person asked to stop: the import then rolls back and answers `cancelled`. */
  cancelled?: () => boolean;
  /** Characters of message text per write (a few MB: one request's worth). */
  batchChars?: number;
  /** Least time between two progress reports, in ms. */
  progressEveryMs?: number;
  now?: () => number;
}

const defaultBatchChars = 1_500_000;

/** A streamed import's options resolved: its write size, its Cancel check and its progress counter. */
export function streamImportControls(
  options: StreamImportOptions,
  totalBytes: () => number,
): { batchChars: number; checkCancel: () => void; progress: ImportProgressCounter } {
  return {
    batchChars: options.batchChars ?? defaultBatchChars,
    checkCancel: () => {
      if (options.cancelled?.()) {
        throw historyError(
          'cancelled',
          'The import was cancelled. History is exactly as it was before it started.',
        );
      }
    },
    progress: createImportProgress({
      onProgress: options.onProgress,
      totalBytes,
      everyMs: options.progressEveryMs ?? 100,
      now: options.now ?? (() => performance.now()),
    }),
  };
}

export interface ImportProgressOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** The bytes the whole import reads, as far as known (a ZIP's entries may add up to more). */
  totalBytes: () => number;
  everyMs: number;
  now: () => number;
}

export interface ImportProgressCounter {
  /** Bytes of the file read so far. */
  read(bytes: number): void;
  /** One more conversation read; reports if the interval has passed. */
  conversation(title: string): void;
  /** Reports now unless one was sent within the interval (or at once with `force`). */
  report(force?: boolean): void;
  /** The last report: every conversation read, the import writing its end. */
  finishing(): void;
  readonly done: number;
}

export function createImportProgress(options: ImportProgressOptions): ImportProgressCounter {
  let done = 0;
  let readBytes = 0;
  let title = '';
  let lastReport = -Infinity;
  const report = (force = false): void => {
    if (!options.onProgress) return;
    const at = options.now();
    if (!force && at - lastReport < options.everyMs) return;
    lastReport = at;
    const total = Math.max(options.totalBytes(), readBytes);
    const estimate = readBytes > 0 ? Math.round((done * total) / readBytes) : done;
    options.onProgress({ done, total: Math.max(done, estimate), title });
  };
  return {
    read: (bytes) => {
      readBytes += bytes;
    },
    conversation: (shown) => {
      done++;
      title = shown;
      report();
    },
    report,
    finishing: () => options.onProgress?.({ done, total: done, title, finishing: true }),
    get done() {
      return done;
    },
  };
}
