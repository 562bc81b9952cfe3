/**
 * The settled-block parser's bookkeeping, with the worker replaced by an in-process echo that runs the
 * same jobs (the real worker is exercised in Chromium by the web e2e): one request per job, listeners
 * told once a frame, failures run locally, results in use never evicted.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ParseReply,
  ParseRequest,
} from '../../../renderer/src/markdown/settled-parse-protocol';
import { highlightCode } from '../../../renderer/src/markdown/highlight';
import { runParseJob, type MarkdownJob } from '../../../renderer/src/markdown/parse-jobs';
import { SettledParser, type ParseWorker } from '../../../renderer/src/markdown/settled-parser';
import { settledTree } from '../../../renderer/src/markdown/settled-tree';

class EchoWorker extends EventTarget {
  requests: ParseRequest[] = [];
  fail = false;
  postMessage(request: ParseRequest): void {
    this.requests.push(request);
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
afterEach(() => vi.unstubAllGlobals());

const withWorker = (keptUnused?: number) => {
  const parser = new SettledParser(keptUnused);
  const worker = new EchoWorker();
  parser.useWorker(worker as unknown as ParseWorker);
  return { parser, worker };
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

  it('parses locally what the worker could not', async () => {
    const { parser, worker } = withWorker();
    parser.result(markdown('`code`'));
    worker.fail = true;
    worker.answerAll();
    await frame();
    expect(parser.result(markdown('`code`'))).toEqual(settledTree('`code`'));
  });

  it('parses everything still waiting when the worker dies, and stops using it', async () => {
    const { parser, worker } = withWorker();
    const listener = vi.fn();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    parser.subscribe(markdown('one'), listener);
    parser.result(markdown('two'));
    worker.dispatchEvent(new Event('error'));
    await frame();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(parser.result(markdown('one'))).toEqual(settledTree('one'));
    expect(parser.result(markdown('three'))).toEqual(settledTree('three'));
    expect(worker.requests).toHaveLength(2);
    expect(error).toHaveBeenCalledOnce();
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
