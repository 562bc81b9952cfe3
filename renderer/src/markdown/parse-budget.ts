/**
 * How much Markdown a parser may be handed at once before the block is shown as plain text instead.
 *
 * Both parsers are linear on ordinary text but not on runs of inline delimiters: each `*`, `_`, `~`,
 * backtick or `[` can make them scan ahead for its partner, so 50 KB of `_a_a…` took marked 8.7 s and
 * `*a*a…` took micromark 32 s (in Node). Counting those runs is one cheap pass, and with few of them
 * and a bounded length the cost is bounded too: at 256 runs in 16 KB, the worst of the shapes measured
 * (nested emphasis, runs spread out, runs packed together) lexed in under 7 ms with marked.
 *
 * The UI thread gets the tight budget, because a long task there freezes the window; a block past it
 * keeps its plain text only until the worker's result arrives. The worker gets a looser one, as a block
 * past it stays plain for good, and a watchdog (settled-parser.ts) bounds whatever gets through.
 */

export interface ParseBudget {
  /** Characters one parse may see. */
  readonly maxChars: number;
  /** Runs of `*`, `_`, `~` or backticks, and `[`s, one parse may see. */
  readonly maxDelimiterRuns: number;
}

/** For marked, on the UI thread: the streaming tail, and a settled block waiting for the worker. */
export const uiThreadBudget: ParseBudget = { maxChars: 16_384, maxDelimiterRuns: 256 };

/** For micromark, in the worker: ordinary blocks, tables of a few thousand rows included, fit. */
export const workerBudget: ParseBudget = { maxChars: 262_144, maxDelimiterRuns: 2_048 };

/** Runs of inline delimiters in `source`, counted up to `limit + 1` (enough to know it is over). */
export function delimiterRuns(source: string, limit = Infinity): number {
  let runs = 0;
  let previous = 0;
  for (let at = 0; at < source.length; at += 1) {
    const code = source.charCodeAt(at);
    // `*`, `_`, `~` and backtick count once a run; every `[` counts.
    if (
      code === 91 ||
      ((code === 42 || code === 95 || code === 126 || code === 96) && code !== previous)
    ) {
      runs += 1;
      if (runs > limit) return runs;
    }
    previous = code;
  }
  return runs;
}

export function withinParseBudget(source: string, budget: ParseBudget): boolean {
  return (
    source.length <= budget.maxChars &&
    delimiterRuns(source, budget.maxDelimiterRuns) <= budget.maxDelimiterRuns
  );
}
