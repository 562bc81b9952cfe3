/**
 * "Run this before the next paint", at most once however often it is asked.
 *
 * requestAnimationFrame stops in a hidden or minimised window, but a stream keeps running and
 * must keep being saved; a timeout stands in when no frame comes soon.
 *
 * A frame that carries a keystroke paints the keystroke alone: the work waits for the next frame
 * (never two in a row), so what is typed while an answer streams shows as soon as when nothing
 * streams, instead of after that frame's share of the answer is rendered, laid out and painted.
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
  /** Milliseconds since the person last pressed a key or input text; Infinity if never. */
  sinceInput?(): number;
}

/** One frame at 60 Hz: input newer than this is in the frame about to be painted. */
const FRAME_MS = 1000 / 60;

export const browserFrameClock = (): FrameClock => {
  let inputAt = Number.NEGATIVE_INFINITY;
  const note = (): void => {
    inputAt = performance.now();
  };
  // Capture phase, so it is noted before any handler can stop the event.
  window.addEventListener('keydown', note, { capture: true, passive: true });
  window.addEventListener('input', note, { capture: true, passive: true });
  return {
    requestFrame: (callback) => requestAnimationFrame(() => callback()),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
    setTimer: (callback, ms) => window.setTimeout(callback, ms),
    clearTimer: (handle) => window.clearTimeout(handle),
    sinceInput: () => performance.now() - inputAt,
  };
};

/** How long to wait for a frame before assuming the window is hidden. */
const HIDDEN_WINDOW_FALLBACK_MS = 250;

export function createFrameScheduler(run: () => void, clock: FrameClock): FrameScheduler {
  let frame: number | null = null;
  let timer: number | null = null;
  let yielded = false;
  const cancel = (): void => {
    if (frame !== null) clock.cancelFrame(frame);
    if (timer !== null) clock.clearTimer(timer);
    frame = null;
    timer = null;
  };
  const fire = (): void => {
    cancel();
    yielded = false;
    run();
  };
  const onFrame = (): void => {
    if (!yielded && (clock.sinceInput?.() ?? Number.POSITIVE_INFINITY) < FRAME_MS) {
      // Leave this frame to the keystroke; the hidden-window timer keeps running meanwhile.
      yielded = true;
      frame = clock.requestFrame(onFrame);
      return;
    }
    fire();
  };
  return {
    schedule() {
      if (frame !== null || timer !== null) return;
      frame = clock.requestFrame(onFrame);
      timer = clock.setTimer(fire, HIDDEN_WINDOW_FALLBACK_MS);
    },
    cancel,
  };
}
