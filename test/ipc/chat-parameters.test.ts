/**
 * A conversation's parameters through the real handler table: the contract takes exactly what the
 * engine takes (same limits on both sides), Settings' defaults fill in what the conversation leaves
 * out, null keeps a value from being sent, and a parameter the provider refuses reaches the window
 * as the stream's `started.dropped`, checked against the contract's own event schema.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parametersProblem, type ChatParameters } from '../../main/chat/parameters';
import {
  chatParametersProblem,
  chatParametersSchema,
  streamEventSchema,
  type EventPayload,
} from '../../preload/contract';
import { startFaultServer, type FaultServer } from '../fault-server';
import { createMainHost, type MainHost } from '../support/main-host';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer({
    refuseFields: [
      {
        field: 'reasoning_effort',
        model: 'no-effort',
        body: JSON.stringify({
          error: {
            message: "property 'reasoning_effort' is unsupported, did you mean 'reasoning_format'?",
            type: 'invalid_request_error',
          },
        }),
      },
    ],
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

type StreamMessage = EventPayload<'runnel:chat:streamEvent'>;

/** A host with one provider on the fault server, Settings' temperature and system prompt set. */
function host(): { host: MainHost; events: StreamMessage[] } {
  const main = createMainHost();
  main.settings.saveProvider({
    name: 'Fault',
    baseURL: server.baseURL,
    defaultModel: 'fault-model',
    headers: {},
  });
  main.settings.updatePreferences({ temperature: 0.4, systemPrompt: 'From Settings.' });
  const events: StreamMessage[] = [];
  main.connect((channel, payload) => {
    if (channel === 'runnel:chat:streamEvent') events.push(payload as StreamMessage);
  });
  return { host: main, events };
}

async function answer(
  main: MainHost,
  events: StreamMessage[],
  extra: Record<string, unknown>,
): Promise<StreamMessage[]> {
  const started = await main.dispatch(
    'runnel:chat:start',
    { conversationId: 'c', messageId: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra },
    { windowId: 1 },
  );
  if (!started.ok) throw new Error(started.error.message);
  const { streamId } = started.value as { streamId: string };
  // The registry paces events by what the window has drawn: acknowledge each, as a window does.
  for (;;) {
    const mine = events.filter((message) => message.streamId === streamId);
    const last = mine.at(-1);
    if (last && ['done', 'failed', 'cancelled'].includes(last.event.type)) return mine;
    if (last)
      await main.dispatch('runnel:chat:streamShown', { streamId, seq: last.seq }, { windowId: 1 });
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("a conversation's parameters over IPC", () => {
  it("sends the conversation's values over Settings', and Settings' where it sets none", async () => {
    const { host: main, events } = host();
    await answer(main, events, { parameters: { topP: 0.8, seed: 5, stop: ['END'] } });
    expect(server.requests[0]?.body).toMatchObject({
      temperature: 0.4,
      top_p: 0.8,
      seed: 5,
      stop: ['END'],
      messages: [
        { role: 'system', content: 'From Settings.' },
        { role: 'user', content: 'hi' },
      ],
    });
  });

  it('sends nothing for a value set to null, whatever Settings says', async () => {
    const { host: main, events } = host();
    await answer(main, events, { parameters: { temperature: null, systemPrompt: null } });
    expect(server.requests[0]?.body).not.toHaveProperty('temperature');
    expect(server.requests[0]?.body?.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('tells the window which parameter the provider refused, in a valid stream event', async () => {
    const { host: main, events } = host();
    const messages = await answer(main, events, {
      model: 'no-effort',
      parameters: { reasoningEffort: 'high' },
    });
    const started = messages.find((message) => message.event.type === 'started');
    expect(started?.event).toEqual({
      type: 'started',
      attempt: 1,
      dropped: [
        {
          parameter: 'reasoningEffort',
          reason: "property 'reasoning_effort' is unsupported, did you mean 'reasoning_format'?",
        },
      ],
    });
    for (const message of messages) expect(streamEventSchema.parse(message.event)).toBeTruthy();
    expect(messages.at(-1)?.event.type).toBe('done');
  });

  it('refuses out-of-range values at the boundary, starting nothing', async () => {
    const { host: main } = host();
    const result = await main.dispatch(
      'runnel:chat:start',
      {
        conversationId: 'c',
        messageId: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        parameters: { temperature: 3 },
      },
      { windowId: 1 },
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid_payload',
        message: 'Temperature must be a number from 0 to 2; it was 3.',
      },
    });
    expect(main.streams.size).toBe(0);
    expect(server.requests).toHaveLength(0);
  });
});

describe('the contract and the engine take the same values, and say the same words', () => {
  const cases: Array<[string, ChatParameters]> = [
    ['temperature 0', { temperature: 0 }],
    ['temperature 2', { temperature: 2 }],
    ['temperature 2.0001', { temperature: 2.0001 }],
    ['temperature -0.1', { temperature: -0.1 }],
    ['top_p 1', { topP: 1 }],
    ['top_p 1.01', { topP: 1.01 }],
    ['max tokens 1', { maxTokens: 1 }],
    ['max tokens 0', { maxTokens: 0 }],
    ['max tokens 2^31 - 1', { maxTokens: 2 ** 31 - 1 }],
    ['max tokens 2^31', { maxTokens: 2 ** 31 }],
    ['max tokens 1.5', { maxTokens: 1.5 }],
    ['seed -1', { seed: -1 }],
    ['seed 2^53', { seed: 2 ** 53 }],
    ['seed 0.5', { seed: 0.5 }],
    ['effort xhigh', { reasoningEffort: 'xhigh' }],
    ['effort extreme', { reasoningEffort: 'extreme' as never }],
    ['4 stops', { stop: ['a', 'b', 'c', 'd'] }],
    ['5 stops', { stop: ['a', 'b', 'c', 'd', 'e'] }],
    ['an empty stop', { stop: [''] }],
    ['a 1000-character stop', { stop: ['x'.repeat(1000)] }],
    ['a 1001-character stop', { stop: ['x'.repeat(1001)] }],
    ['a 100,000-character system prompt', { systemPrompt: 's'.repeat(100_000) }],
    ['a 100,001-character system prompt', { systemPrompt: 's'.repeat(100_001) }],
  ];

  it.each(cases)('%s', (_name, parameters) => {
    const engine = parametersProblem(parameters);
    expect(chatParametersProblem(parameters)).toBe(engine);
    expect(chatParametersSchema.safeParse(parameters).success).toBe(engine === null);
  });

  it('has cases that each side refuses, so the comparison means something', () => {
    const refused = cases.filter(([, parameters]) => parametersProblem(parameters) !== null);
    expect(refused.length).toBeGreaterThan(10);
  });
});
