/**
 * "Run this before the next paint", at most once however often it is asked.
 *
 * requestAnimationFrame stops in a hidden or minimised window, but a stream keeps running and
 * must keep being saved; a timeout stands in when no frame comes soon.
 */
export interface FrameScheduler {
  schedule(): void;
  cancel(): void;
}

export interface FrameClock {
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  setTimer(callback: () => void, ms: number): number;
  clearTimer(handle: number): void;
}

export const browserFrameClock = (): FrameClock => ({
  requestFrame: (callback) => requestAnimationFrame(() => callback()),
  cancelFrame: (handle) => cancelAnimationFrame(handle),
  setTimer: (callback, ms) => window.setTimeout(callback, ms),
  clearTimer: (handle) => window.clearTimeout(handle),
});

/** How long to wait for a frame before assuming the window is hidden. */
const HIDDEN_WINDOW_FALLBACK_MS = 250;

export function createFrameScheduler(run: () => void, clock: FrameClock): FrameScheduler {
  let frame: number | null = null;
  let timer: number | null = null;
  const cancel = (): void => {
    if (frame !== null) clock.cancelFrame(frame);
    if (timer !== null) clock.clearTimer(timer);
    frame = null;
    timer = null;
  };
  const fire = (): void => {
    cancel();
    run();
  };
  return {
    schedule() {
      if (frame !== null || timer !== null) return;
      frame = clock.requestFrame(fire);
      timer = clock.setTimer(fire, HIDDEN_WINDOW_FALLBACK_MS);
    },
    cancel,
  };
}
