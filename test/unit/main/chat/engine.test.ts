/**
 * The engine end to end over loopback HTTP against the fault-injecting server: real sockets, real
 * fetch, no mocks. Waits are made short through the policy, not faked, except where a test injects
 * `sleep` to read the exact delays the engine chose.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatEngine, type NetworkStatus } from '../../../../main/chat/engine';
import { CONTINUE_INSTRUCTION } from '../../../../main/chat/resume';
import type { StreamEvent } from '../../../../main/chat/types';
import {
  DEFAULT_ANSWER,
  DEFAULT_REASONING,
  startFaultServer,
  type FaultServer,
} from '../../../fault-server';
import {
  API_KEY,
  chatRequest,
  collect,
  deltaText,
  fastPolicy,
  stepper,
  socketFreeingFetch,
  terminal,
  types,
} from './stream-helpers';

let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  server.setDefault({});
});

const recordedSleeps = () => {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
};

describe('a clean stream', () => {
  it('streams the scripted text in order: started, deltas, usage, done', async () => {
    const events = await collect(chatRequest(server.baseURL));
    const done = terminal(events);
    expect(done).toMatchObject({ type: 'done', finishReason: 'stop', text: DEFAULT_ANSWER });
    expect(deltaText(events)).toBe(DEFAULT_ANSWER);
    expect(events[0]).toEqual({ type: 'started', attempt: 1 });
    expect(types(events).slice(-2)).toEqual(['usage', 'done']);
    expect(done.type === 'done' && done.usage?.completionTokens).toBeGreaterThan(0);

    const sent = server.requests[0];
    expect(sent?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent?.body).toMatchObject({
      model: 'fault-model',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Tell me about rivers.' }],
    });
  });

  it('gets the same text when the body arrives one byte per write, splitting UTF-8 characters', async () => {
    server.script({ writeBytes: 1, chunkChars: 40 });
    const events = await collect(chatRequest(server.baseURL));
    expect(terminal(events)).toMatchObject({ type: 'done', text: DEFAULT_ANSWER });
    expect(deltaText(events)).toBe(DEFAULT_ANSWER);
  });

  it('handles CRLF, keep-alive comments, an Azure first chunk and content as parts', async () => {
    server.script({
      crlf: true,
      keepAlive: true,
      azureFirstChunk: true,
      contentAsParts: true,
      writeBytes: 7,
    });
    const events = await collect(chatRequest(server.baseURL));
    expect(terminal(events)).toMatchObject({ type: 'done', text: DEFAULT_ANSWER });
  });

  it('keeps reasoning apart from the answer, and a refusal as the answer', async () => {
    server.script(
      { reasoning: DEFAULT_REASONING },
      { refusal: true, text: "I can't help with that." },
    );
    expect(terminal(await collect(chatRequest(server.baseURL)))).toMatchObject({
      text: DEFAULT_ANSWER,
      reasoning: DEFAULT_REASONING,
    });
    expect(terminal(await collect(chatRequest(server.baseURL)))).toMatchObject({
      type: 'done',
      text: "I can't help with that.",
    });
  });

  it('finds usage in the finish chunk and under x_groq too', async () => {
    for (const usageIn of ['finish-chunk', 'x_groq'] as const) {
      server.script({ usageIn });
      const done = terminal(await collect(chatRequest(server.baseURL)));
      expect(done.type === 'done' && done.usage?.totalTokens).toBeGreaterThan(0);
    }
  });

  it('sends the request parameters it was given', async () => {
    await collect(
      chatRequest(server.baseURL, {
        parameters: { temperature: 0.2, topP: 0.9, maxTokens: 100, stop: ['END'], seed: 7 },
        endpoint: { baseURL: server.baseURL, apiKey: API_KEY, headers: { 'X-Title': 'Runnel' } },
      }),
    );
    expect(server.requests[0]?.body).toMatchObject({
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 100,
      stop: ['END'],
      seed: 7,
    });
    expect(server.requests[0]?.headers['x-title']).toBe('Runnel');
  });
});

describe('endings', () => {
  it('ends as done with "unspecified" when [DONE] comes without a finish reason', async () => {
    server.script({ finishReason: null });
    expect(terminal(await collect(chatRequest(server.baseURL)))).toMatchObject({
      type: 'done',
      finishReason: 'unspecified',
      text: DEFAULT_ANSWER,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('ends as done when a finish reason comes but [DONE] never does', async () => {
    server.script({ sendDone: false, finishReason: 'length' });
    expect(terminal(await collect(chatRequest(server.baseURL)))).toMatchObject({
      type: 'done',
      finishReason: 'length',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('treats a body that ends with neither [DONE] nor a finish reason as an interruption, and resumes', async () => {
    server.script({ finishReason: null, sendDone: false });
    const events = await collect(chatRequest(server.baseURL));
    expect(types(events)).toContain('resumed');
    expect(terminal(events)).toMatchObject({ type: 'done', text: DEFAULT_ANSWER });
    expect(server.requests[1]?.continuation).toBe(DEFAULT_ANSWER);
  });
});

describe('resuming after a drop', () => {
  it('resumes a stream whose socket dropped mid-answer, without duplicating the overlap', async () => {
    server.script({ dropAfterBytes: 1500 });
    const events = await collect(chatRequest(server.baseURL));
    const done = terminal(events);
    expect(done).toMatchObject({ type: 'done', finishReason: 'stop', text: DEFAULT_ANSWER });
    expect(deltaText(events)).toBe(DEFAULT_ANSWER);
    expect(events).toContainEqual({ type: 'resumed', resumes: 1 });

    const [first, second] = server.requests;
    expect(first?.continuation).toBeNull();
    const partial = second?.continuation ?? '';
    expect(partial.length).toBeGreaterThan(20);
    expect(DEFAULT_ANSWER.startsWith(partial)).toBe(true);
    // The continuation request carries the conversation, the partial answer and the instruction.
    expect(second?.body?.messages?.slice(-2)).toEqual([
      { role: 'assistant', content: partial },
      { role: 'user', content: CONTINUE_INSTRUCTION },
    ]);
    // The server repeated 12 characters of the partial text; none of them were shown twice.
    expect(second?.scenario.continuationOverlap ?? 12).toBe(12);
  });

  it('counts reasoning the coalescer still held at the drop when it separates the resumed reasoning', async () => {
    const event = (delta: object, finish: string | null = null): string =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    // One write, so both events come in one read: the text goes out at once, and the reasoning right
    // behind it is still waiting in the coalescer when the body ends.
    server.script(
      {
        body: event({ content: 'Hi' }) + event({ reasoning_content: 'First thought.' }),
        writeBytes: 1 << 16,
      },
      {
        body: `${event({ reasoning_content: 'Second thought.' })}${event({ content: ' there.' })}${event({}, 'stop')}data: [DONE]\n\n`,
      },
    );
    const events = await collect(chatRequest(server.baseURL), { policy: { coalesceMs: 1000 } });
    expect(events).toContainEqual({ type: 'resumed', resumes: 1 });
    expect(terminal(events)).toMatchObject({
      type: 'done',
      text: 'Hi there.',
      reasoning: 'First thought.\n\nSecond thought.',
    });
  });

  it('resumes twice when the continuation drops too, then gives up keeping the text', async () => {
    server.script({ dropAfterBytes: 900 }, { dropAfterBytes: 900 }, {});
    expect(terminal(await collect(chatRequest(server.baseURL)))).toMatchObject({
      type: 'done',
      text: DEFAULT_ANSWER,
    });

    server.reset();
    server.script({ dropAfterBytes: 900 }, { dropAfterBytes: 900 }, { dropAfterBytes: 900 });
    const failed = terminal(
      await collect(chatRequest(server.baseURL), { policy: { maxResumes: 2 } }),
    );
    expect(failed).toMatchObject({ type: 'failed', resumable: true, error: { code: 'network' } });
    expect(failed.type === 'failed' && DEFAULT_ANSWER.startsWith(failed.text)).toBe(true);
    expect(failed.type === 'failed' && failed.text.length).toBeGreaterThan(20);
    expect(failed.type === 'failed' && failed.error.message).toContain('Resumed 2 times');
  });

  it("continues from resumeFrom (the app's Continue): deltas carry only the new text", async () => {
    const partial = DEFAULT_ANSWER.slice(0, 100);
    const events = await collect(chatRequest(server.baseURL), {
      resumeFrom: { text: partial, reasoning: 'earlier thoughts' },
    });
    expect(terminal(events)).toMatchObject({
      type: 'done',
      text: DEFAULT_ANSWER,
      reasoning: 'earlier thoughts',
    });
    expect(deltaText(events)).toBe(DEFAULT_ANSWER.slice(100));
    expect(server.requests[0]?.continuation).toBe(partial);
  });
});

describe('retries before the first byte', () => {
  it('honours Retry-After on a 429 (a real one-second wait) and then streams', async () => {
    server.script({ status: 429, retryAfter: '1' });
    const events = await collect(chatRequest(server.baseURL));
    expect(events[0]).toMatchObject({ type: 'retrying', attempt: 2, of: 4, delayMs: 1000 });
    expect(events[0]?.type === 'retrying' && events[0].reason).toContain('rate-limiting');
    expect(terminal(events)).toMatchObject({ type: 'done', text: DEFAULT_ANSWER });
    const [first, second] = server.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
    expect(events).toContainEqual({ type: 'started', attempt: 2 });
  });

  it('prefers retry-after-ms, and backs off exponentially without a hint', async () => {
    const { delays, sleep } = recordedSleeps();
    server.script({ status: 503, retryAfterMs: 2500 }, { status: 500 }, { status: 502 });
    const events = await collect(
      chatRequest(server.baseURL),
      { policy: { retryBaseDelayMs: 100 } },
      { sleep, random: () => 0 },
    );
    expect(delays).toEqual([2500, 200, 400]);
    expect(terminal(events)).toMatchObject({ type: 'done' });
    expect(server.requests).toHaveLength(4);
  });

  it('stops after maxAttempts and says how often it tried', async () => {
    server.script({ status: 500 }, { status: 500 }, { status: 500 });
    const done = terminal(
      await collect(chatRequest(server.baseURL), { policy: { maxAttempts: 3 } }),
    );
    expect(done).toMatchObject({
      type: 'failed',
      error: { code: 'server', status: 500 },
      resumable: false,
    });
    expect(done.type === 'failed' && done.error.message).toContain('tried 3 times');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 429 that means the quota is gone', async () => {
    server.script({ status: 429, quota: true });
    expect(terminal(await collect(chatRequest(server.baseURL)))).toMatchObject({
      type: 'failed',
      error: { code: 'quota', status: 429 },
    });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up at once when the server asks for a wait longer than the policy allows', async () => {
    server.script({ status: 429, retryAfter: '3600' });
    const done = terminal(await collect(chatRequest(server.baseURL)));
    expect(done).toMatchObject({ type: 'failed', error: { code: 'rate_limit' } });
    expect(done.type === 'failed' && done.error.message).toContain('3600 s');
  });

  it('drops stream_options for a gateway that rejects it, and remembers that for the base URL', async () => {
    const strict = await startFaultServer({ rejectStreamOptions: true });
    try {
      expect(terminal(await collect(chatRequest(strict.baseURL)))).toMatchObject({
        type: 'done',
        text: DEFAULT_ANSWER,
      });
      expect(strict.requests.map((r) => r.body?.stream_options !== undefined)).toEqual([
        true,
        false,
      ]);
      await collect(chatRequest(strict.baseURL));
      expect(strict.requests.map((r) => r.body?.stream_options !== undefined)).toEqual([
        true,
        false,
        false,
      ]);
    } finally {
      await strict.close();
    }
  });
});

describe('offline', () => {
  it('waits for the network without spending attempts', async () => {
    let online = false;
    let waits = 0;
    const network: NetworkStatus = {
      isOnline: () => online,
      waitUntilOnline: async () => {
        waits += 1;
        await new Promise((resolve) => setTimeout(resolve, 30));
        online = true;
      },
    };
    const events = await collect(
      chatRequest(server.baseURL),
      { policy: { maxAttempts: 1 } },
      { network },
    );
    expect(waits).toBe(1);
    expect(events[0]).toMatchObject({
      type: 'retrying',
      delayMs: 0,
      reason: expect.stringContaining('Offline'),
    });
    expect(events).toContainEqual({ type: 'started', attempt: 1 });
    expect(terminal(events)).toMatchObject({ type: 'done', text: DEFAULT_ANSWER });
  });

  it('does not count a request that failed because the machine went offline', async () => {
    let online = true;
    let calls = 0;
    const flakyFetch: typeof fetch = async (input, init) => {
      calls += 1;
      if (calls === 1) {
        online = false;
        throw new TypeError('fetch failed', { cause: new Error('net::ERR_INTERNET_DISCONNECTED') });
      }
      return fetch(input, init);
    };
    const network: NetworkStatus = {
      isOnline: () => online,
      waitUntilOnline: async () => {
        online = true;
      },
    };
    const events = await collect(
      chatRequest(server.baseURL),
      { policy: { maxAttempts: 1 } },
      { network, fetch: flakyFetch },
    );
    expect(events).toContainEqual({ type: 'started', attempt: 1 });
    expect(terminal(events)).toMatchObject({ type: 'done' });
  });
});

describe('bodies that are not a stream', () => {
  it('delivers a JSON completion from a proxy that stripped streaming as one delta plus done', async () => {
    server.script({ format: 'json', reasoning: DEFAULT_REASONING });
    const events = await collect(chatRequest(server.baseURL));
    expect(types(events)).toEqual(['started', 'delta', 'usage', 'done']);
    expect(terminal(events)).toMatchObject({
      type: 'done',
      finishReason: 'stop',
      text: DEFAULT_ANSWER,
      reasoning: DEFAULT_REASONING,
    });
  });

  it('asks for one JSON answer when streaming is off', async () => {
    const events = await collect(chatRequest(server.baseURL, { stream: false, n: 1 }));
    expect(terminal(events)).toMatchObject({ type: 'done', text: DEFAULT_ANSWER });
    expect(server.requests[0]?.body?.stream).toBe(false);
    expect(server.requests[0]?.body?.stream_options).toBeUndefined();
  });

  it('reports an HTML page as a proxy or gateway answering instead of the API', async () => {
    server.script({ format: 'html' });
    const done = terminal(await collect(chatRequest(server.baseURL)));
    expect(done).toMatchObject({
      type: 'failed',
      error: { code: 'bad_response' },
      resumable: false,
    });
    expect(done.type === 'failed' && done.error.message).toContain(
      'a proxy or gateway answered instead of the API',
    );
  });

  it('sniffs a body without a content type: SSE streams, plain text is refused', async () => {
    server.script({ contentType: null }, { format: 'text', contentType: null });
    expect(terminal(await collect(chatRequest(server.baseURL)))).toMatchObject({
      type: 'done',
      text: DEFAULT_ANSWER,
    });
    expect(terminal(await collect(chatRequest(server.baseURL)))).toMatchObject({
      type: 'failed',
      error: { code: 'bad_response' },
    });
  });
});

describe('errors inside a 200 stream', () => {
  it('fails with the server\'s words on `data: {"error"}` once resumes are spent', async () => {
    server.script({ midStreamError: { afterChunks: 3, message: 'The model is overloaded.' } });
    const done = terminal(
      await collect(chatRequest(server.baseURL), { policy: { maxResumes: 0 } }),
    );
    expect(done).toMatchObject({ type: 'failed', error: { code: 'server' }, resumable: true });
    expect(done.type === 'failed' && done.error.message).toContain('The model is overloaded.');
    expect(done.type === 'failed' && done.text).toBe(DEFAULT_ANSWER.slice(0, 36));
  });

  it('resumes after a transient mid-stream error when resumes are allowed', async () => {
    server.script({ midStreamError: { afterChunks: 3, style: 'event' } });
    const events = await collect(chatRequest(server.baseURL));
    expect(events).toContainEqual({ type: 'resumed', resumes: 1 });
    expect(terminal(events)).toMatchObject({ type: 'done', text: DEFAULT_ANSWER });
  });

  it('fails at once, not resumable, on a mid-stream error that waiting will not fix', async () => {
    server.script({
      midStreamError: {
        afterChunks: 2,
        style: 'openrouter',
        code: 'content_filter',
        message: 'Flagged.',
      },
    });
    const done = terminal(await collect(chatRequest(server.baseURL)));
    expect(done).toMatchObject({
      type: 'failed',
      error: { code: 'bad_request' },
      resumable: false,
    });
    expect(done.type === 'failed' && done.error.message).toContain('Flagged.');
    expect(server.requests).toHaveLength(1);
  });
});

describe('silence and cancel', () => {
  it('detects a stall within the idle timeout, closes the socket and resumes', async () => {
    server.script({ stallAfterBytes: 900 });
    const started = Date.now();
    const events = await collect(
      chatRequest(server.baseURL),
      { policy: { idleTimeoutMs: 300 } },
      { fetch: socketFreeingFetch },
    );
    expect(terminal(events)).toMatchObject({ type: 'done', text: DEFAULT_ANSWER });
    expect(events).toContainEqual({ type: 'resumed', resumes: 1 });
    const gap = (server.requests[1]?.receivedAt ?? 0) - (server.requests[0]?.receivedAt ?? 0);
    expect(gap).toBeGreaterThanOrEqual(290);
    expect(gap).toBeLessThan(1500);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await server.whenSocketsClosed()).toBe(true);
  });

  it('ends soon after the finish chunk when the server then goes quiet without closing', async () => {
    server.script({ sendDone: false, stallAfterBytes: 1_000_000 });
    const started = Date.now();
    const events = await collect(
      chatRequest(server.baseURL),
      { policy: { idleTimeoutMs: 5000 } },
      { fetch: socketFreeingFetch },
    );
    expect(terminal(events)).toMatchObject({
      type: 'done',
      finishReason: 'stop',
      text: DEFAULT_ANSWER,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
    expect(await server.whenSocketsClosed()).toBe(true);
  });

  it('fails with a timeout naming the silence when no resume is left, and frees the socket', async () => {
    server.script({ stallAfterBytes: 900 });
    const done = terminal(
      await collect(
        chatRequest(server.baseURL),
        { policy: { idleTimeoutMs: 250, maxResumes: 0 } },
        { fetch: socketFreeingFetch },
      ),
    );
    expect(done).toMatchObject({ type: 'failed', error: { code: 'timeout' }, resumable: true });
    expect(done.type === 'failed' && done.error.message).toContain('sent nothing for 0.3 s');
    expect(await server.whenSocketsClosed()).toBe(true);
  });

  it('ends at once on cancel with the text so far, and frees the socket', async () => {
    server.script({ stallAfterBytes: 1200 });
    const controller = new AbortController();
    const engine = createChatEngine({ fetch: socketFreeingFetch });
    const next = stepper(
      engine.stream(chatRequest(server.baseURL), {
        signal: controller.signal,
        policy: { ...fastPolicy, idleTimeoutMs: 10_000 },
      }),
    );
    let received = '';
    for (;;) {
      const event = await next(2000);
      if (event === 'timeout' || event === 'end') throw new Error(`no delta: ${event}`);
      if (event.type === 'delta') received += event.text;
      if (received.length > 0) break;
    }
    // Let everything the server wrote before stalling arrive, then check the coalescer held nothing back.
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (;;) {
      const event = await next(50);
      if (event === 'timeout') break;
      if (event === 'end') throw new Error('ended early');
      if (event.type === 'delta') received += event.text;
    }
    expect(server.openSockets()).toBe(1);
    const cancelledAt = Date.now();
    controller.abort();
    const last = await next(500);
    expect(Date.now() - cancelledAt).toBeLessThan(100);
    expect(last).toMatchObject({ type: 'cancelled' });
    const cancelled = last as Extract<StreamEvent, { type: 'cancelled' }>;
    expect(cancelled.text).toBe(received);
    expect(DEFAULT_ANSWER.startsWith(cancelled.text)).toBe(true);
    expect(await next(500)).toBe('end');
    expect(await server.whenSocketsClosed()).toBe(true);
  });

  it('frees the socket when the caller stops iterating early', async () => {
    server.script({ stallAfterBytes: 1200 });
    const engine = createChatEngine({ fetch: socketFreeingFetch });
    for await (const event of engine.stream(chatRequest(server.baseURL), { policy: fastPolicy })) {
      if (event.type === 'delta') break;
    }
    expect(await server.whenSocketsClosed()).toBe(true);
  });

  it('cancels during a retry wait without sending again', async () => {
    server.script({ status: 429, retryAfter: '30' });
    const controller = new AbortController();
    const engine = createChatEngine({ fetch });
    const events: StreamEvent[] = [];
    for await (const event of engine.stream(chatRequest(server.baseURL), {
      signal: controller.signal,
    })) {
      events.push(event);
      if (event.type === 'retrying') controller.abort();
    }
    expect(types(events)).toEqual(['retrying', 'cancelled']);
    expect(server.requests).toHaveLength(1);
  });
});

describe('refused before sending', () => {
  it('refuses n > 1 with streaming, with a clear message and no request', async () => {
    const done = terminal(await collect(chatRequest(server.baseURL, { n: 3 })));
    expect(done).toMatchObject({
      type: 'failed',
      error: { code: 'bad_request' },
      resumable: false,
    });
    expect(done.type === 'failed' && done.error.message).toContain('n must be 1');
    expect(server.requests).toHaveLength(0);
  });
});

describe('coalescing', () => {
  it('sends at most one delta per coalesceMs on a fast stream', async () => {
    server.script({ chunkChars: 1, delayMs: 1 });
    const engine = createChatEngine({ fetch });
    const times: number[] = [];
    for await (const event of engine.stream(chatRequest(server.baseURL), {
      policy: { ...fastPolicy, coalesceMs: 40 },
    })) {
      if (event.type === 'delta') times.push(Date.now());
    }
    expect(times.length).toBeGreaterThan(2);
    for (let index = 1; index < times.length - 1; index += 1) {
      expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(38);
    }
  });

  it('keeps each delta event under 64 KB', async () => {
    const text = 'é'.repeat(90_000);
    server.script({ text, chunkChars: 45_000 });
    const events = await collect(chatRequest(server.baseURL));
    expect(terminal(events)).toMatchObject({ type: 'done', text });
    const deltas = events.filter((event) => event.type === 'delta');
    expect(deltas.length).toBeGreaterThan(2);
    for (const delta of deltas) {
      if (delta.type === 'delta') {
        expect(Buffer.byteLength(delta.text + delta.reasoning)).toBeLessThanOrEqual(64 * 1024);
      }
    }
  });
});
