/**
 * How much Markdown a parser may be handed at once before the block is shown as plain text instead.
 *
 * Both parsers are linear on ordinary text but not on runs of inline delimiters: each `*`, `_`, `~`,
 * backtick or `[` can make them scan ahead for its partner, so 50 KB of `_a_a…` took marked 8.7 s and
 * `*a*a…` took micromark 32 s (in Node). Counting those runs is one cheap pass, and with few of them
 * and a bounded length the cost is bounded too: at 256 runs in 16 KB, the worst of the shapes measured
 * (nested emphasis, runs spread out, runs packed together) lexed in under 7 ms with marked.
 *
 * Nesting multiplies the cost: marked lexes a list item's or a quote's content once for each level it is
 * in, and re-renders the whole nested tree when the tail grows, so 10 KB of a list sixteen levels deep
 * cost a 57 ms task in the hostile benchmark. A line therefore counts once per level its indentation
 * and `>` markers can open (up to the nesting limit) as well as once for itself.
 *
 * The UI thread gets the tight budget, because a long task there freezes the window; a block past it
 * keeps its plain text only until the worker's result arrives. The worker gets a looser one, as a block
 * past it stays plain for good, and a watchdog (settled-parser.ts) bounds whatever gets through.
 */

import { maxNestingDepth } from './nesting-limit';

export interface ParseBudget {
  /** Characters one parse may see. */
  readonly maxChars: number;
  /** Characters, each line counted once more for every level it can be nested in (see above). */
  readonly maxNestedChars: number;
  /** Runs of `*`, `_`, `~` or backticks, and `[`s, one parse may see. */
  readonly maxDelimiterRuns: number;
}

/** For marked, on the UI thread: the streaming tail, and a settled block waiting for the worker. */
export const uiThreadBudget: ParseBudget = {
  maxChars: 16_384,
  maxNestedChars: 32_768,
  maxDelimiterRuns: 256,
};

/**
 * For micromark, in the worker: ordinary blocks, tables of a few thousand rows included, fit. Nesting is
 * not counted: micromark checks each line's containers once rather than parsing their content again
 * (a 50 KB list as deep as the limit allows parses in well under a second), and the watchdog is there.
 */
export const workerBudget: ParseBudget = {
  maxChars: 262_144,
  maxNestedChars: Infinity,
  maxDelimiterRuns: 2_048,
};

/** Levels a line's leading spaces, tabs and `>` can open, as nesting-limit.ts counts them. */
const maxLineDepth = maxNestingDepth;

/**
 * `source`'s length with each line counted `1 + depth` times, depth being the levels its indentation
 * (two columns a level) and `>` markers can open; counted up to `limit + 1`.
 */
export function nestedChars(source: string, limit = Infinity): number {
  let total = 0;
  let lineStart = 0;
  let indent = 0;
  let quotes = 0;
  let inPrefix = true;
  for (let at = 0; at <= source.length; at += 1) {
    const code = at < source.length ? source.charCodeAt(at) : 10;
    if (code === 10) {
      const depth = Math.min(maxLineDepth, quotes + Math.floor(indent / 2));
      total += (at - lineStart + 1) * (1 + depth);
      if (total > limit) return total;
      lineStart = at + 1;
      indent = 0;
      quotes = 0;
      inPrefix = true;
    } else if (inPrefix) {
      if (code === 32) indent += 1;
      else if (code === 9) indent += 4;
      else if (code === 62) quotes += 1;
      else inPrefix = false;
    }
  }
  return total;
}

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
    delimiterRuns(source, budget.maxDelimiterRuns) <= budget.maxDelimiterRuns &&
    nestedChars(source, budget.maxNestedChars) <= budget.maxNestedChars
  );
}
