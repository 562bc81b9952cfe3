/**
 * When to try again and how long to wait: exponential backoff with jitter, unless the server said how
 * long (`retry-after-ms`, then `Retry-After` in seconds or as an HTTP date).
 */

/** 408 timeout, 409 conflict (OpenAI: a lock), 429 slow down, 5xx: the same request may pass later. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const MAX_BACKOFF_MS = 8_000;

/**
 * The wait before attempt `nextAttempt` (2 for the first retry): base, 2·base, 4·base… capped at 8 s,
 * minus up to a quarter at random so that many clients do not retry in lockstep.
 */
export function backoffDelayMs(
  nextAttempt: number,
  baseDelayMs: number,
  random: () => number,
): number {
  const exponential = Math.min(MAX_BACKOFF_MS, baseDelayMs * 2 ** Math.max(0, nextAttempt - 2));
  return Math.round(exponential * (1 - 0.25 * random()));
}

/** The server's own wait in milliseconds, or null when it named none (or named nonsense). */
export function serverRequestedDelayMs(headers: Headers, now: number): number | null {
  const milliseconds = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.round(milliseconds);
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null || retryAfter.trim() === '') return null;
  const seconds = Number(retryAfter.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
