/**
 * Notices a silent connection. Touching is just a timestamp write (it happens on every read of a fast
 * stream); a single timer re-arms itself for the remaining time instead of being reset each touch.
 */

export interface IdleWatchdog {
  /** Bytes arrived: the connection is alive. */
  touch(): void;
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    const silentFor = now() - lastActivity;
    if (silentFor >= timeoutMs) {
      fired = true;
      timer = undefined;
      onSilence();
    } else {
      timer = setTimeout(check, timeoutMs - silentFor);
    }
  };
  timer = setTimeout(check, timeoutMs);
  return {
    touch() {
      lastActivity = now();
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
