/**
 * Tool calls through the real engine against the fault server on loopback: what the request carries,
 * every streamed shape providers use (test/fault-server/tool-call-events.ts) under random reads, a
 * finish reason that comes early or says `stop`, no `[DONE]`, a JSON completion, a drop in the middle
 * of a call (the step is asked again, never continued), bad arguments, and the bounds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent, ToolCall } from '../../../../main/chat/types';
import { startFaultServer, type FaultServer, type Scenario } from '../../../fault-server';
import { answerBody } from '../../../fault-server/answer-body';
import {
  DEFAULT_TOOL_CALLS,
  TOOL_CALL_SHAPES,
  type ToolCallSpec,
} from '../../../fault-server/tool-call-events';
import { seededRandom } from '../../../support/seeded-random';
import { chatRequest, collect, deltaText, socketFreeingFetch, terminal } from './stream-helpers';

const TOOLS = [
  {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      description: 'The weather in a city.',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  },
  { type: 'function' as const, function: { name: 'add' } },
];

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

const calls = (events: StreamEvent[]): ToolCall[] =>
  events.flatMap((event) => (event.type === 'toolCall' ? [event.call] : []));

const expectedCalls = (specs: readonly ToolCallSpec[] = DEFAULT_TOOL_CALLS): ToolCall[] =>
  specs.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));

function splitSizes(seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: 256 }, () => 1 + Math.floor(random() * 48));
}

function ask(scenario: Scenario, policy: Record<string, number> = {}, stream = true) {
  server.setDefault(scenario);
  return collect(
    chatRequest(server.baseURL, { tools: TOOLS, toolChoice: 'auto', stream }),
    { policy: { retryBaseDelayMs: 1, ...policy } },
    { fetch: socketFreeingFetch },
  );
}

/** Bytes of the scenario's body up to (not including) the first `marker`. */
function bytesBefore(scenario: Scenario, marker: string): number {
  const { chunks } = answerBody(scenario, {
    text: scenario.text ?? '',
    reasoning: scenario.reasoning ?? '',
    model: 'fault-model',
    includeUsage: true,
    streaming: true,
    promptChars: 0,
  });
  const body = Buffer.concat(chunks).toString('utf8');
  const at = body.indexOf(marker);
  if (at < 0) throw new Error(`${marker} is not in the body`);
  return Buffer.byteLength(body.slice(0, at));
}

describe('the request', () => {
  it('carries tools and tool_choice', async () => {
    await ask({ text: 'Hi' });
    expect(server.requests[0]?.body).toMatchObject({ tools: TOOLS, tool_choice: 'auto' });
  });

  it('sends neither without tools, nor tool_choice with an empty list', async () => {
    await collect(chatRequest(server.baseURL), {}, { fetch: socketFreeingFetch });
    await collect(
      chatRequest(server.baseURL, { tools: [], toolChoice: 'required' }),
      {},
      { fetch: socketFreeingFetch },
    );
    for (const request of server.requests) {
      expect(request.body).not.toHaveProperty('tools');
      expect(request.body).not.toHaveProperty('tool_choice');
    }
  });

  it('sends a named tool_choice as it is', async () => {
    const toolChoice = { type: 'function' as const, function: { name: 'add' } };
    await collect(
      chatRequest(server.baseURL, { tools: TOOLS, toolChoice }),
      {},
      { fetch: socketFreeingFetch },
    );
    expect(server.requests[0]?.body?.tool_choice).toEqual(toolChoice);
  });
});

describe.each(TOOL_CALL_SHAPES)('streamed as %s', (shape) => {
  it.each([1, 2])('after reasoning and text, in random reads (seed %i)', async (seed) => {
    const events = await ask({
      reasoning: 'The user wants two cities and a sum.',
      text: 'Checking both cities — and the sum.',
      toolCalls: DEFAULT_TOOL_CALLS,
      toolCallShape: shape,
      chunkChars: 3,
      writeSizes: splitSizes(seed),
    });
    expect(calls(events)).toEqual(expectedCalls());
    expect(events.filter((event) => event.type === 'toolCall').map((event) => event.error)).toEqual(
      [null, null, null],
    );
    expect(terminal(events)).toMatchObject({
      type: 'done',
      finishReason: 'tool_calls',
      text: 'Checking both cities — and the sum.',
      reasoning: 'The user wants two cities and a sum.',
    });
    expect(deltaText(events)).toBe('Checking both cities — and the sum.');
    // The calls come after the text and before the end.
    const types = events.map((event) => event.type);
    expect(types.indexOf('toolCall')).toBeGreaterThan(types.lastIndexOf('delta'));
    expect(types.at(-1)).toBe('done');
  });
});

describe('endings', () => {
  it('reports the calls when the finish reason is stop (Ollama with a forced tool)', async () => {
    const events = await ask({ text: '', toolCalls: DEFAULT_TOOL_CALLS, finishReason: 'stop' });
    expect(calls(events)).toEqual(expectedCalls());
    expect(terminal(events)).toMatchObject({ type: 'done', finishReason: 'stop' });
  });

  it('keeps reading after a finish reason that comes with the first call (DeepInfra)', async () => {
    const events = await ask({
      text: '',
      toolCalls: DEFAULT_TOOL_CALLS,
      toolCallShape: 'whole',
      toolFinishEarly: true,
    });
    expect(calls(events)).toEqual(expectedCalls());
  });

  it('needs no [DONE]', async () => {
    const events = await ask({ text: '', toolCalls: DEFAULT_TOOL_CALLS, sendDone: false });
    expect(calls(events)).toEqual(expectedCalls());
    expect(terminal(events)).toMatchObject({ type: 'done', finishReason: 'tool_calls' });
  });

  it('reads the calls of a whole JSON completion (streaming off)', async () => {
    const events = await ask({ text: '', toolCalls: DEFAULT_TOOL_CALLS }, {}, false);
    expect(server.requests[0]?.body?.stream).toBe(false);
    expect(calls(events)).toEqual(expectedCalls());
  });

  it('sends no toolCall event for an answer without calls', async () => {
    const events = await ask({ text: 'Just text.' });
    expect(calls(events)).toEqual([]);
    expect(terminal(events)).toMatchObject({ type: 'done', text: 'Just text.' });
  });
});

describe('a drop in the middle of a tool call', () => {
  const scenario: Scenario = {
    reasoning: 'Two cities.',
    text: 'Let me look both up.',
    toolCalls: DEFAULT_TOOL_CALLS,
    chunkChars: 4,
  };

  it('asks for the step again from its start, never for a continuation of half a call', async () => {
    const drop = bytesBefore(scenario, 'Ly');
    server.script({ ...scenario, dropAfterBytes: drop });
    const events = await ask(scenario);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.continuation).toBeNull();
    expect(server.requests[1]?.body?.messages).toEqual(server.requests[0]?.body?.messages);
    expect(server.requests[1]?.body).toMatchObject({ tools: TOOLS });
    expect(events.some((event) => event.type === 'resumed')).toBe(true);
    // Each call once, whole; the text the model said again is not shown twice.
    expect(calls(events)).toEqual(expectedCalls());
    expect(terminal(events)).toMatchObject({
      type: 'done',
      finishReason: 'tool_calls',
      text: 'Let me look both up.',
      reasoning: 'Two cities.\n\nTwo cities.',
    });
    expect(deltaText(events)).toBe('Let me look both up.');
  });

  it('asks again when the connection breaks after a finish reason named with a call', async () => {
    const early: Scenario = { ...scenario, toolCallShape: 'whole', toolFinishEarly: true };
    server.script({ ...early, dropAfterBytes: bytesBefore(early, 'call_weather_2') });
    const events = await ask(early);
    expect(server.requests).toHaveLength(2);
    expect(calls(events)).toEqual(expectedCalls());
  });

  it('still resumes text cut before any call as a continuation, which then brings the calls', async () => {
    server.script({ ...scenario, dropAfterBytes: bytesBefore(scenario, 'both') });
    const events = await ask(scenario);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.continuation).toBe('Let me look ');
    expect(calls(events)).toEqual(expectedCalls());
    expect(terminal(events)).toMatchObject({ text: 'Let me look both up.' });
  });

  it('fails, keeping the text, when every attempt is cut', async () => {
    const drop = bytesBefore(scenario, 'Ly');
    server.script(
      { ...scenario, dropAfterBytes: drop },
      { ...scenario, dropAfterBytes: drop },
      { ...scenario, dropAfterBytes: drop },
    );
    const events = await ask(scenario, { maxResumes: 2 });
    expect(server.requests).toHaveLength(3);
    expect(calls(events)).toEqual([]);
    expect(terminal(events)).toMatchObject({
      type: 'failed',
      resumable: true,
      text: 'Let me look both up.',
      error: { message: expect.stringContaining('Resumed 2 times') },
    });
  });
});

describe('what cannot be run', () => {
  it('reports arguments that are not JSON on the event and ends the answer normally', async () => {
    const events = await ask({
      text: '',
      toolCalls: [
        { id: 'bad', name: 'get_weather', arguments: '{"city": "Lyon"' },
        { id: 'good', name: 'add', arguments: '{"a": 1}' },
      ],
    });
    const reported = events.filter((event) => event.type === 'toolCall');
    expect(reported.map((event) => [event.call.id, event.error?.code ?? null])).toEqual([
      ['bad', 'invalid_arguments'],
      ['good', null],
    ]);
    expect(reported[0]?.call.arguments).toBe('{"city": "Lyon"');
    expect(reported[0]?.error?.message).toContain('"get_weather" are not valid JSON');
    expect(terminal(events)).toMatchObject({ type: 'done', finishReason: 'tool_calls' });
  });
});

describe('bounds a hostile server meets', () => {
  it('fails with a clear error past the number of calls', async () => {
    const many = Array.from({ length: 5 }, (_, index) => ({
      id: `c${index}`,
      name: 'add',
      arguments: '{}',
    }));
    const events = await ask({ text: 'Partial text.', toolCalls: many }, { maxToolCalls: 4 });
    expect(calls(events)).toEqual([]);
    expect(terminal(events)).toMatchObject({
      type: 'failed',
      resumable: false,
      text: 'Partial text.',
      error: {
        code: 'bad_response',
        message: expect.stringMatching(
          /^127\.0\.0\.1:\d+ asked for more than 4 tool calls in one answer, .*nothing was run/,
        ),
      },
    });
  });

  it('fails with a clear error past the arguments of one call', async () => {
    const events = await ask(
      {
        text: '',
        toolCalls: [
          { id: 'big', name: 'write', arguments: JSON.stringify({ body: 'x'.repeat(500) }) },
        ],
        chunkChars: 50,
      },
      { maxToolArgumentChars: 200 },
    );
    expect(terminal(events)).toMatchObject({
      type: 'failed',
      error: {
        code: 'bad_response',
        message: expect.stringContaining(
          'sent arguments longer than 200 characters for one tool call ("write")',
        ),
      },
    });
  });

  it('counts arguments within the answer size cap', async () => {
    const events = await ask(
      {
        text: 'abc',
        toolCalls: [
          { id: 'big', name: 'write', arguments: JSON.stringify({ body: 'y'.repeat(300) }) },
        ],
      },
      { maxAnswerChars: 100 },
    );
    expect(terminal(events)).toMatchObject({
      type: 'failed',
      error: { message: expect.stringContaining('grew past 100 characters') },
    });
  });
});
