/**
 * Nothing hangs, nothing grows without bound: keep-alives, malformed events, bytes that frame nothing,
 * endless answers and bodies, silent servers, the answer deadline and the policy's own limits, each
 * against the real fault server on loopback with small bounds from the policy, timed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDeltaCoalescer } from '../../../../main/chat/coalescer';
import { createChatEngine } from '../../../../main/chat/engine';
import { MAX_MODELS_BODY_BYTES } from '../../../../main/chat/list-models';
import { defaultPolicy, MAX_TIMER_MS, resolvePolicy } from '../../../../main/chat/stream-policy';
import type { StreamEvent } from '../../../../main/chat/types';
import { startFaultServer, type FaultServer } from '../../../fault-server';
import {
  chatRequest,
  collect as collectWith,
  socketFreeingFetch,
  terminal,
} from './stream-helpers';

/** Every request here is cut short; a fetch that frees aborted sockets keeps socket counts honest. */
const collect: typeof collectWith = (request, options, deps) =>
  collectWith(request, options, { fetch: socketFreeingFetch, ...deps });

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  // Each test starts with no socket left from the one before, so socket counts speak of this one.
  await server.whenSocketsClosed(3000);
  server.reset();
  server.setDefault({});
});

async function timed(
  run: () => Promise<StreamEvent[]>,
): Promise<{ events: StreamEvent[]; ms: number; end: StreamEvent }> {
  const started = Date.now();
  const events = await run();
  return { events, ms: Date.now() - started, end: terminal(events) };
}

const message = (event: StreamEvent): string =>
  event.type === 'failed' ? event.error.message : '';

describe('progress is the answer growing', () => {
  it('ends a stream of nothing but keep-alives at the stall limit, without asking again', async () => {
    server.script({ endless: 'keep-alive', delayMs: 20 });
    const { end, ms } = await timed(() =>
      collect(chatRequest(server.baseURL), {
        policy: { idleTimeoutMs: 200, stallTimeoutMs: 600 },
      }),
    );
    expect(end).toMatchObject({ type: 'failed', resumable: false, error: { code: 'timeout' } });
    expect(message(end)).toMatch(
      /sent nothing that adds to the answer for 0\.6 s \(only keep-alives/,
    );
    expect(ms).toBeGreaterThanOrEqual(550);
    expect(ms).toBeLessThan(2500);
    expect(server.requests).toHaveLength(1);
    expect(await server.whenSocketsClosed()).toBe(true);
  });

  it('ends bytes that never frame an event at the stall limit too', async () => {
    server.script({ endless: 'unframed', delayMs: 20 });
    const { end, ms } = await timed(() =>
      collect(chatRequest(server.baseURL), { policy: { idleTimeoutMs: 200, stallTimeoutMs: 500 } }),
    );
    expect(end).toMatchObject({ type: 'failed', error: { code: 'timeout' } });
    expect(ms).toBeLessThan(2500);
  });

  it('refuses junk at full speed after 16 MB without any of the answer, long before the stall limit', async () => {
    server.script({ endless: 'unframed' });
    const { end, ms } = await timed(() =>
      collect(chatRequest(server.baseURL), { policy: { idleTimeoutMs: 30_000 } }),
    );
    expect(end).toMatchObject({
      type: 'failed',
      resumable: false,
      error: { code: 'bad_response' },
    });
    expect(message(end)).toContain('sent 16 MB without any of the answer');
    expect(ms).toBeLessThan(10_000);
  });

  it('fails fast on nothing but malformed events, quoting the first one redacted', async () => {
    server.script({ endless: 'malformed', delayMs: 30 });
    const { end, ms } = await timed(() =>
      collect(chatRequest(server.baseURL), { policy: { idleTimeoutMs: 10_000 } }),
    );
    expect(end).toMatchObject({
      type: 'failed',
      resumable: false,
      error: { code: 'bad_response' },
    });
    expect(message(end)).toContain('not an OpenAI-compatible chat stream');
    expect(message(end)).toContain(
      'The first was: "<html>upstream sent this, key=[redacted]</html>"',
    );
    expect(message(end)).not.toContain('sk-leak');
    // Five events 30 ms apart, far below the 20 s stall limit this policy implies.
    expect(ms).toBeLessThan(2000);
  });

  it('cuts a quoted malformed payload to 200 characters', async () => {
    server.script({ body: `data: ${'x'.repeat(500)}\n\n`.repeat(6) });
    const end = terminal(await collect(chatRequest(server.baseURL)));
    const quoted = /The first was: "(x+)…"/.exec(message(end));
    expect(quoted?.[1]).toHaveLength(200);
  });

  it('lets a slow stream with keep-alives between its chunks finish: new text is progress', async () => {
    // 150 ms between chunks, under the 400 ms idle limit: each new piece of text re-arms the watchdog.
    server.script({ delayMs: 150, chunkChars: 60, keepAlive: true });
    const end = terminal(
      await collect(chatRequest(server.baseURL), { policy: { idleTimeoutMs: 400 } }),
    );
    expect(end.type).toBe('done');
  });
});

describe('caps', () => {
  it('stops an endless answer at the answer cap with a clear error, keeping the text so far', async () => {
    server.script({ endless: 'text', chunkChars: 1000 });
    const { end, ms } = await timed(() =>
      collect(chatRequest(server.baseURL), { policy: { maxAnswerChars: 50_000 } }),
    );
    expect(end).toMatchObject({
      type: 'failed',
      resumable: false,
      error: { code: 'bad_response' },
    });
    expect(message(end)).toContain('grew past 50,000 characters');
    expect(end.type === 'failed' && end.text.length).toBeLessThanOrEqual(50_000);
    expect(end.type === 'failed' && end.text.length).toBeGreaterThan(40_000);
    expect(ms).toBeLessThan(3000);
    expect(server.requests).toHaveLength(1);
  });

  it('stops at the default answer cap (8 Mi characters) without crashing', async () => {
    server.script({ endless: 'text', chunkChars: 16_000 });
    const { end } = await timed(() =>
      collect(chatRequest(server.baseURL), { policy: { coalesceMs: 50 } }),
    );
    expect(message(end)).toContain('grew past 8,388,608 characters');
    expect(end.type === 'failed' && end.text.length).toBeLessThanOrEqual(
      defaultPolicy.maxAnswerChars,
    );
  }, 30_000);

  it('refuses a non-streamed JSON body past its cap once, without downloading it again', async () => {
    server.script({ endless: 'json' });
    const end = terminal(
      await collect(chatRequest(server.baseURL, { stream: false }), {
        policy: { maxJsonBodyBytes: 1024 * 1024 },
      }),
    );
    expect(end).toMatchObject({
      type: 'failed',
      resumable: false,
      error: { code: 'bad_response' },
    });
    expect(message(end)).toContain('a complete (non-streamed) answer larger than 1 MB');
    expect(message(end)).not.toMatch(/dropped/);
    expect(server.requests).toHaveLength(1);
  });

  it(`stops reading a models list at ${MAX_MODELS_BODY_BYTES / 1024 / 1024} MB`, async () => {
    server.scriptModels({ endless: 'json' });
    const engine = createChatEngine({ fetch: globalThis.fetch });
    await expect(engine.listModels({ baseURL: server.baseURL })).rejects.toMatchObject({
      chatError: {
        code: 'bad_response',
        message: expect.stringContaining('a models list larger than 8 MB'),
      },
    });
  });

  it('never lets a failing flush escape the coalescer timer', async () => {
    const reported: unknown[] = [];
    let calls = 0;
    const coalescer = createDeltaCoalescer({
      intervalMs: 5,
      now: Date.now,
      emit: () => {
        calls += 1;
        if (calls === 2) throw new RangeError('Invalid string length');
      },
      onTimerError: (error) => reported.push(error),
    });
    coalescer.add('a', '');
    coalescer.add('b', ''); // held for the timer, whose flush throws
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(reported).toEqual([expect.any(RangeError)]);
  });
});

describe('time limits', () => {
  it('retries a server that never starts answering after the first-byte limit, then says so', async () => {
    server.setDefault({ silent: true });
    const { events, end, ms } = await timed(() =>
      collect(chatRequest(server.baseURL), { policy: { firstByteTimeoutMs: 200, maxAttempts: 2 } }),
    );
    expect(events.filter((event) => event.type === 'retrying')).toHaveLength(1);
    expect(message(end)).toMatch(/did not start answering within 0\.2 s\. \(tried 2 times\)/);
    expect(ms).toBeLessThan(1500);
  });

  it('waits past the first-byte limit when streaming is off, up to the answer deadline', async () => {
    server.script({ silent: true });
    const { end, ms } = await timed(() =>
      collect(chatRequest(server.baseURL, { stream: false }), {
        policy: { firstByteTimeoutMs: 100, answerDeadlineMs: 500 },
      }),
    );
    expect(message(end)).toContain('took longer than 0.5 s');
    expect(ms).toBeGreaterThanOrEqual(450);
  });

  it('stops a slow answer at the deadline, keeping its text and offering to continue', async () => {
    server.script({ delayMs: 40, chunkChars: 4 });
    const { end, ms } = await timed(() =>
      collect(chatRequest(server.baseURL), { policy: { answerDeadlineMs: 400 } }),
    );
    expect(end).toMatchObject({ type: 'failed', resumable: true, error: { code: 'timeout' } });
    expect(end.type === 'failed' && end.text.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(1000);
    expect(await server.whenSocketsClosed()).toBe(true);
  });

  it('does not start a retry that the deadline would cut short', async () => {
    server.setDefault({ status: 503 });
    const { events, end } = await timed(() =>
      collect(chatRequest(server.baseURL), {
        policy: { maxAttempts: 10, retryBaseDelayMs: 300, answerDeadlineMs: 500 },
      }),
    );
    expect(events.filter((event) => event.type === 'retrying').length).toBeLessThan(3);
    expect(message(end)).toContain("No time is left to try again before the answer's deadline");
  });

  it('refuses timer values a timer cannot keep, before sending anything', async () => {
    for (const idleTimeoutMs of [0, -5, Number.NaN, MAX_TIMER_MS + 1]) {
      const end = terminal(
        await collect(chatRequest(server.baseURL), { policy: { idleTimeoutMs } }),
      );
      expect(end).toMatchObject({ type: 'failed', error: { code: 'bad_request' } });
      expect(message(end)).toContain(
        'idleTimeoutMs must be a number of milliseconds from 1 to 2147483647',
      );
    }
    expect(server.requests).toHaveLength(0);
  });

  it('refuses tool-call bounds below one, before sending anything', async () => {
    for (const policy of [{ maxToolCalls: 0 }, { maxToolArgumentChars: 1.5 }]) {
      const end = terminal(await collect(chatRequest(server.baseURL), { policy }));
      const [name] = Object.keys(policy);
      expect(message(end)).toContain(`${name} must be a whole number of 1 or more`);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('a blocked port', () => {
  it('says port 9 is blocked and why, without retrying', async () => {
    const events = await collect(chatRequest('http://127.0.0.1:9/v1'), {
      policy: { maxAttempts: 4 },
    });
    expect(events.some((event) => event.type === 'retrying')).toBe(false);
    expect(message(terminal(events))).toMatch(
      /^Port 9 is blocked: fetch .* refuses ports that belong to other protocols/,
    );
  });
});

describe('the documented defaults', () => {
  it('are these', () => {
    expect(defaultPolicy).toEqual({
      maxAttempts: 4,
      firstByteTimeoutMs: 30_000,
      idleTimeoutMs: 60_000,
      stallTimeoutMs: 120_000,
      answerDeadlineMs: 600_000,
      maxResumes: 2,
      coalesceMs: 17,
      retryBaseDelayMs: 500,
      maxRetryAfterMs: 60_000,
      maxAnswerChars: 8 * 1024 * 1024,
      maxJsonBodyBytes: 32 * 1024 * 1024,
      maxToolCalls: 128,
      maxToolArgumentChars: 1024 * 1024,
    });
    expect(MAX_MODELS_BODY_BYTES).toBe(8 * 1024 * 1024);
  });

  it('let the stall limit follow a chosen idle timeout (twice it) unless it is chosen too', () => {
    expect(resolvePolicy({ idleTimeoutMs: 5_000 }).stallTimeoutMs).toBe(10_000);
    expect(resolvePolicy({ idleTimeoutMs: 5_000, stallTimeoutMs: 7_000 }).stallTimeoutMs).toBe(
      7_000,
    );
    expect(resolvePolicy({}).stallTimeoutMs).toBe(120_000);
  });

  it('bound the time before an answer starts to about two minutes without Retry-After', () => {
    const p = defaultPolicy;
    const backoff = [0, 1, 2].map((step) => Math.min(8_000, p.retryBaseDelayMs * 2 ** step));
    const worst = p.maxAttempts * p.firstByteTimeoutMs + backoff.reduce((a, b) => a + b, 0);
    expect(worst).toBe(123_500);
    expect(p.maxAttempts * p.firstByteTimeoutMs + (p.maxAttempts - 1) * p.maxRetryAfterMs).toBe(
      300_000,
    );
    expect(worst).toBeLessThan(p.answerDeadlineMs);
  });
});
