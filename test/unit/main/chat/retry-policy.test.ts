import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  isRetryableStatus,
  serverRequestedDelayMs,
} from '../../../../main/chat/retry-policy';

describe('retry-policy', () => {
  it('retries 408, 409, 429 and 5xx only', () => {
    expect([408, 409, 429, 500, 502, 503, 529].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 402, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });

  it('doubles the wait per attempt up to 8 s, with up to a quarter of jitter', () => {
    expect(backoffDelayMs(2, 500, () => 0)).toBe(500);
    expect(backoffDelayMs(3, 500, () => 0)).toBe(1000);
    expect(backoffDelayMs(4, 500, () => 0)).toBe(2000);
    expect(backoffDelayMs(12, 500, () => 0)).toBe(8000);
    expect(backoffDelayMs(2, 500, () => 1)).toBe(375);
  });

  it('prefers retry-after-ms, then Retry-After seconds, then an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const headers = (init: Record<string, string>) => new Headers(init);
    expect(
      serverRequestedDelayMs(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now),
    ).toBe(1500);
    expect(serverRequestedDelayMs(headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(
      serverRequestedDelayMs(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now),
    ).toBe(5000);
    expect(serverRequestedDelayMs(headers({ 'retry-after': 'soon' }), now)).toBeNull();
    expect(serverRequestedDelayMs(headers({}), now)).toBeNull();
  });
});
