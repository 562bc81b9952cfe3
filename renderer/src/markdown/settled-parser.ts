/**
 * Settled blocks are parsed, and their code highlighted, in a worker when the page has started one
 * (startSettledParseWorker), so the Markdown parser (most of what a block costs when it settles:
 * micromark's tokenizers, and on the first answer of a session their JIT warm-up) and highlight.js stay
 * off the UI thread. Until its result arrives a block keeps its streaming render. Results that arrive
 * together are handed to React once a frame, at most `resultsPerFrame` of them. Without a worker (Node tests, a page that never started one)
 * the job runs on the spot.
 *
 * The worker runs jobs one after another in the order they were sent, so the page knows which job it is
 * on and since when. A job gets `jobBudgetMs`: a synchronous parse cannot be interrupted, so past that the
 * worker is terminated, that block is shown as plain text, and a new worker takes the jobs still waiting.
 * A job the worker fails on is shown as plain text too. A failed job is never run again on the UI thread:
 * that is where a hostile block would freeze the window.
 *
 * Results are cached by job: those a mounted block uses are kept, and up to 512 more, so a conversation
 * opened again or a message scrolled back into a virtualised list renders at once.
 */
import type { Root } from 'hast';
import { jobKey, runParseJob, type JobResult, type ParseJob } from './parse-jobs';
import type { ParseReply, ParseRequest } from './settled-parse-protocol';

const defaultKeptUnused = 512;

/**
 * The most time the worker may spend on one block. Ordinary blocks take milliseconds (a 20 KB table
 * about 0.2 s); what the parse budget lets through and is still slow stops here.
 */
export const jobBudgetMs = 2_000;

/**
 * Results handed to React in one frame, in the order they arrived; the rest wait for the next frame. A
 * streaming answer settles a block or two a frame; opening a long answer sends the worker forty blocks at
 * once, and re-rendering all their results in one frame was a long task.
 */
export const resultsPerFrame = 12;

/** Workers in a row that fail before they load; then blocks keep their streaming render for good. */
const maxFailedStarts = 3;

interface Entry {
  job: ParseJob;
  /** Undefined while the worker has it; null: show it as plain text. */
  result: Root | string | null | undefined;
  listeners: Set<() => void>;
}

/** What the parser needs of a Worker. */
export type ParseWorker = Pick<Worker, 'postMessage' | 'addEventListener' | 'terminate'>;

export class SettledParser {
  private startWorker: (() => ParseWorker) | null = null;
  private worker: ParseWorker | null = null;
  /** The worker has loaded: the job at the head of the queue is running. */
  private ready = false;
  private failedStarts = 0;
  private readonly entries = new Map<string, Entry>();
  /** Jobs sent to the worker and not answered, in the order it runs them. */
  private readonly queue: { id: number; key: string }[] = [];
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private readonly arrived = new Set<string>();
  private flushScheduled = false;

  constructor(private readonly keptUnused = defaultKeptUnused) {}

  /** Runs jobs in workers made by `start`, one at a time; a new one replaces a worker that fails. */
  useWorker(start: () => ParseWorker): void {
    this.startWorker = start;
    this.launch();
  }

  /** The job's result, or undefined while the worker has it (handed over here if need be). */
  result<J extends ParseJob>(job: J): JobResult<J> | undefined {
    const key = jobKey(job);
    const known = this.entries.get(key);
    if (known) return known.result as JobResult<J> | undefined;
    if (!this.startWorker) return this.store(key, job, runParseJob(job)).result as JobResult<J>;
    this.store(key, job, undefined);
    if (!this.worker) return undefined;
    const id = this.nextId;
    this.nextId += 1;
    this.queue.push({ id, key });
    this.worker.postMessage({ id, job } satisfies ParseRequest);
    if (this.queue.length === 1) this.armWatchdog();
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

  private launch(): void {
    if (!this.startWorker) return;
    const worker = this.startWorker();
    this.worker = worker;
    this.ready = false;
    // A terminated worker's last messages and errors are not ours to act on.
    worker.addEventListener('message', (event: MessageEvent<ParseReply>) => {
      if (this.worker === worker) this.receive(event.data);
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      if (this.worker === worker) this.workerFailed(event.message);
    });
    for (const { id, key } of this.queue) {
      const job = this.entries.get(key)?.job;
      if (job) worker.postMessage({ id, job } satisfies ParseRequest);
    }
  }

  private restart(): void {
    clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.launch();
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
    if ('ready' in reply) {
      this.ready = true;
      this.failedStarts = 0;
      this.armWatchdog();
      return;
    }
    const index = this.queue.findIndex((sent) => sent.id === reply.id);
    const [sent] = index === -1 ? [] : this.queue.splice(index, 1);
    if (!sent) return;
    if ('error' in reply)
      console.error('Runnel: a Markdown block could not be parsed', reply.error);
    this.settle(sent.key, 'result' in reply ? reply.result : null);
    this.armWatchdog();
  }

  /** Starts the running job's clock (it runs from when the previous job was answered). */
  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    if (!this.ready || this.queue.length === 0) return;
    this.watchdog = setTimeout(() => this.timedOut(), jobBudgetMs);
  }

  private timedOut(): void {
    const sent = this.queue.shift();
    console.error(
      `Runnel: a Markdown block took the parse worker over ${jobBudgetMs} ms; showing it as plain text`,
    );
    if (sent) this.settle(sent.key, null);
    this.restart();
  }

  private workerFailed(message: string): void {
    console.error('Runnel: the Markdown parse worker failed', message);
    if (this.ready) {
      // It was running the job at the head of the queue: that block is shown as plain text.
      const sent = this.queue.shift();
      if (sent) this.settle(sent.key, null);
      this.restart();
      return;
    }
    this.failedStarts += 1;
    if (this.failedStarts < maxFailedStarts) {
      this.restart();
      return;
    }
    // It never loads. Blocks keep their streaming render (bounded: see StreamingTail.tsx) from now on.
    clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.worker = null;
    this.queue.length = 0;
  }

  private settle(key: string, result: Root | string | null): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.result = result;
    this.arrived.add(key);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    let told = 0;
    for (const key of this.arrived) {
      if (told === resultsPerFrame) break;
      this.arrived.delete(key);
      told += 1;
      for (const listener of this.entries.get(key)?.listeners ?? []) listener();
    }
    if (this.arrived.size === 0) return;
    this.flushScheduled = true;
    requestAnimationFrame(() => this.flush());
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

/** Runs settled blocks' jobs in workers made by `start` from now on (each entry point starts its own). */
export function startSettledParseWorker(start: () => ParseWorker): void {
  settledParser.useWorker(start);
}
