/**
 * Turns a storm of tiny deltas into at most one `delta` event per interval. The first delta after a
 * quiet spell goes out at once (no added latency); later ones wait for the interval's end, and a timer
 * sends them even if the stream then pauses, so text is never held back behind a slow model.
 */

export interface DeltaPayload {
  text: string;
  reasoning: string;
}

export interface DeltaCoalescer {
  add(text: string, reasoning: string): void;
  /** Send what is pending now (before a terminal event, a usage event, or a resume). */
  flush(): void;
  /** Stop the timer for good; later adds are dropped. */
  dispose(): void;
}

export interface CoalescerOptions {
  intervalMs: number;
  now: () => number;
  emit: (delta: DeltaPayload) => void;
  /** Largest UTF-8 size of one event's text + reasoning; bigger batches are split. */
  maxEventBytes?: number;
  /** A flush from the timer failed: reported here, because nothing may throw out of a timer. */
  onTimerError?: (error: unknown) => void;
}

export const MAX_EVENT_BYTES = 64 * 1024;

export function createDeltaCoalescer(options: CoalescerOptions): DeltaCoalescer {
  const { intervalMs, now, emit } = options;
  const maxBytes = options.maxEventBytes ?? MAX_EVENT_BYTES;
  // Arrays joined once per event: a burst of thousands of tiny deltas (a fast local model) then costs
  // one flat string, not a deep chain of concatenations.
  const pendingText: string[] = [];
  const pendingReasoning: string[] = [];
  let lastEmitAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const flush = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pendingText.length === 0 && pendingReasoning.length === 0) return;
    const text = pendingText.join('');
    const reasoning = pendingReasoning.join('');
    pendingText.length = 0;
    pendingReasoning.length = 0;
    lastEmitAt = now();
    for (const piece of splitForEvents(text, reasoning, maxBytes)) emit(piece);
  };

  // Timers may fire a fraction of a millisecond early by a finer clock: wait out the rest, so two
  // events are never closer than the interval.
  const flushWhenDue = (): void => {
    try {
      timer = undefined;
      const rest = lastEmitAt + intervalMs - now();
      if (rest > 0) timer = setTimeout(flushWhenDue, Math.ceil(rest));
      else flush();
    } catch (error) {
      dispose();
      options.onTimerError?.(error);
    }
  };

  const dispose = (): void => {
    disposed = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  return {
    add(text, reasoning) {
      if (disposed || (text === '' && reasoning === '')) return;
      if (text !== '') pendingText.push(text);
      if (reasoning !== '') pendingReasoning.push(reasoning);
      if (timer !== undefined) return;
      const wait = lastEmitAt + intervalMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flushWhenDue, Math.ceil(wait));
    },
    flush,
    dispose,
  };
}

/**
 * Splits one batch so that each event's text + reasoning stays within `maxBytes` of UTF-8. The common
 * case (a few KB) is one event and costs nothing; only a huge batch is cut, never inside a character.
 */
export function splitForEvents(text: string, reasoning: string, maxBytes: number): DeltaPayload[] {
  // Three UTF-8 bytes per UTF-16 unit is the worst case, so this bound needs no encoding.
  const worstCase = (text.length + reasoning.length) * 3;
  if (worstCase <= maxBytes || Buffer.byteLength(text) + Buffer.byteLength(reasoning) <= maxBytes) {
    return [{ text, reasoning }];
  }
  const pieces: DeltaPayload[] = [];
  for (const part of cutUtf8(reasoning, maxBytes)) pieces.push({ text: '', reasoning: part });
  for (const part of cutUtf8(text, maxBytes)) pieces.push({ text: part, reasoning: '' });
  return pieces;
}

function cutUtf8(value: string, maxBytes: number): string[] {
  if (value === '') return [];
  const encoder = new TextEncoder();
  const scratch = new Uint8Array(maxBytes);
  const parts: string[] = [];
  let rest = value;
  while (rest.length > 0) {
    // encodeInto stops before a character that would not fit, so surrogate pairs stay whole.
    const { read } = encoder.encodeInto(rest, scratch);
    parts.push(rest.slice(0, read));
    rest = rest.slice(read);
  }
  return parts;
}
