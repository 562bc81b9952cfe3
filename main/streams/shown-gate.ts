/**
 * Paces a stream's delta events to what its window has shown. Main's clock cannot see the window's
 * frames: two events sent a frame apart can land in one frame when delivery jitters, and a window busy
 * for a while gets a backlog. A window reports the events it has shown once a frame, after it drew
 * them, so a delta leaves only after the one before it was shown, and never sooner than `minGapMs`
 * after it; text arriving meanwhile is merged. A window that does not report (hidden, so not drawing)
 * still gets what is held every `patienceMs`. Status events wait behind held text, so
 * the window sees everything in order and deltas stay a frame apart.
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
  /** Runs `send` for an event that must follow the text held now: at once if none is held. */
  after(send: () => void): void;
  /** Drops what is held (the terminal event carries the whole answer), sends the events waiting
   * behind it, and stops the timer. */
  dispose(): void;
}

export function createShownGate({
  send,
  now,
  minGapMs,
  patienceMs = 250,
}: ShownGateOptions): ShownGate {
  let unshown: number | null = null;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let heldText = '';
  let heldReasoning = '';
  const nothingHeld = (): boolean => heldText === '' && heldReasoning === '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Status events that arrived while text was held: they go out right after it, in order.
  let behind: Array<() => void> = [];
  const sendBehind = (): void => {
    const waiting = behind;
    behind = [];
    for (const send of waiting) send();
  };

  const stopTimer = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const flush = (): void => {
    stopTimer();
    if (nothingHeld()) return;
    // Held text can outgrow one event while a window is hidden: split as the coalescer does.
    const pieces = splitForEvents(heldText, heldReasoning, MAX_EVENT_BYTES);
    heldText = '';
    heldReasoning = '';
    lastSentAt = now();
    for (const piece of pieces) unshown = send(piece);
    sendBehind();
  };

  /** Sends what is held if the window is ready for it, or sets the timer for when it may be. */
  const release = (): void => {
    if (nothingHeld()) return;
    const waiting = unshown !== null;
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
      if (unshown === null || seq < unshown) return;
      unshown = null;
      stopTimer();
      release();
    },
    after(send) {
      if (nothingHeld()) send();
      else behind.push(send);
    },
    dispose() {
      stopTimer();
      heldText = '';
      heldReasoning = '';
      sendBehind();
    },
  };
}
