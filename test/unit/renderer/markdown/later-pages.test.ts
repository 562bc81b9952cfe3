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
  waitingBlocks,
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

describe('waitingBlocks', () => {
  const sum = (chars: readonly number[]): number => chars.reduce((a, b) => a + b, 0);

  it('keeps a short answer whole', () => {
    expect(waitingBlocks([])).toBe(0);
    expect(waitingBlocks([laterPagesFromChars - 1])).toBe(0);
    expect(waitingBlocks([4000, 4000, laterPagesFromChars - 8001])).toBe(0);
  });

  it('renders at once the blocks that hold the last screen of a long answer', () => {
    const block = 200;
    const blocks = Array.from({ length: 240 }, () => block);
    const atOnce = Math.ceil(firstScreenChars / block);
    expect(waitingBlocks(blocks)).toBe(240 - atOnce);
  });

  it('renders no more than a screen and one block at once, wherever a page of 16 ends', () => {
    // The renderer benchmark's 51k answer ends with a page of 8 blocks (2,193 characters) after one of
    // 16 (3,979): whole pages rendered 6,172 characters in the opening task, one long task of 56-91 ms.
    const blocks = [
      ...Array.from<number>({ length: 224 }).fill(212),
      400,
      857,
      1,
      499,
      97,
      1,
      337,
      1,
    ];
    const waiting = waitingBlocks(blocks);
    const atOnce = blocks.slice(waiting);
    expect(sum(atOnce)).toBeGreaterThanOrEqual(firstScreenChars);
    expect(sum(atOnce.slice(1))).toBeLessThan(firstScreenChars);
    expect(waiting % 16).not.toBe(0);
  });

  it('renders the last block at once even when it alone is longer than a screen', () => {
    expect(waitingBlocks([3000, 3000, 3000, 3000, 30_000])).toBe(4);
  });

  it('never makes the first block of an answer wait when the rest is short', () => {
    expect(waitingBlocks([30_000, 100])).toBe(0);
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
