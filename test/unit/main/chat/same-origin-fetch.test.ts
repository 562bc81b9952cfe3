/**
 * Redirects: followed only within the base URL's origin. Two real fault servers on loopback play the
 * API and "another host" (another port is another origin); the shapes only Electron's net.fetch or a
 * spec-following fetch produce (an opaque redirect, a rejected manual redirect) come from a stub.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatEngine } from '../../../../main/chat/engine';
import { fetchSameOrigin, MAX_REDIRECTS } from '../../../../main/chat/same-origin-fetch';
import { DEFAULT_ANSWER, startFaultServer, type FaultServer } from '../../../fault-server';
import { API_KEY, chatRequest, collect, terminal } from './stream-helpers';

const HEADER_SECRET = 'azure-style-api-key-0123456789';

let api: FaultServer;
let elsewhere: FaultServer;
beforeAll(async () => {
  [api, elsewhere] = await Promise.all([startFaultServer(), startFaultServer()]);
});
afterAll(async () => {
  await Promise.all([api.close(), elsewhere.close()]);
});
beforeEach(() => {
  api.reset();
  elsewhere.reset();
});

const withHeader = () =>
  chatRequest(api.baseURL, {
    endpoint: { baseURL: api.baseURL, apiKey: API_KEY, headers: { 'api-key': HEADER_SECRET } },
  });

describe('a redirect to another origin', () => {
  for (const status of [301, 302, 303, 307, 308] as const) {
    it(`is not followed on ${status}: nothing reaches the other host, the error names both`, async () => {
      api.script({ redirect: { status, location: `${elsewhere.baseURL}/chat/completions` } });
      const events = await collect(withHeader(), { policy: { maxAttempts: 3 } });
      const end = terminal(events);
      expect(end).toMatchObject({
        type: 'failed',
        resumable: false,
        error: { code: 'bad_response', status },
      });
      const message = end.type === 'failed' ? end.error.message : '';
      expect(message).toContain(`127.0.0.1:${api.port}`);
      expect(message).toContain(`127.0.0.1:${elsewhere.port}`);
      expect(message).toMatch(/key and the conversation were not sent/);
      expect(elsewhere.requests).toHaveLength(0);
      // Not retried either: the same server would only redirect again.
      expect(api.requests).toHaveLength(1);
      expect(JSON.stringify(events)).not.toContain(HEADER_SECRET);
    });
  }

  it('names the other host without the user name, password or key in its URL', async () => {
    api.script({
      redirect: {
        status: 307,
        location: 'http://eve:pw-secret@localhost:9/v1/chat/completions?key=AIzaLeak',
      },
    });
    const end = terminal(await collect(withHeader()));
    const message = end.type === 'failed' ? end.error.message : '';
    expect(message).toContain('localhost:9');
    expect(message).not.toMatch(/eve|pw-secret|AIzaLeak/);
  });

  it('is not followed for the models list either', async () => {
    api.scriptModels({ redirect: { status: 302, location: `${elsewhere.baseURL}/models` } });
    const engine = createChatEngine({ fetch: globalThis.fetch });
    await expect(
      engine.listModels({
        baseURL: api.baseURL,
        apiKey: API_KEY,
        headers: { 'api-key': HEADER_SECRET },
      }),
    ).rejects.toMatchObject({
      chatError: {
        code: 'bad_response',
        message: expect.stringContaining(`127.0.0.1:${elsewhere.port}`),
      },
    });
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe('a redirect within the origin', () => {
  it('is followed on 307 and 308, sending the same body again', async () => {
    api.script(
      { redirect: { status: 307, location: '/moved/v1/chat/completions' } },
      { redirect: { status: 308, location: `${api.baseURL}/chat/completions/` } },
    );
    const end = terminal(await collect(withHeader()));
    expect(end).toMatchObject({ type: 'done', text: DEFAULT_ANSWER });
    expect(api.requests.map((request) => request.path)).toEqual([
      '/v1/chat/completions',
      '/moved/v1/chat/completions',
      '/v1/chat/completions/',
    ]);
    expect(api.requests[2]?.body?.messages).toEqual(api.requests[0]?.body?.messages);
    expect(api.requests[2]?.headers['api-key']).toBe(HEADER_SECRET);
  });

  it('does not turn the chat POST into a GET on 301/302/303: it says so instead', async () => {
    for (const status of [301, 302, 303] as const) {
      api.reset();
      api.script({ redirect: { status, location: '/v1/chat/completions/' } });
      const end = terminal(await collect(withHeader()));
      expect(end).toMatchObject({ type: 'failed', error: { code: 'bad_response', status } });
      expect(end.type === 'failed' && end.error.message).toMatch(
        /would turn the request into a GET/,
      );
      expect(api.requests).toHaveLength(1);
    }
  });

  it('follows 301/302/303 for the models list, which is a GET', async () => {
    api.scriptModels({ redirect: { status: 301, location: '/v1/models/' } });
    const engine = createChatEngine({ fetch: globalThis.fetch });
    expect(await engine.listModels({ baseURL: api.baseURL })).toContain('fault-model');
    expect(api.requests.map((request) => request.path)).toEqual(['/v1/models', '/v1/models/']);
  });

  it(`gives up after ${MAX_REDIRECTS} hops`, async () => {
    api.script(
      ...Array.from({ length: MAX_REDIRECTS + 1 }, () => ({
        redirect: { status: 307 as const, location: '/v1/chat/completions' },
      })),
    );
    const end = terminal(await collect(withHeader()));
    expect(end.type === 'failed' && end.error.message).toContain(
      `more than ${MAX_REDIRECTS} times`,
    );
    expect(api.requests).toHaveLength(MAX_REDIRECTS + 1);
  });
});

describe('redirects whose target cannot be read, and https to http', () => {
  const init = {
    method: 'POST' as const,
    headers: { authorization: `Bearer ${API_KEY}` },
    body: '{}',
  };

  it('refuses an opaque redirect (status 0, no headers), as a spec-following fetch returns', async () => {
    const opaque = Response.error();
    Object.defineProperty(opaque, 'type', { value: 'opaqueredirect' });
    const result = await fetchSameOrigin(async () => opaque, 'https://api.example.com/v1/x', init);
    expect(result).toMatchObject({ kind: 'refused', error: { code: 'bad_response' } });
    expect(result.kind === 'refused' && result.error.message).toMatch(
      /could not be read.*sent nowhere else/,
    );
  });

  it("refuses Electron net.fetch's rejected manual redirect, and the engine does not retry it", async () => {
    let calls = 0;
    const electronLike = (async () => {
      calls += 1;
      throw new Error('Redirect was cancelled');
    }) as typeof globalThis.fetch;
    const end = terminal(
      await collect(withHeader(), { policy: { maxAttempts: 4 } }, { fetch: electronLike }),
    );
    expect(end).toMatchObject({
      type: 'failed',
      resumable: false,
      error: { code: 'bad_response' },
    });
    expect(end.type === 'failed' && end.error.message).toContain('could not be read');
    expect(calls).toBe(1);
  });

  it('never follows https to http, even on the same host', async () => {
    const seen: string[] = [];
    const fetch = (async (url: string | URL | Request) => {
      seen.push(String(url));
      return new Response(null, {
        status: 308,
        headers: { location: 'http://api.example.com/v1/x' },
      });
    }) as typeof globalThis.fetch;
    const result = await fetchSameOrigin(fetch, 'https://api.example.com/v1/x', init);
    expect(result.kind === 'refused' && result.error.message).toMatch(/from https to plain http/);
    expect(seen).toEqual(['https://api.example.com/v1/x']);
  });

  it('refuses a redirect without a Location', async () => {
    const fetch = (async () => new Response(null, { status: 302 })) as typeof globalThis.fetch;
    const result = await fetchSameOrigin(fetch, 'https://api.example.com/v1/x', init);
    expect(result).toMatchObject({ kind: 'refused', error: { status: 302 } });
  });
});
