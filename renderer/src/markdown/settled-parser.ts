/**
 * Settled blocks are parsed, and their code highlighted, in a worker when the page has started one
 * (startSettledParseWorker), so the Markdown parser (most of what a block costs when it settles:
 * micromark's tokenizers, and on the first answer of a session their JIT warm-up) and highlight.js stay
 * off the UI thread. Until its result arrives a block keeps its streaming render. Results that arrive
 * together are handed to React once a frame. Without a worker (Node tests, a page that never started one)
 * the job runs on the spot.
 *
 * Results are cached by job: those a mounted block uses are kept, and up to 512 more, so a conversation
 * opened again or a message scrolled back into a virtualised list renders at once.
 */
import type { Root } from 'hast';
import { jobKey, runParseJob, type JobResult, type ParseJob } from './parse-jobs';
import type { ParseReply, ParseRequest } from './settled-parse-protocol';

const defaultKeptUnused = 512;

interface Entry {
  job: ParseJob;
  /** Undefined while the worker has it. */
  result: Root | string | null | undefined;
  listeners: Set<() => void>;
}

/** What the parser needs of a Worker. */
export type ParseWorker = Pick<Worker, 'postMessage' | 'addEventListener'>;

export class SettledParser {
  private worker: ParseWorker | null = null;
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<number, string>();
  private nextId = 1;
  private readonly arrived = new Set<string>();
  private flushScheduled = false;

  constructor(private readonly keptUnused = defaultKeptUnused) {}

  useWorker(worker: ParseWorker): void {
    this.worker = worker;
    worker.addEventListener('message', (event: MessageEvent<ParseReply>) =>
      this.receive(event.data),
    );
    // A worker that fails to load or dies: everything still waiting is parsed here instead.
    worker.addEventListener('error', (event) => {
      console.error(
        'Runnel: the Markdown parse worker failed; parsing on this thread',
        event.message,
      );
      this.abandonWorker();
    });
  }

  /** The job's result, or undefined while the worker has it (handed over here if need be). */
  result<J extends ParseJob>(job: J): JobResult<J> | undefined {
    const key = jobKey(job);
    const known = this.entries.get(key);
    if (known) return known.result as JobResult<J> | undefined;
    if (!this.worker) return this.store(key, job, runParseJob(job)).result as JobResult<J>;
    this.store(key, job, undefined);
    const id = this.nextId;
    this.nextId += 1;
    this.pending.set(id, key);
    this.worker.postMessage({ id, job } satisfies ParseRequest);
    return undefined;
  }

  subscribe(job: ParseJob, listener: () => void): () => void {
    this.result(job);
    const entry = this.entries.get(jobKey(job));
    entry?.listeners.add(listener);
    return () => {
      entry?.listeners.delete(listener);
      this.evict();
    };
  }

  private store(key: string, job: ParseJob, result: Entry['result']): Entry {
    const entry = this.entries.get(key) ?? { job, result, listeners: new Set() };
    entry.result = result;
    // Map order is the eviction order: most recently stored last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.evict();
    return entry;
  }

  private receive(reply: ParseReply): void {
    const key = this.pending.get(reply.id);
    if (key === undefined) return;
    this.pending.delete(reply.id);
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.result = 'result' in reply ? reply.result : runParseJob(entry.job);
    this.arrived.add(key);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const keys = [...this.arrived];
    this.arrived.clear();
    for (const key of keys) {
      for (const listener of this.entries.get(key)?.listeners ?? []) listener();
    }
  }

  private abandonWorker(): void {
    this.worker = null;
    for (const id of [...this.pending.keys()]) this.receive({ id, error: 'worker failed' });
  }

  /** Drops the oldest results no mounted block uses, beyond `keptUnused` of them. */
  private evict(): void {
    let unused = 0;
    for (const entry of this.entries.values()) if (entry.listeners.size === 0) unused += 1;
    for (const [key, entry] of this.entries) {
      if (unused <= this.keptUnused) break;
      if (entry.listeners.size > 0 || entry.result === undefined) continue;
      this.entries.delete(key);
      unused -= 1;
    }
  }
}

export const settledParser = new SettledParser();

/** Runs settled blocks' jobs in `worker` from now on (each entry point starts its own). */
export function startSettledParseWorker(worker: ParseWorker): void {
  settledParser.useWorker(worker);
}
