/** A chat store's frame clock whose frames run only when the test says so (`run`). */
import type { FrameClock } from '../../renderer/src/store/frame-scheduler';

export function manualFrames(): { clock: FrameClock; run: () => void } {
  let pending: (() => void) | null = null;
  const clock: FrameClock = {
    requestFrame: (callback) => ((pending = callback), 1),
    cancelFrame: () => (pending = null),
    setTimer: () => 2,
    clearTimer: () => undefined,
  };
  return { clock, run: () => pending?.() };
}
