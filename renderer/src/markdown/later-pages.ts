/**
 * Opening a long finished answer renders its last screen at once and the rest of its pages later, one
 * page at a time in idle periods, so no single task renders the whole answer (a 51k-character answer
 * opened cold was one task of ~160 ms here, 1.5 s with 7 long tasks in an independent harness).
 *
 * Which blocks wait: the conversation view opens on the end of its last message, and scrolling up brings
 * an older message's end into view first, so the blocks nearest the answer's end render at once and the
 * others wait, a page at a time (the blocks of the page where the first screen begins that come before
 * it wait as one part of that page). Their turn comes last-registered first (the page nearest the end of the last-mounted
 * answer), and a waiting page that comes near the viewport (its placeholder stops being skipped by
 * `content-visibility: auto`) goes to the front and renders on the next frame.
 *
 * A waiting page is shown as its own text as written, unformatted, skipped by layout while off screen:
 * selecting and copying across it gives the Markdown source, the page's text is in the DOM for anything
 * that searches it, and its size is estimated from its length until it renders.
 */

/** Answers shorter than this render all at once, as before: one task of well under 50 ms. */
export const laterPagesFromChars = 12_000;

/**
 * Text rendered at once from the answer's end: about 1,000 px of the renderer benchmark's answer in a
 * 760 px column, more than most windows show of it; a taller window's next page renders a frame later.
 */
export const firstScreenChars = 3_000;

/**
 * Height a waiting page is given, from its length: the renderer benchmark's 51k answer came to 17,693 px
 * in a 760 px column, 0.35 px a character. Off by a little either way is fine: the list keeps its end
 * still while it is at the end, and a page renders before it comes into view.
 */
export const estimatedHeightPx = (chars: number): number => Math.ceil(chars * 0.35);

/**
 * How many of an answer's leading blocks wait, given each block's length in characters: none for a
 * short answer, else all but those that hold the last `firstScreenChars`. Counted in blocks, not pages of
 * 16: where a page ends is no measure of a screen, and the renderer benchmark's 51k answer, whose last
 * page held 8 blocks, rendered its last two pages (6,172 characters) in the opening task, one long task of
 * 56-91 ms; its last 3,000 characters took about half of that.
 */
export function waitingBlocks(blockChars: readonly number[]): number {
  let total = 0;
  for (const chars of blockChars) total += chars;
  if (total < laterPagesFromChars) return 0;
  let fromEnd = 0;
  for (let block = blockChars.length - 1; block > 0; block -= 1) {
    fromEnd += blockChars[block] ?? 0;
    if (fromEnd >= firstScreenChars) return block;
  }
  return 0;
}

/** What the queue needs of a page: render it now. */
export type ShowPage = () => void;

/** What the queue needs of the browser; injected so a test can drive it step by step. */
export interface Scheduler {
  idle(callback: () => void): void;
  frame(callback: () => void): void;
}

const browserScheduler: Scheduler = {
  // A page still renders on a page that is never idle, just later.
  idle: (callback) => requestIdleCallback(callback, { timeout: 250 }),
  frame: (callback) => requestAnimationFrame(callback),
};

/**
 * Waiting pages of every answer on the page, one rendered per turn, so two long answers opened together
 * do not add up to a long task either.
 */
export class LaterPageQueue {
  private readonly waiting: ShowPage[] = [];
  private scheduled: 'idle' | 'frame' | null = null;
  /** Counts scheduled turns, so a turn that was taken over knows it is stale. */
  private turns = 0;

  constructor(private readonly scheduler: Scheduler = browserScheduler) {}

  /** Queues a page; returns its removal, for a page unmounted before its turn. */
  add(show: ShowPage): () => void {
    this.waiting.push(show);
    this.schedule('idle');
    return () => this.remove(show);
  }

  /** A waiting page near the viewport: it goes next, on the next frame. */
  hurry(show: ShowPage): void {
    if (!this.remove(show)) return;
    this.waiting.push(show);
    this.schedule('frame');
  }

  get size(): number {
    return this.waiting.length;
  }

  private remove(show: ShowPage): boolean {
    const index = this.waiting.lastIndexOf(show);
    if (index === -1) return false;
    this.waiting.splice(index, 1);
    return true;
  }

  private schedule(kind: 'idle' | 'frame'): void {
    if (this.waiting.length === 0 || this.scheduled === 'frame' || this.scheduled === kind) return;
    // A frame asked for while an idle turn waits takes over; the idle turn then finds itself stale.
    this.scheduled = kind;
    this.turns += 1;
    const turn = this.turns;
    const run = (): void => {
      if (turn !== this.turns) return;
      this.scheduled = null;
      this.waiting.pop()?.();
      this.schedule('idle');
    };
    if (kind === 'idle') this.scheduler.idle(run);
    else this.scheduler.frame(run);
  }
}

/** Whether this page can render later at all: not where there is no later (server rendering, Node). */
export const canRenderLater = (): boolean =>
  typeof window !== 'undefined' && typeof window.requestIdleCallback === 'function';

export const laterPageQueue = new LaterPageQueue();
