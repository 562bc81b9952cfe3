/**
 * The settled-block parser's bookkeeping, with the worker replaced by an in-process echo that runs the
 * same jobs (the real worker is exercised in Chromium by the web e2e): one request per job, listeners
 * told once a frame, results in use never evicted; a job the worker fails on or runs too long on shows
 * as plain text and is never run on the page, and a new worker takes the jobs still waiting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ParseReply,
  ParseRequest,
} from '../../../../renderer/src/markdown/settled-parse-protocol';
import { highlightCode } from '../../../../renderer/src/markdown/highlight';
import { runParseJob, type MarkdownJob } from '../../../../renderer/src/markdown/parse-jobs';
import {
  jobBudgetMs,
  resultsPerFrame,
  SettledParser,
  type ParseWorker,
} from '../../../../renderer/src/markdown/settled-parser';
import { settledTree } from '../../../../renderer/src/markdown/settled-tree';

class EchoWorker extends EventTarget {
  requests: ParseRequest[] = [];
  fail = false;
  terminated = false;
  postMessage(request: ParseRequest): void {
    this.requests.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** The worker's bundle has loaded. */
  ready(): void {
    this.dispatchEvent(new MessageEvent('message', { data: { ready: true } satisfies ParseReply }));
  }
  /** Answers every request so far, as the worker would, each in its own message. */
  answerAll(): void {
    for (const { id, job } of this.requests.splice(0)) {
      const data: ParseReply = this.fail ? { id, error: 'boom' } : { id, result: runParseJob(job) };
      this.dispatchEvent(new MessageEvent('message', { data }));
    }
  }
}

const markdown = (source: string): MarkdownJob => ({ kind: 'markdown', source });

const frame = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => setTimeout(callback, 0));
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const withWorker = (keptUnused?: number) => {
  const parser = new SettledParser(keptUnused);
  const workers: EchoWorker[] = [];
  parser.useWorker(() => {
    const started = new EchoWorker();
    workers.push(started);
    return started as unknown as ParseWorker;
  });
  const worker = workers[0] ?? new EchoWorker();
  worker.ready();
  return { parser, worker, workers };
};

describe('SettledParser', () => {
  it('without a worker builds the tree at once', () => {
    const tree = new SettledParser().result(markdown('**bold**'));
    expect(tree?.children[0]).toMatchObject({ type: 'element', tagName: 'p' });
  });

  it('asks the worker once per source, and tells listeners once the frame comes', async () => {
    const { parser, worker } = withWorker();
    const listener = vi.fn();
    expect(parser.result(markdown('a *b*'))).toBeUndefined();
    expect(parser.result(markdown('a *b*'))).toBeUndefined();
    parser.subscribe(markdown('a *b*'), listener);
    expect(worker.requests).toHaveLength(1);
    worker.answerAll();
    expect(listener).not.toHaveBeenCalled();
    await frame();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(parser.result(markdown('a *b*'))).toEqual(settledTree('a *b*'));
  });

  it('hands results that arrive together to listeners a few a frame, in order', async () => {
    const { parser, worker } = withWorker();
    const told: number[] = [];
    const count = resultsPerFrame * 2 + 3;
    for (let index = 0; index < count; index += 1)
      parser.subscribe(markdown(`block ${index}`), () => told.push(index));
    worker.answerAll();
    await frame();
    expect(told).toEqual(Array.from({ length: resultsPerFrame }, (_, index) => index));
    await frame();
    expect(told).toHaveLength(resultsPerFrame * 2);
    await frame();
    expect(told).toEqual(Array.from({ length: count }, (_, index) => index));
  });

  it('shows as plain text what the worker could not parse, without parsing it here', async () => {
    const { parser, worker } = withWorker();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    parser.result(markdown('`code`'));
    worker.fail = true;
    worker.answerAll();
    await frame();
    // null asks for plain text; a tree would mean the page had parsed it after all.
    expect(parser.result(markdown('`code`'))).toBeNull();
    expect(error).toHaveBeenCalledOnce();
  });

  it('when a loaded worker dies, shows its block as plain text and a new worker takes the rest', async () => {
    const { parser, worker, workers } = withWorker();
    const listener = vi.fn();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    parser.subscribe(markdown('one'), listener);
    parser.result(markdown('two'));
    worker.dispatchEvent(new Event('error'));
    await frame();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(parser.result(markdown('one'))).toBeNull();
    expect(worker.terminated).toBe(true);
    const next = workers[1];
    expect(next?.requests.map((r) => r.job)).toEqual([markdown('two')]);
    next?.ready();
    next?.answerAll();
    await frame();
    expect(parser.result(markdown('two'))).toEqual(settledTree('two'));
    expect(error).toHaveBeenCalledOnce();
  });

  it('stops a job that runs past the budget: plain text, and a new worker for the rest', () => {
    vi.useFakeTimers();
    try {
      const { parser, worker, workers } = withWorker();
      const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      parser.result(markdown('first'));
      parser.result(markdown('stuck'));
      parser.result(markdown('after'));
      vi.advanceTimersByTime(jobBudgetMs - 10);
      // The first job is answered in time; the clock restarts for the next one.
      const [first] = worker.requests.splice(0, 1);
      worker.dispatchEvent(
        new MessageEvent('message', { data: { id: first?.id ?? 0, result: settledTree('first') } }),
      );
      vi.advanceTimersByTime(jobBudgetMs - 10);
      expect(workers).toHaveLength(1);
      vi.advanceTimersByTime(20);
      vi.runOnlyPendingTimers();
      expect(parser.result(markdown('first'))).toEqual(settledTree('first'));
      expect(parser.result(markdown('stuck'))).toBeNull();
      expect(worker.terminated).toBe(true);
      expect(workers).toHaveLength(2);
      expect(workers[1]?.requests.map((r) => r.job)).toEqual([markdown('after')]);
      expect(error).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts the clock only once the worker has loaded', () => {
    vi.useFakeTimers();
    try {
      const parser = new SettledParser();
      const worker = new EchoWorker();
      parser.useWorker(() => worker as unknown as ParseWorker);
      parser.result(markdown('waits for the bundle'));
      vi.advanceTimersByTime(jobBudgetMs * 3);
      expect(worker.terminated).toBe(false);
      worker.ready();
      vi.advanceTimersByTime(jobBudgetMs + 1);
      expect(worker.terminated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('retries a worker that fails to load, then gives up without parsing on the page', () => {
    const parser = new SettledParser();
    const workers: EchoWorker[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    parser.useWorker(() => {
      const worker = new EchoWorker();
      workers.push(worker);
      return worker as unknown as ParseWorker;
    });
    parser.result(markdown('a block'));
    for (let attempt = 0; attempt < 5; attempt += 1)
      workers.at(-1)?.dispatchEvent(new Event('error'));
    expect(workers).toHaveLength(3);
    // The block keeps its streaming render: no result, and none computed here.
    expect(parser.result(markdown('a block'))).toBeUndefined();
    expect(parser.result(markdown('another'))).toBeUndefined();
    expect(error).toHaveBeenCalledTimes(3);
  });

  it('keeps trees in use and the most recent unused ones, dropping older unused ones', async () => {
    const { parser, worker } = withWorker(2);
    const unsubscribe = parser.subscribe(markdown('kept'), () => undefined);
    for (const source of ['old', 'mid', 'new']) parser.result(markdown(source));
    worker.answerAll();
    await frame();
    parser.result(markdown('newest'));
    worker.answerAll();
    await frame();
    expect(worker.requests).toHaveLength(0);
    // 'kept' is in use, so it stays although it is the oldest.
    expect(parser.result(markdown('kept'))).toBeDefined();
    expect(parser.result(markdown('new'))).toBeDefined();
    expect(parser.result(markdown('newest'))).toBeDefined();
    expect(parser.result(markdown('old'))).toBeUndefined();
    expect(worker.requests.map((r) => r.job)).toEqual([markdown('old')]);
    unsubscribe();
  });

  it('highlights code in the worker too, and knows "nothing to highlight" from "not yet"', async () => {
    const code = 'const answer = 42;';
    const job = { kind: 'highlight', code, language: 'typescript' } as const;
    const { parser, worker } = withWorker();
    const listener = vi.fn();
    parser.subscribe(job, listener);
    expect(parser.result(job)).toBeUndefined();
    expect(worker.requests.map((r) => r.job)).toEqual([job]);
    worker.answerAll();
    await frame();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(parser.result(job)).toBe(highlightCode(code, 'typescript'));
    expect(parser.result(job)).toContain('hljs-keyword');

    const plain = { kind: 'highlight', code, language: 'plaintext' } as const;
    expect(new SettledParser().result(plain)).toBeNull();
  });

  it('keeps a Markdown tree and highlighted code of the same text apart', () => {
    const parser = new SettledParser();
    const text = 'let x = 1;';
    expect(parser.result(markdown(text))).toEqual(settledTree(text));
    expect(parser.result({ kind: 'highlight', code: text, language: 'rust' })).toContain(
      'hljs-keyword',
    );
  });
});
