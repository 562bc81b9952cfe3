/** Messages between the page and the settled-block parse worker. */
import type { Root } from 'hast';
import type { ParseJob } from './parse-jobs';

export interface ParseRequest {
  id: number;
  job: ParseJob;
}

/** A job's result or error, or the worker saying it has loaded and takes jobs (its watchdog starts). */
export type ParseReply =
  { id: number; result: Root | string | null } | { id: number; error: string } | { ready: true };
