/**
 * Progress of a streamed import (a backup or a ChatGPT export), by conversation: at most one report
 * per interval, with the conversations to come estimated from the bytes still to read.
 */
import type { ImportProgress } from './types';

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
