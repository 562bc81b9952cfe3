/**
 * Notices a silent connection. Touching is just a timestamp write (it happens on every read of a fast
 * stream); a single timer re-arms itself for the remaining time instead of being reset each touch.
 */

export interface IdleWatchdog {
  /** Bytes arrived: the connection is alive. */
  touch(): void;
  /** From now on, silence this long (if shorter than the timeout) is enough to give up. */
  shorten(timeoutMs: number): void;
  stop(): void;
  /** True once the connection was declared silent. */
  readonly fired: boolean;
}

export function startIdleWatchdog(
  timeoutMs: number,
  onSilence: () => void,
  now: () => number = Date.now,
): IdleWatchdog {
  let lastActivity = now();
  let fired = false;
  let limit = timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    const silentFor = now() - lastActivity;
    if (silentFor >= limit) {
      fired = true;
      timer = undefined;
      onSilence();
    } else {
      timer = setTimeout(check, limit - silentFor);
    }
  };
  timer = setTimeout(check, limit);
  return {
    touch() {
      lastActivity = now();
    },
    shorten(shorterMs) {
      if (fired || timer === undefined || shorterMs >= limit) return;
      limit = shorterMs;
      clearTimeout(timer);
      timer = setTimeout(check, Math.max(0, limit - (now() - lastActivity)));
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    get fired() {
      return fired;
    },
  };
}
