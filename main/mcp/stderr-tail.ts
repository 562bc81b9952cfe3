/**
 * The last few kilobytes a server wrote to stderr, shown beside its status when it fails ("Error: Cannot
 * find module …" is usually the whole story). Bounded, because a server may write forever; keeping only
 * the tail makes each write cost at most the bound, whatever the flood.
 */
export const STDERR_TAIL_CHARS = 4096;

export interface StderrTail {
  push(chunk: string): void;
  /** What is kept, starting at a line boundary where one is near, so the first line is not half a word. */
  text(): string;
  /** Characters seen in all, kept or not. */
  readonly total: number;
}

export function createStderrTail(limit = STDERR_TAIL_CHARS): StderrTail {
  let kept = '';
  let total = 0;
  return {
    push(chunk) {
      total += chunk.length;
      kept = chunk.length >= limit ? chunk.slice(-limit) : (kept + chunk).slice(-limit);
    },
    text() {
      if (total <= limit) return kept;
      const newline = kept.indexOf('\n');
      return newline !== -1 && newline < 200 ? kept.slice(newline + 1) : kept;
    },
    get total() {
      return total;
    },
  };
}
