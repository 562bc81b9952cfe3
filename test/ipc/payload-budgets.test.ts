/**
 * Whole-payload budgets and hostile text at the IPC boundary (issue 22 item 8): each refusal is a typed
 * `invalid_payload` with a sentence a person can act on, and nothing is stored, started or sent.
 */
import { describe, expect, it } from 'vitest';
import { payloadBudgets } from '../../preload/contract';
import { defaultPolicy } from '../../main/chat/stream-policy';
import { createMainHost } from '../support/main-host';

const provider = {
  name: 'Gateway',
  baseURL: 'https://gw.example/v1',
  defaultModel: 'm',
  headers: {},
};

/** Dispatches on a fresh host; returns the refusal, having checked that nothing changed. */
async function refused(channel: string, payload: unknown): Promise<string> {
  const host = createMainHost();
  const before = JSON.stringify(host.settings.view());
  const result = await host.dispatch(channel, payload, { windowId: 1 });
  expect(result.ok, `accepted ${channel}`).toBe(false);
  expect(JSON.stringify(host.settings.view())).toBe(before);
  expect(host.streams.size).toBe(0);
  if (result.ok) return '';
  expect(result.error.code).toBe('invalid_payload');
  return result.error.message;
}

const start = (extra: Record<string, unknown>) => ({
  conversationId: 'c',
  messageId: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

describe('chat:start budgets', () => {
  it('refuses 50 messages of 4 MB each: the conversation as a whole is capped', async () => {
    const four = 'x'.repeat(4_000_000);
    const messages = Array.from({ length: 50 }, () => ({ role: 'user', content: four }));
    const message = await refused('runnel:chat:start', start({ messages }));
    expect(message).toMatch(/too long to send: 200\.0 million characters.*limit is 16\.8 million/);
    expect(message).toMatch(/Start a new conversation/);
  });

  it('counts the partial answer a resume carries, and caps it', async () => {
    const three = 'y'.repeat(6_000_000);
    const messages = [
      { role: 'user', content: three },
      { role: 'assistant', content: three },
    ];
    const resumeFrom = { text: three, reasoning: '' };
    expect(await refused('runnel:chat:start', start({ messages, resumeFrom }))).toMatch(
      /too long to send/,
    );
    const huge = { text: 'z'.repeat(payloadBudgets.messageChars + 1), reasoning: '' };
    await refused('runnel:chat:start', start({ resumeFrom: huge }));
  });

  it('refuses a model name with control or bidi characters', async () => {
    for (const model of ['gpt\u0000-4o', 'gpt-4o\u202e', 'a\nb']) {
      expect(await refused('runnel:chat:start', start({ model }))).toMatch(/control characters/);
    }
  });

  it('still accepts a conversation within the budget (refused later only for want of a provider)', async () => {
    const host = createMainHost();
    const content = 'w'.repeat(3_000_000);
    const result = await host.dispatch(
      'runnel:chat:start',
      start({
        messages: [
          { role: 'user', content },
          { role: 'user', content },
        ],
      }),
      { windowId: 1 },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('settings:saveProvider: names and headers', () => {
  it.each([
    ['NUL', 'Open\u0000AI'],
    ['right-to-left override', 'Gate\u202eway'],
    ['isolate', '\u2066Gateway\u2069'],
    ['escape sequence', 'Gate\u001b[31mway'],
    ['C1 control', 'Gate\u0085way'],
    ['line separator', 'Gate\u2028way'],
  ])('refuses a provider name with a %s', async (_kind, name) => {
    expect(await refused('runnel:settings:saveProvider', { ...provider, name })).toMatch(
      /cannot contain control characters or hidden text-direction characters/,
    );
  });

  it.each([
    'Host',
    'content-length',
    'Transfer-Encoding',
    'Connection',
    'Cookie',
    'Origin',
    'Proxy-Authorization',
    'Sec-Fetch-Site',
    'X-HTTP-Method-Override',
    'Content-Type',
    'Accept',
  ])('refuses %s as an extra header, saying why', async (name) => {
    const message = await refused('runnel:settings:saveProvider', {
      ...provider,
      headers: { [name]: 'v' },
    });
    expect(message).toMatch(new RegExp(`${name}.*(cannot be set|cannot be an extra header)`));
  });

  it('allows Authorization (Basic or another scheme the key field does not cover)', async () => {
    const host = createMainHost();
    const result = await host.dispatch(
      'runnel:settings:saveProvider',
      { ...provider, headers: { Authorization: 'Basic YWxpY2U6cA==' } },
      { windowId: 1 },
    );
    expect(result.ok).toBe(true);
    expect(host.settings.resolve().endpoint.headers).toEqual({
      Authorization: 'Basic YWxpY2U6cA==',
    });
  });

  it.each([
    ['a line break', 'a\r\nInjected: 1', /printable ASCII/],
    ['NUL', 'a\u0000b', /printable ASCII/],
    ['a non-Latin character', 'caf\u00e9 \u20ac', /printable ASCII/],
    ['a 5,000 character value', 'v'.repeat(5_000), /at most 4000 characters/],
  ])('refuses a header value with %s', async (_kind, value, why) => {
    const message = await refused('runnel:settings:saveProvider', {
      ...provider,
      headers: { 'X-Api-Key': value },
    });
    expect(message).toMatch(why);
  });

  it('caps the number of headers and their total size', async () => {
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`X-H${i}`, 'v']));
    expect(await refused('runnel:settings:saveProvider', { ...provider, headers: many })).toMatch(
      /at most 32 extra headers/,
    );
    const big = Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [`X-Big${i}`, 'v'.repeat(3_999)]),
    );
    expect(await refused('runnel:settings:saveProvider', { ...provider, headers: big })).toMatch(
      /at most 16000 characters in all/,
    );
    expect(
      await refused('runnel:settings:saveProvider', {
        ...provider,
        headers: { 'X-A': '1' },
        keepHeaders: ['x-a'],
      }),
    ).toMatch(/Each header can appear once/);
  });

  it('refuses a header name with a space or a control character, without echoing controls', async () => {
    const message = await refused('runnel:settings:saveProvider', {
      ...provider,
      headers: { 'X\u202eBad Name': 'v' },
    });
    expect(message).toMatch(/is not a valid header name/);
    expect(message).not.toMatch(/\u202e/);
  });
});

describe('settings:saveProvider: credentials in the base URL', () => {
  it('refuses user:password@ with a way forward, never echoing the password', async () => {
    const host = createMainHost();
    const result = await host.dispatch(
      'runnel:settings:saveProvider',
      { ...provider, baseURL: 'https://alice:hunter2@gw.example/v1' },
      { windowId: 1 },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_setting' } });
    if (result.ok) return;
    expect(result.error.message).toMatch(/user name or password.*Authorization header/s);
    expect(result.error.message).not.toContain('hunter2');
    expect(host.settings.view().providers).toEqual([]);
  });
});

describe('budgets agree with the engine', () => {
  it('lets an answer as long as the engine keeps travel back as one message, or as a resume', () => {
    expect(defaultPolicy.maxAnswerChars).toBeLessThanOrEqual(payloadBudgets.messageChars);
    expect(payloadBudgets.conversationChars).toBeGreaterThanOrEqual(
      2 * defaultPolicy.maxAnswerChars,
    );
  });
});
