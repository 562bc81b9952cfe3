/**
 * The work a settled block hands off the UI thread: its Markdown to a safe hast tree (settled-tree.ts),
 * and a code block's highlighting (highlight.ts). Both are pure functions of their input, so the worker
 * and the page (without a worker) give the same result.
 */
import type { Root } from 'hast';
import { highlightCode } from './highlight';
import { settledTree } from './settled-tree';

export interface MarkdownJob {
  readonly kind: 'markdown';
  readonly source: string;
}

export interface HighlightJob {
  readonly kind: 'highlight';
  readonly code: string;
  /** A highlight.js language id from our own table (code-language.ts). */
  readonly language: string;
}

export type ParseJob = MarkdownJob | HighlightJob;

/**
 * A Markdown job's tree, or a highlight job's HTML; null for either means "show it as plain text": the
 * block was past the parser's budget, or the worker failed or ran out of time on it.
 */
export type JobResult<J extends ParseJob> = J extends MarkdownJob ? Root | null : string | null;

/** One string per distinct job, to cache results by. */
export const jobKey = (job: ParseJob): string =>
  job.kind === 'markdown' ? `m${job.source}` : `h${job.language}\n${job.code}`;

export function runParseJob<J extends ParseJob>(job: J): JobResult<J> {
  const result =
    job.kind === 'markdown' ? settledTree(job.source) : highlightCode(job.code, job.language);
  return result as JobResult<J>;
}
