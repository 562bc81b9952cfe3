/**
 * Request parameters: each is sent exactly as given and only when set, a bad value is refused before
 * anything is sent, with words a person can act on. Over loopback HTTP against the fault server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parametersProblem, type ChatParameters } from '../../../../main/chat/parameters';
import { startFaultServer, type FaultServer } from '../../../fault-server';
import { chatRequest, collect, terminal } from './stream-helpers';

let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

const sentBody = () => server.requests[0]?.body ?? {};

describe('parameters on the wire', () => {
  it('sends every set parameter under its wire name, exactly as given', async () => {
    const parameters: ChatParameters = {
      systemPrompt: '  Answer in French.\n',
      temperature: 0,
      topP: 0.25,
      maxTokens: 64,
      reasoningEffort: 'low',
      seed: -3,
      stop: ['END', '\n\n'],
    };
    const done = terminal(await collect(chatRequest(server.baseURL, { parameters })));
    expect(done.type).toBe('done');
    expect(sentBody()).toMatchObject({
      temperature: 0,
      top_p: 0.25,
      max_tokens: 64,
      reasoning_effort: 'low',
      seed: -3,
      stop: ['END', '\n\n'],
    });
    expect(sentBody().messages).toEqual([
      { role: 'system', content: '  Answer in French.\n' },
      { role: 'user', content: 'Tell me about rivers.' },
    ]);
  });

  it('sends none of them when none is set: the provider keeps its defaults', async () => {
    await collect(chatRequest(server.baseURL, { parameters: {} }));
    const body = sentBody();
    for (const field of [
      'temperature',
      'top_p',
      'max_tokens',
      'max_completion_tokens',
      'reasoning_effort',
      'seed',
      'stop',
    ]) {
      expect(body).not.toHaveProperty(field);
    }
    expect(body.messages).toEqual([{ role: 'user', content: 'Tell me about rivers.' }]);
  });

  it('sends no empty system prompt and no empty stop list', async () => {
    await collect(chatRequest(server.baseURL, { parameters: { systemPrompt: '', stop: [] } }));
    expect(sentBody()).not.toHaveProperty('stop');
    expect(sentBody().messages).toHaveLength(1);
  });

  it('keeps the system prompt first in a resumed answer', async () => {
    server.script({ dropAfterBytes: 400 });
    const events = await collect(
      chatRequest(server.baseURL, { parameters: { systemPrompt: 'Be brief.' } }),
    );
    expect(terminal(events).type).toBe('done');
    const continuation = server.requests[1]?.body?.messages ?? [];
    expect(server.requests[1]?.continuation).not.toBeNull();
    expect(continuation[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });

  it('refuses a bad value before sending anything, saying what is allowed', async () => {
    const done = terminal(
      await collect(chatRequest(server.baseURL, { parameters: { temperature: 2.5 } })),
    );
    expect(done).toMatchObject({
      type: 'failed',
      resumable: false,
      error: {
        code: 'bad_request',
        message: 'Temperature must be a number from 0 to 2; it was 2.5.',
      },
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('parametersProblem', () => {
  const problem = (parameters: Record<string, unknown>) =>
    parametersProblem(parameters as ChatParameters);

  it('accepts the edges of every range', () => {
    expect(
      problem({
        temperature: 2,
        topP: 0,
        maxTokens: 1,
        seed: Number.MAX_SAFE_INTEGER,
        stop: ['a', 'b', 'c', 'd'],
        reasoningEffort: 'xhigh',
        systemPrompt: '',
      }),
    ).toBeNull();
    expect(problem({ temperature: 0, topP: 1, maxTokens: 2 ** 31 - 1, seed: -1 })).toBeNull();
  });

  it.each([
    [{ temperature: -0.1 }, 'Temperature must be a number from 0 to 2; it was -0.1.'],
    [{ temperature: Number.NaN }, 'Temperature must be a number from 0 to 2; it was NaN.'],
    [{ temperature: '1' }, 'Temperature must be a number from 0 to 2; it was "1".'],
    [{ topP: 1.5 }, 'top_p must be a number from 0 to 1; it was 1.5.'],
    [{ maxTokens: 0 }, 'Max output tokens must be a whole number from 1 to 2147483647; it was 0.'],
    [
      { maxTokens: 10.5 },
      'Max output tokens must be a whole number from 1 to 2147483647; it was 10.5.',
    ],
    [
      { reasoningEffort: 'hgih' },
      'Reasoning effort must be one of none, minimal, low, medium, high, xhigh, max, default; it was "hgih".',
    ],
    [
      { seed: 1.5 },
      'The seed must be a whole number between -9007199254740991 and 9007199254740991; it was 1.5.',
    ],
    [{ stop: ['a', 'b', 'c', 'd', 'e'] }, 'At most 4 stop sequences can be sent; there were 5.'],
    [{ stop: [''] }, 'A stop sequence cannot be empty: it would end every answer at once.'],
    [{ stop: 'END' }, 'Stop sequences must be a list of texts.'],
    [{ stop: [7] }, 'Each stop sequence must be text.'],
    [{ stop: ['x'.repeat(1001)] }, 'A stop sequence can be at most 1000 characters; one has 1001.'],
    [
      { systemPrompt: 'x'.repeat(100_001) },
      'The system prompt can be at most 100,000 characters; it has 100,001.',
    ],
  ])('refuses %j', (parameters, message) => {
    expect(problem(parameters)).toBe(message);
  });
});
