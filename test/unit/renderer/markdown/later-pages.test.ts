/**
 * Which pages of a long finished answer wait for later (later-pages.ts), and the queue that gives them
 * their turns: one page a turn, the page nearest the end of the last-mounted answer first, a page near
 * the viewport ahead of the rest on the next frame. The real browser's idle periods and
 * `content-visibility` are exercised in Chromium (test/web-e2e/long-answer.spec.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  canRenderLater,
  firstScreenChars,
  laterPagesFromChars,
  LaterPageQueue,
  waitingPages,
  type Scheduler,
} from '../../../../renderer/src/markdown/later-pages';

/** A scheduler the test runs by hand: idle turns and frames wait until it says so. */
class HandScheduler implements Scheduler {
  idles: (() => void)[] = [];
  frames: (() => void)[] = [];
  idle(callback: () => void): void {
    this.idles.push(callback);
  }
  frame(callback: () => void): void {
    this.frames.push(callback);
  }
  runIdle(): void {
    for (const callback of this.idles.splice(0)) callback();
  }
  runFrame(): void {
    for (const callback of this.frames.splice(0)) callback();
  }
}

describe('waitingPages', () => {
  it('keeps a short answer whole', () => {
    expect(waitingPages([])).toBe(0);
    expect(waitingPages([laterPagesFromChars - 1])).toBe(0);
    expect(waitingPages([4000, 4000, laterPagesFromChars - 8001])).toBe(0);
  });

  it('renders at once the pages that hold the last screen of a long answer', () => {
    const page = 1000;
    const pages = Array.from({ length: 40 }, () => page);
    const atOnce = Math.ceil(firstScreenChars / page);
    expect(waitingPages(pages)).toBe(40 - atOnce);
  });

  it('renders the last page at once even when it alone is longer than a screen', () => {
    expect(waitingPages([3000, 3000, 3000, 3000, 30_000])).toBe(4);
  });

  it('never makes the first page of an answer wait when the rest is short', () => {
    expect(waitingPages([30_000, 100])).toBe(0);
  });
});

describe('LaterPageQueue', () => {
  it('shows one page a turn, the last one queued first, until none is left', () => {
    const scheduler = new HandScheduler();
    const queue = new LaterPageQueue(scheduler);
    const shown: string[] = [];
    for (const name of ['a0', 'a1', 'b0', 'b1']) queue.add(() => shown.push(name));
    expect(shown).toEqual([]);
    expect(scheduler.idles).toHaveLength(1);
    for (let turn = 1; turn <= 4; turn += 1) {
      scheduler.runIdle();
      expect(shown).toHaveLength(turn);
    }
    expect(shown).toEqual(['b1', 'b0', 'a1', 'a0']);
    expect(queue.size).toBe(0);
    expect(scheduler.idles).toHaveLength(0);
  });

  it('hurries a page near the viewport to the next frame, ahead of the rest', () => {
    const scheduler = new HandScheduler();
    const queue = new LaterPageQueue(scheduler);
    const shown: string[] = [];
    const pages = ['p0', 'p1', 'p2', 'p3'].map((name) => () => shown.push(name));
    for (const page of pages) queue.add(page);
    queue.hurry(pages[0] as () => void);
    scheduler.runFrame();
    expect(shown).toEqual(['p0']);
    // The idle turn asked for before the hurry is stale; the one after it goes on with the rest.
    scheduler.runIdle();
    expect(shown).toEqual(['p0', 'p3']);
    scheduler.runIdle();
    scheduler.runIdle();
    expect(shown).toEqual(['p0', 'p3', 'p2', 'p1']);
  });

  it('forgets a page removed before its turn, and a hurry for a page already shown', () => {
    const scheduler = new HandScheduler();
    const queue = new LaterPageQueue(scheduler);
    const shown: string[] = [];
    const first = (): void => void shown.push('first');
    const remove = queue.add(first);
    queue.add(() => shown.push('second'));
    remove();
    scheduler.runIdle();
    scheduler.runIdle();
    expect(shown).toEqual(['second']);
    queue.hurry(first);
    expect(scheduler.frames).toHaveLength(0);
  });
});

describe('canRenderLater', () => {
  it('is false where there is no later (Node, server rendering)', () => {
    expect(canRenderLater()).toBe(false);
  });
});
