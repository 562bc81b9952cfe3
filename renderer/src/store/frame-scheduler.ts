/**
 * "Run this before the next paint", at most once however often it is asked.
 *
 * requestAnimationFrame stops in a hidden or minimised window, but a stream keeps running and
 * must keep being saved; a timeout stands in when no frame comes soon.
 *
 * A frame that carries a keystroke paints the keystroke alone: the work waits for the next frame
 * (never two in a row), so what is typed while an answer streams shows as soon as when nothing
 * streams, instead of after that frame's share of the answer is rendered, laid out and painted.
 *
 * While `spaced` says so (several answers streaming at once), runs come at most every other frame.
 * A frame that grew the answers leaves work for the start of the next one, before any script runs:
 * the message list re-measures and follows them, and Chromium then re-lays out the page and hit-tests
 * the resting pointer. A key that arrives just after a frame began is shown by the next frame, and
 * with four answers that work made it start late (docs/decisions: four streams and the keystroke);
 * after a frame that drew nothing, the next one starts at once.
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
  /** A monotonic clock in milliseconds; without one, runs are never spaced. */
  now?(): number;
}

export interface FrameSchedulerOptions {
  /** Asked at each frame: true while runs should come at most every other frame. */
  spaced?: () => boolean;
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
    now: () => performance.now(),
  };
};

/** How long to wait for a frame before assuming the window is hidden. */
const HIDDEN_WINDOW_FALLBACK_MS = 250;

/** Frames 16.7 ms apart land within this of each other; two frames apart do not. */
const NEXT_FRAME_MS = FRAME_MS * 1.5;

export function createFrameScheduler(
  run: () => void,
  clock: FrameClock,
  options: FrameSchedulerOptions = {},
): FrameScheduler {
  let frame: number | null = null;
  let timer: number | null = null;
  let yielded = false;
  let skipped = false;
  let ranAt = Number.NEGATIVE_INFINITY;
  const cancel = (): void => {
    if (frame !== null) clock.cancelFrame(frame);
    if (timer !== null) clock.clearTimer(timer);
    frame = null;
    timer = null;
  };
  const fire = (): void => {
    cancel();
    yielded = false;
    skipped = false;
    ranAt = clock.now?.() ?? Number.NEGATIVE_INFINITY;
    run();
  };
  /** The frame right after a run, while runs are spaced. */
  const tooSoon = (): boolean =>
    !skipped &&
    clock.now !== undefined &&
    clock.now() - ranAt < NEXT_FRAME_MS &&
    (options.spaced?.() ?? false);
  const onFrame = (): void => {
    if (!yielded && (clock.sinceInput?.() ?? Number.POSITIVE_INFINITY) < FRAME_MS) {
      // Leave this frame to the keystroke; the hidden-window timer keeps running meanwhile.
      yielded = true;
      frame = clock.requestFrame(onFrame);
      return;
    }
    if (tooSoon()) {
      skipped = true;
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
