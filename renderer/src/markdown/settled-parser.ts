/**
 * Settled blocks are parsed in a worker when the page has started one (startSettledParseWorker), so the
 * Markdown parser, most of what a block costs when it settles (micromark's tokenizers, and on the first
 * answer of a session their JIT warm-up), stays off the UI thread. Until its tree arrives a block keeps
 * its streaming render. Trees that arrive together are handed to React once a frame. Without a worker
 * (Node tests, a page that never started one) the tree is built on the spot.
 *
 * Trees are cached by source: those a mounted block uses are kept, and up to 512 more, so a
 * conversation opened again or a message scrolled back into a virtualised list renders at once.
 */
import type { Root } from 'hast';
import type { ParseReply, ParseRequest } from './settled-parse-protocol';
import { settledTree } from './settled-tree';

const defaultKeptUnused = 512;

interface Entry {
  tree: Root | undefined;
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

  /** The tree for `source`, or undefined while the worker parses it (asked for here if need be). */
  tree(source: string): Root | undefined {
    const entry = this.entries.get(source);
    if (entry) return entry.tree;
    if (!this.worker) return this.store(source, settledTree(source)).tree;
    this.store(source, undefined);
    const id = this.nextId;
    this.nextId += 1;
    this.pending.set(id, source);
    this.worker.postMessage({ id, source } satisfies ParseRequest);
    return undefined;
  }

  subscribe(source: string, listener: () => void): () => void {
    this.tree(source);
    const entry = this.entries.get(source);
    entry?.listeners.add(listener);
    return () => {
      entry?.listeners.delete(listener);
      this.evict();
    };
  }

  private store(source: string, tree: Root | undefined): Entry {
    const entry = this.entries.get(source) ?? { tree, listeners: new Set() };
    entry.tree = tree;
    // Map order is the eviction order: most recently stored last.
    this.entries.delete(source);
    this.entries.set(source, entry);
    this.evict();
    return entry;
  }

  private receive(reply: ParseReply): void {
    const source = this.pending.get(reply.id);
    if (source === undefined) return;
    this.pending.delete(reply.id);
    const entry = this.entries.get(source);
    if (!entry) return;
    entry.tree = 'tree' in reply ? reply.tree : settledTree(source);
    this.arrived.add(source);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const sources = [...this.arrived];
    this.arrived.clear();
    for (const source of sources) {
      for (const listener of this.entries.get(source)?.listeners ?? []) listener();
    }
  }

  private abandonWorker(): void {
    this.worker = null;
    for (const id of [...this.pending.keys()]) this.receive({ id, error: 'worker failed' });
  }

  /** Drops the oldest trees no mounted block uses, beyond `keptUnused` of them. */
  private evict(): void {
    let unused = 0;
    for (const entry of this.entries.values()) if (entry.listeners.size === 0) unused += 1;
    for (const [source, entry] of this.entries) {
      if (unused <= this.keptUnused) break;
      if (entry.listeners.size > 0 || entry.tree === undefined) continue;
      this.entries.delete(source);
      unused -= 1;
    }
  }
}

export const settledParser = new SettledParser();

/** Parses settled blocks in `worker` from now on (each entry point starts its own). */
export function startSettledParseWorker(worker: ParseWorker): void {
  settledParser.useWorker(worker);
}
