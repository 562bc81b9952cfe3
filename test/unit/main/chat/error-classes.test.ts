/**
 * Every error class, end to end: the code, a message a person understands, and never the API key,
 * even when the server echoes it back (as OpenAI's 401 does).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatEngine } from '../../../../main/chat/engine';
import { ChatEngineError } from '../../../../main/chat/errors';
import type { ChatErrorCode, StreamEvent } from '../../../../main/chat/types';
import { startFaultServer, type FaultServer, type Scenario } from '../../../fault-server';
import { API_KEY, chatRequest, collect, socketFreeingFetch, terminal } from './stream-helpers';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

async function failureOf(
  scenario: Scenario,
  policy = {},
): Promise<Extract<StreamEvent, { type: 'failed' }>> {
  server.script(scenario);
  const events = await collect(chatRequest(server.baseURL), {
    policy: { maxAttempts: 1, ...policy },
  });
  expect(JSON.stringify(events)).not.toContain(API_KEY);
  const last = terminal(events);
  if (last.type !== 'failed') throw new Error(`expected failed, got ${last.type}`);
  return last;
}

describe('every error class has its code and a clear message, and never the key', () => {
  const cases: Array<[string, Scenario, ChatErrorCode, RegExp]> = [
    [
      '401 echoing the key',
      { status: 401 },
      'auth',
      /refused the API key \(401\).*Incorrect API key provided: \[redacted\]/,
    ],
    ['403', { status: 403 }, 'auth', /refused access \(403\)/],
    ['404 unknown model', { status: 404 }, 'not_found', /Not found .*"fault-model".*\/v1/],
    ['429 slow down', { status: 429 }, 'rate_limit', /rate-limiting requests \(429\)/],
    [
      '429 out of quota',
      { status: 429, quota: true },
      'quota',
      /run out of quota or credit \(429\)/,
    ],
    [
      '402 no credit',
      { status: 402, body: '{"error":{"code":402,"message":"Insufficient credits"}}' },
      'quota',
      /quota or credit/,
    ],
    ['500', { status: 500 }, 'server', /had a problem answering \(500\)/],
    [
      '502 HTML page from a proxy',
      { status: 502, body: '<html><body>Bad Gateway</body></html>', contentType: 'text/html' },
      'server',
      /HTML page/,
    ],
    ['400', { status: 400 }, 'bad_request', /rejected the request \(400\)/],
    [
      'HTML with 200',
      { format: 'html' },
      'bad_response',
      /proxy or gateway answered instead of the API/,
    ],
  ];
  for (const [name, scenario, code, message] of cases) {
    it(name, async () => {
      const failed = await failureOf(scenario);
      expect(failed.error.code).toBe(code);
      expect(failed.error.message).toMatch(message);
    });
  }

  it('network: nothing listening', async () => {
    const closed = await startFaultServer();
    const baseURL = closed.baseURL;
    await closed.close();
    const events = await collect(chatRequest(baseURL), { policy: { maxAttempts: 2 } });
    expect(terminal(events)).toMatchObject({
      type: 'failed',
      error: {
        code: 'network',
        message: expect.stringMatching(/Nothing is listening at 127\.0\.0\.1:\d+.*tried 2 times/),
      },
    });
  });

  it('timeout: the server goes silent', async () => {
    const events = await collect(
      chatRequest(server.baseURL, { model: 'fault:stall-after=0' }),
      { policy: { maxAttempts: 1, maxResumes: 0, idleTimeoutMs: 200 } },
      { fetch: socketFreeingFetch },
    );
    expect(terminal(events)).toMatchObject({
      type: 'failed',
      error: { code: 'timeout', message: expect.stringContaining('sent nothing for 0.2 s') },
    });
  });

  it('cancelled: a cancel is not a failure', async () => {
    const controller = new AbortController();
    controller.abort();
    const events = await collect(chatRequest(server.baseURL), { signal: controller.signal });
    expect(events).toEqual([{ type: 'cancelled', text: '', reasoning: '' }]);
  });

  it('a key in a custom header is redacted as well', async () => {
    server.script({
      status: 400,
      body: '{"error":{"message":"bad api-key hdr-secret-987654 and sk-live-abcdefghijklmnopqrstuv"}}',
    });
    const request = chatRequest(server.baseURL);
    request.endpoint.headers = { 'api-key': 'hdr-secret-987654' };
    const events = await collect(request, { policy: { maxAttempts: 1 } });
    const text = JSON.stringify(events);
    expect(text).not.toContain('hdr-secret-987654');
    expect(text).not.toContain('sk-live-abcdefghijklmnopqrstuv');
    expect(terminal(events)).toMatchObject({ type: 'failed', error: { code: 'bad_request' } });
  });
});

describe('listModels', () => {
  const engine = createChatEngine({ fetch });

  it('lists the model ids, sorted', async () => {
    expect(await engine.listModels({ baseURL: server.baseURL, apiKey: API_KEY })).toEqual([
      'fault-model',
      'gpt-4o-mini',
      'llama3.2',
    ]);
    expect(server.requests[0]?.path).toBe('/v1/models');
  });

  it('throws a ChatEngineError without the key when the key is refused', async () => {
    const guarded = await startFaultServer({ apiKey: 'the-right-key-123456' });
    try {
      const error = await engine
        .listModels({ baseURL: guarded.baseURL, apiKey: API_KEY })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChatEngineError);
      const chatError = (error as ChatEngineError).chatError;
      expect(chatError).toMatchObject({ code: 'auth', status: 401 });
      expect(chatError.message).not.toContain(API_KEY);
    } finally {
      await guarded.close();
    }
  });

  it('says offline without trying when the network is down', async () => {
    const offline = createChatEngine({
      fetch,
      network: { isOnline: () => false, waitUntilOnline: () => new Promise(() => undefined) },
    });
    await expect(offline.listModels({ baseURL: server.baseURL })).rejects.toMatchObject({
      chatError: { code: 'offline' },
    });
    expect(server.requests).toHaveLength(0);
  });
});
