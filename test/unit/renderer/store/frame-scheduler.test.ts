import { describe, expect, it } from 'vitest';
import {
  createFrameScheduler,
  type FrameClock,
} from '../../../../renderer/src/store/frame-scheduler';

const FRAME_MS = 1000 / 60;

/**
 * Frames and timers that run only when the test says so; `typedAgo` is the time since the last key.
 * Each frame is a vsync interval after the one before (`now`), whether anything waited for it or not.
 */
function manualClock() {
  const frames = new Map<number, () => void>();
  const timers = new Map<number, () => void>();
  let next = 1;
  const state = { typedAgo: Number.POSITIVE_INFINITY, now: 1_000 };
  const clock: FrameClock = {
    requestFrame: (callback) => (frames.set(next, callback), next++),
    cancelFrame: (handle) => void frames.delete(handle),
    setTimer: (callback) => (timers.set(next, callback), next++),
    clearTimer: (handle) => void timers.delete(handle),
    sinceInput: () => state.typedAgo,
    now: () => state.now,
  };
  const runAll = (queue: Map<number, () => void>): void => {
    const callbacks = [...queue.values()];
    queue.clear();
    for (const callback of callbacks) callback();
  };
  return {
    clock,
    state,
    frame: () => {
      state.now += FRAME_MS;
      runAll(frames);
    },
    timeout: () => runAll(timers),
    pendingFrames: () => frames.size,
    pendingTimers: () => timers.size,
  };
}

describe('createFrameScheduler', () => {
  it('runs once in the next frame however often it is asked', () => {
    const clock = manualClock();
    let runs = 0;
    const scheduler = createFrameScheduler(() => runs++, clock.clock);
    scheduler.schedule();
    scheduler.schedule();
    expect(runs).toBe(0);
    clock.frame();
    expect(runs).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
    clock.frame();
    expect(runs).toBe(1);
  });

  it('runs on the timer when no frame comes (a hidden window)', () => {
    const clock = manualClock();
    let runs = 0;
    const scheduler = createFrameScheduler(() => runs++, clock.clock);
    scheduler.schedule();
    clock.timeout();
    expect(runs).toBe(1);
    expect(clock.pendingFrames()).toBe(0);
  });

  it('leaves a frame that carries a keystroke to the keystroke, then runs in the next', () => {
    const clock = manualClock();
    let runs = 0;
    const scheduler = createFrameScheduler(() => runs++, clock.clock);
    scheduler.schedule();
    clock.state.typedAgo = 3;
    clock.frame();
    expect(runs).toBe(0);
    // Never two frames in a row, however fast the typing: the answer keeps moving.
    clock.frame();
    expect(runs).toBe(1);
    scheduler.schedule();
    clock.state.typedAgo = 40;
    clock.frame();
    expect(runs).toBe(2);
  });

  it('still runs on the timer while yielding to typing', () => {
    const clock = manualClock();
    let runs = 0;
    const scheduler = createFrameScheduler(() => runs++, clock.clock);
    scheduler.schedule();
    clock.state.typedAgo = 1;
    clock.frame();
    clock.timeout();
    expect(runs).toBe(1);
    expect(clock.pendingFrames()).toBe(0);
  });

  it('cancel drops a yielded frame too', () => {
    const clock = manualClock();
    let runs = 0;
    const scheduler = createFrameScheduler(() => runs++, clock.clock);
    scheduler.schedule();
    clock.state.typedAgo = 1;
    clock.frame();
    scheduler.cancel();
    clock.frame();
    clock.timeout();
    expect(runs).toBe(0);
  });

  describe('while spaced (several answers streaming)', () => {
    it('runs at most every other frame', () => {
      const clock = manualClock();
      let runs = 0;
      const scheduler = createFrameScheduler(() => runs++, clock.clock, { spaced: () => true });
      scheduler.schedule();
      clock.frame();
      expect(runs).toBe(1);
      scheduler.schedule();
      clock.frame();
      // The frame after a run starts without the answers' follow-up work: a key just missed
      // shows there on time.
      expect(runs).toBe(1);
      clock.frame();
      expect(runs).toBe(2);
      scheduler.schedule();
      clock.frame();
      expect(runs).toBe(2);
      clock.frame();
      expect(runs).toBe(3);
    });

    it('runs at once when the frame after the last run went by with nothing to do', () => {
      const clock = manualClock();
      let runs = 0;
      const scheduler = createFrameScheduler(() => runs++, clock.clock, { spaced: () => true });
      scheduler.schedule();
      clock.frame();
      clock.frame();
      scheduler.schedule();
      clock.frame();
      expect(runs).toBe(2);
    });

    it('counts a frame left to a keystroke as the frame between', () => {
      const clock = manualClock();
      let runs = 0;
      const scheduler = createFrameScheduler(() => runs++, clock.clock, { spaced: () => true });
      scheduler.schedule();
      clock.frame();
      scheduler.schedule();
      clock.state.typedAgo = 3;
      clock.frame();
      expect(runs).toBe(1);
      clock.state.typedAgo = 20;
      clock.frame();
      expect(runs).toBe(2);
    });

    it('asks at each frame, so one answer alone runs every frame again', () => {
      const clock = manualClock();
      let runs = 0;
      let several = true;
      const scheduler = createFrameScheduler(() => runs++, clock.clock, { spaced: () => several });
      scheduler.schedule();
      clock.frame();
      several = false;
      scheduler.schedule();
      clock.frame();
      expect(runs).toBe(2);
    });
  });

  it('runs every frame when not spaced', () => {
    const clock = manualClock();
    let runs = 0;
    const scheduler = createFrameScheduler(() => runs++, clock.clock, { spaced: () => false });
    for (let frame = 0; frame < 3; frame++) {
      scheduler.schedule();
      clock.frame();
    }
    expect(runs).toBe(3);
  });
});
