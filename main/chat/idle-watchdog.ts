/**
 * Notices a connection that has stopped being useful. Progress is the answer growing, not bytes
 * arriving: a server sending only keep-alive comments, events that are not JSON or bytes that never
 * frame an event is alive but useless, and may hold an answer open only up to the stall limit.
 *
 * - Before the response starts: nothing for `firstByteMs` (the attempt is retried).
 * - After it: no byte for `idleMs`, or no progress for `stallMs` whatever bytes came.
 *
 * Touching is just a timestamp write (it happens on every read of a fast stream); a single timer
 * re-arms itself for the remaining time instead of being reset each touch.
 */

/** Which limit was hit. */
export type Silence = 'first-byte' | 'idle' | 'stall';

export interface WatchdogLimits {
  /** Infinity: no limit before the response (a non-streamed answer is bounded by its deadline). */
  firstByteMs: number;
  idleMs: number;
  stallMs: number;
}

export interface IdleWatchdog {
  /** The response's status and headers arrived: from now on the idle and stall limits apply. */
  responded(): void;
  /** Bytes arrived (keep-alives included): the connection is alive. */
  touch(): void;
  /** The answer grew (text, reasoning, finish, new usage, an error): the connection is useful. */
  progressed(): void;
  /** From now on, silence this long (if shorter than the idle limit) is enough to give up. */
  shorten(timeoutMs: number): void;
  stop(): void;
  /** Which limit fired, or null while none has. */
  readonly fired: Silence | null;
}

export function startIdleWatchdog(
  limits: WatchdogLimits,
  onSilence: (silence: Silence) => void,
  now: () => number = Date.now,
): IdleWatchdog {
  const startedAt = now();
  let responded = false;
  let lastByte = startedAt;
  let lastProgress = startedAt;
  let shortened = Number.POSITIVE_INFINITY;
  let fired: Silence | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** The earliest moment a limit runs out, and which one. */
  const nextDeadline = (): { at: number; silence: Silence } => {
    if (!responded) return { at: startedAt + limits.firstByteMs, silence: 'first-byte' };
    const idleAt = lastByte + Math.min(limits.idleMs, shortened);
    const stallAt = lastProgress + limits.stallMs;
    return idleAt <= stallAt ? { at: idleAt, silence: 'idle' } : { at: stallAt, silence: 'stall' };
  };

  const arm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (stopped || fired !== null) return;
    const { at } = nextDeadline();
    // An unbounded phase sets no timer (setTimeout would fire an Infinity delay at once).
    if (!Number.isFinite(at)) return;
    timer = setTimeout(check, Math.max(0, at - now()));
  };

  // A timer callback must never throw: whatever onSilence does, the error stays here.
  const check = (): void => {
    timer = undefined;
    const { at, silence } = nextDeadline();
    if (now() < at) {
      arm();
      return;
    }
    fired = silence;
    try {
      onSilence(silence);
    } catch {
      // The abort it triggers is all that matters; a listener's failure must not escape a timer.
    }
  };

  arm();
  return {
    responded() {
      if (responded) return;
      responded = true;
      lastByte = now();
      lastProgress = lastByte;
      arm();
    },
    touch() {
      lastByte = now();
    },
    progressed() {
      lastByte = now();
      lastProgress = lastByte;
    },
    shorten(shorterMs) {
      if (fired !== null || stopped || shorterMs >= shortened) return;
      shortened = shorterMs;
      arm();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    get fired() {
      return fired;
    },
  };
}
