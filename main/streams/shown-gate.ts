/**
 * Paces a stream's delta events to what its window has shown. Main's clock cannot see the window's
 * frames: two events sent a frame apart can land in one frame when delivery jitters, and a window busy
 * for a while gets a backlog. Once a window reports the events it has shown (once a frame, after it
 * drew them), a delta leaves only after the one before it was shown, and never sooner than `minGapMs`
 * after it; text arriving meanwhile is merged. A window that never reports (hidden, so not drawing; or
 * an old page) still gets what is held every `patienceMs`.
 */
import { MAX_EVENT_BYTES, splitForEvents, type DeltaPayload } from '../chat/coalescer';

export interface ShownGateOptions {
  /** Sends one delta event now; returns its sequence number. */
  send: (delta: DeltaPayload) => number;
  now: () => number;
  /** The least time between two delta events: a frame. */
  minGapMs: number;
  patienceMs?: number;
}

export interface ShownGate {
  /** A delta ready to go: sent now, or held until the last one is shown. */
  delta(delta: DeltaPayload): void;
  /** The window has shown everything up to `seq`. */
  shown(seq: number): void;
  /** Sends what is held now, before an event that must follow it. */
  flush(): void;
  /** Drops what is held (the terminal event carries the whole answer) and stops the timer. */
  dispose(): void;
}

export function createShownGate({
  send,
  now,
  minGapMs,
  patienceMs = 250,
}: ShownGateOptions): ShownGate {
  let reporting = false;
  let unshown: number | null = null;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let heldText = '';
  let heldReasoning = '';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const stopTimer = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const flush = (): void => {
    stopTimer();
    if (heldText === '' && heldReasoning === '') return;
    // Held text can outgrow one event while a window is hidden: split as the coalescer does.
    const pieces = splitForEvents(heldText, heldReasoning, MAX_EVENT_BYTES);
    heldText = '';
    heldReasoning = '';
    lastSentAt = now();
    for (const piece of pieces) unshown = send(piece);
  };

  /** Sends what is held if the window is ready for it, or sets the timer for when it may be. */
  const release = (): void => {
    if (heldText === '' && heldReasoning === '') return;
    const waiting = reporting && unshown !== null;
    const wait = waiting ? patienceMs : lastSentAt + minGapMs - now();
    if (wait <= 0) {
      flush();
      return;
    }
    // While waiting for a report, the patience timer set when text was first held stands.
    if (waiting && timer !== undefined) return;
    stopTimer();
    timer = setTimeout(waiting ? flush : release, Math.ceil(wait));
  };

  return {
    delta(delta) {
      heldText += delta.text;
      heldReasoning += delta.reasoning;
      release();
    },
    shown(seq) {
      reporting = true;
      if (unshown === null || seq < unshown) return;
      unshown = null;
      stopTimer();
      release();
    },
    flush,
    dispose() {
      stopTimer();
      heldText = '';
      heldReasoning = '';
    },
  };
}
