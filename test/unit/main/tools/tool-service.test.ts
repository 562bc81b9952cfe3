/**
 * Tools in an answer, end to end under plain Node: the real MCP host (forked, as the app runs it in a
 * utility process) with `server-everything` from npm over stdio, the real engine against the fault
 * server as the model, and the person's answers to the approval cards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatEngine } from '../../../../main/chat/engine';
import type { McpHostClient } from '../../../../main/mcp/host-client';
import { createApprovals, type ApprovalAnswer } from '../../../../main/tools/approvals';
import type { ToolLoopEvent } from '../../../../main/tools/tool-loop';
import {
  createToolService,
  toolLimitsOf,
  type ToolLimits,
  type ToolService,
} from '../../../../main/tools/tool-service';
import { startFaultServer, type FaultServer } from '../../../fault-server';
import { startEverything } from '../../../support/mcp-everything';
import { chatRequest } from '../chat/stream-helpers';

let model: FaultServer;
let host: McpHostClient;
let echo: { namespacedName: string; description: string | null };
const dir = mkdtempSync(path.join(tmpdir(), 'runnel-tool-service-'));

beforeAll(async () => {
  model = await startFaultServer();
  const started = await startEverything();
  host = started.host;
  const tool = (await host.listTools()).find((t) => t.namespacedName === started.echoName);
  echo = { namespacedName: started.echoName, description: tool?.description ?? null };
}, 60_000);
afterAll(async () => {
  await host.stop();
  await model.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  model.reset();
  model.setDefault({});
});

function service(policy: 'ask' | 'all' = 'ask', folder = mkdtempSync(path.join(dir, 'a-'))) {
  const approvals = createApprovals({
    dir: folder,
    openStore: (cwd, name) => new Conf({ cwd, configName: name, clearInvalidConfig: true }),
  });
  return createToolService({ host, approvals, policyOf: () => policy });
}

/** One answer; each approval card is answered with the next of `answers`. */
async function answer(
  tools: ToolService,
  answers: ApprovalAnswer[] = [],
  streamId = 'stream-1',
): Promise<ToolLoopEvent[]> {
  const engine = createChatEngine({ fetch: globalThis.fetch });
  const events: ToolLoopEvent[] = [];
  for await (const event of tools.answer(engine)(chatRequest(model.baseURL), {
    streamId,
    tools: true,
  })) {
    events.push(event);
    if (event.type === 'toolApproval') {
      expect(tools.decide(streamId, event.callId, answers.shift() ?? 'deny')).toBe(true);
    }
  }
  return events;
}

const echoCall = (id: string) => ({
  id,
  name: echo.namespacedName,
  arguments: '{"message": "hi from Runnel"}',
});

describe('an answer with MCP tools', () => {
  it('offers the tools, asks before the call, runs it on the server and streams on', async () => {
    model.script({ text: '', toolCalls: [echoCall('c1')] }, { text: 'It echoed.' });
    const events = await answer(service(), ['once']);

    const offered = model.requests[0]?.body?.tools as Array<{ function: { name: string } }>;
    expect(offered.map((tool) => tool.function.name)).toContain(echo.namespacedName);
    expect(events.find((event) => event.type === 'toolApproval')).toEqual({
      type: 'toolApproval',
      callId: 'c1',
      server: 'Everything',
      tool: 'echo',
      description: echo.description,
    });
    const result = events.find((event) => event.type === 'toolResult');
    expect(result).toMatchObject({
      outcome: 'ran',
      result: { content: expect.stringContaining('hi from Runnel'), isError: false },
    });
    const sent = model.requests[1]?.body?.messages as Array<{ role: string; content: string }>;
    expect(sent.at(-1)).toMatchObject({
      role: 'tool',
      content: expect.stringContaining('hi from Runnel'),
    });
    expect(events.at(-1)).toMatchObject({ type: 'done', text: 'It echoed.' });
  }, 30_000);

  it('remembers "always allow": the next call of that tool shows no card', async () => {
    const folder = mkdtempSync(path.join(dir, 'always-'));
    model.script({ text: '', toolCalls: [echoCall('c1')] }, { text: 'One.' });
    await answer(service('ask', folder), ['always']);
    model.script({ text: '', toolCalls: [echoCall('c2')] }, { text: 'Two.' });
    const again = await answer(service('ask', folder));
    expect(again.some((event) => event.type === 'toolApproval')).toBe(false);
    expect(again.find((event) => event.type === 'toolResult')).toMatchObject({ outcome: 'ran' });
  }, 30_000);

  it('a denied call never reaches the server, and the model is told', async () => {
    model.script({ text: '', toolCalls: [echoCall('c1')] }, { text: 'Fine.' });
    const events = await answer(service(), ['deny']);
    expect(events.find((event) => event.type === 'toolResult')).toMatchObject({
      outcome: 'denied',
      result: { content: 'The user denied this call.' },
    });
  }, 30_000);

  it('an answer for a card nobody waits for is refused', () => {
    expect(service().decide('no-such-stream', 'c1', 'once')).toBe(false);
  });

  it('Stop while a card waits ends the answer as cancelled, and nothing runs', async () => {
    model.script({ text: 'Let me check.', toolCalls: [echoCall('c1')] }, { text: 'never' });
    const tools = service();
    const stop = new AbortController();
    const engine = createChatEngine({ fetch: globalThis.fetch });
    const events: ToolLoopEvent[] = [];
    for await (const event of tools.answer(engine)(chatRequest(model.baseURL), {
      streamId: 's',
      signal: stop.signal,
      tools: true,
    })) {
      events.push(event);
      if (event.type === 'toolApproval') stop.abort();
    }
    expect(events.find((event) => event.type === 'toolResult')).toMatchObject({
      outcome: 'cancelled',
    });
    expect(events.at(-1)).toMatchObject({ type: 'cancelled', text: 'Let me check.' });
    expect(model.requests).toHaveLength(1);
    expect(tools.decide('s', 'c1', 'once')).toBe(false);
  }, 30_000);
});

describe('an answer without MCP servers', () => {
  it('is the plain stream: no tools offered', async () => {
    const none = createToolService({
      host: {
        listTools: () => Promise.resolve([]),
        callTool: () => Promise.reject(new Error('no host')),
        onEvent: () => () => undefined,
      },
      approvals: { allowsWithoutAsking: () => false, remember: () => undefined },
      policyOf: () => 'ask',
    });
    const events = await answer(none);
    expect(events.at(-1)).toMatchObject({ type: 'done' });
    expect(model.requests[0]?.body).not.toHaveProperty('tools');
  });
});

describe('an answer that does not ask for tools', () => {
  it('is the plain stream even with servers connected (a title, say)', async () => {
    const engine = createChatEngine({ fetch: globalThis.fetch });
    const events: ToolLoopEvent[] = [];
    for await (const event of service().answer(engine)(chatRequest(model.baseURL), {
      streamId: 'title',
    })) {
      events.push(event);
    }
    expect(events.at(-1)).toMatchObject({ type: 'done' });
    expect(model.requests[0]?.body).not.toHaveProperty('tools');
  });
});

describe('the person’s limits (issue 27)', () => {
  function limited(limits: ToolLimits) {
    const approvals = createApprovals({
      dir: mkdtempSync(path.join(dir, 'limits-')),
      openStore: (cwd, name) => new Conf({ cwd, configName: name, clearInvalidConfig: true }),
    });
    return createToolService({ host, approvals, policyOf: () => 'all', limits: () => limits });
  }

  it('times a call out at the configured limit, and a change applies to the next answer', async () => {
    // 1 ms is far below one round trip to the forked host and its stdio server.
    const limits: ToolLimits = { callTimeoutMs: 1 };
    const tools = limited(limits);
    model.script({ text: '', toolCalls: [echoCall('c1')] }, { text: 'Too slow.' });
    const first = await answer(tools);
    expect(first.find((event) => event.type === 'toolResult')).toMatchObject({
      outcome: 'timed_out',
      result: { isError: true },
    });
    limits.callTimeoutMs = 60_000;
    model.script({ text: '', toolCalls: [echoCall('c2')] }, { text: 'It echoed.' });
    const second = await answer(tools);
    expect(second.find((event) => event.type === 'toolResult')).toMatchObject({ outcome: 'ran' });
  }, 30_000);

  it('ends the answer at the configured number of rounds', async () => {
    model.setDefault({ text: 'Again.', toolCalls: [echoCall('c1')] });
    const events = await answer(limited({ maxSteps: 2 }));
    expect(model.requests).toHaveLength(2);
    expect(events.at(-2)).toEqual({ type: 'stepLimit', steps: 2 });
  }, 30_000);

  it('turns the settings’ seconds into the loop’s milliseconds; unset means the defaults', () => {
    expect(toolLimitsOf({ toolCallTimeoutSec: 5, toolMaxSteps: 50 })).toEqual({
      callTimeoutMs: 5_000,
      maxSteps: 50,
    });
    expect(toolLimitsOf({})).toEqual({});
  });
});
