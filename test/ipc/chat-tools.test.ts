/**
 * Tools through the real handler table: with a real MCP host (forked) and `server-everything` from
 * npm, an answer's approval card reaches the window as a stream event (checked against the contract's
 * schema), the window's `runnel:tools:decide` lets the call run, and the answer streams on. Only the
 * window that shows the answer may answer its cards; an answer for a card nobody waits for is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { McpHostClient } from '../../main/mcp/host-client';
import { createApprovals } from '../../main/tools/approvals';
import { createToolService } from '../../main/tools/tool-service';
import { streamEventSchema, type EventPayload } from '../../preload/contract';
import { startFaultServer, type FaultServer } from '../fault-server';
import { createMainHost, type MainHost } from '../support/main-host';
import { startEverything } from '../support/mcp-everything';

const dir = mkdtempSync(path.join(tmpdir(), 'runnel-ipc-tools-'));

let model: FaultServer;
let mcp: McpHostClient;
let echoName = '';

beforeAll(async () => {
  model = await startFaultServer();
  ({ host: mcp, echoName } = await startEverything());
}, 60_000);
afterAll(async () => {
  await mcp.stop();
  await model.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  model.reset();
});

type StreamMessage = EventPayload<'runnel:chat:streamEvent'>;

function host(): { main: MainHost; events: StreamMessage[] } {
  const main = createMainHost({
    tools: () =>
      createToolService({
        host: mcp,
        approvals: createApprovals({
          dir: mkdtempSync(path.join(dir, 'a-')),
          openStore: (cwd, name) => new Conf({ cwd, configName: name, clearInvalidConfig: true }),
        }),
        policyOf: () => 'ask',
      }),
  });
  main.settings.saveProvider({
    name: 'Fault',
    baseURL: model.baseURL,
    defaultModel: 'fault-model',
    headers: {},
  });
  const events: StreamMessage[] = [];
  main.connect((channel, payload) => {
    if (channel === 'runnel:chat:streamEvent') events.push(payload as StreamMessage);
  });
  return { main, events };
}

/** Runs one answer as a window does: acknowledging what it drew, answering each card with `decide`. */
async function answer(
  main: MainHost,
  events: StreamMessage[],
  decide: (streamId: string, callId: string) => Promise<void>,
): Promise<StreamMessage[]> {
  const started = await main.dispatch(
    'runnel:chat:start',
    {
      conversationId: 'c',
      messageId: 'm',
      messages: [{ role: 'user', content: 'Echo hi' }],
      tools: true,
    },
    { windowId: 1 },
  );
  if (!started.ok) throw new Error(started.error.message);
  const { streamId } = started.value as { streamId: string };
  const answered = new Set<string>();
  for (;;) {
    const mine = events.filter((message) => message.streamId === streamId);
    for (const { event } of mine) {
      if (event.type === 'toolApproval' && !answered.has(event.callId)) {
        answered.add(event.callId);
        await decide(streamId, event.callId);
      }
    }
    const last = mine.at(-1);
    if (last && ['done', 'failed', 'cancelled'].includes(last.event.type)) return mine;
    if (last)
      await main.dispatch('runnel:chat:streamShown', { streamId, seq: last.seq }, { windowId: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('tools in an answer, over IPC', () => {
  it('shows the card, runs the call once the window allows it, and streams on', async () => {
    model.script(
      { text: '', toolCalls: [{ id: 'c1', name: echoName, arguments: '{"message": "hi"}' }] },
      { text: 'It said hi.' },
    );
    const { main, events } = host();
    const refusedElsewhere: unknown[] = [];
    const mine = await answer(main, events, async (streamId, callId) => {
      // Another window cannot answer this card; the one showing it can, once.
      refusedElsewhere.push(
        await main.dispatch(
          'runnel:tools:decide',
          { streamId, callId, answer: 'once' },
          { windowId: 2 },
        ),
      );
      const allowed = await main.dispatch(
        'runnel:tools:decide',
        { streamId, callId, answer: 'once' },
        { windowId: 1 },
      );
      expect(allowed).toEqual({ ok: true, value: {} });
    });

    for (const { event } of mine) expect(streamEventSchema.safeParse(event).success).toBe(true);
    const types = mine.map(({ event }) => event.type);
    expect(types.indexOf('toolCall')).toBeLessThan(types.indexOf('toolApproval'));
    expect(types.indexOf('toolApproval')).toBeLessThan(types.indexOf('toolResult'));
    expect(types.indexOf('toolResult')).toBeLessThan(types.indexOf('step'));
    expect(mine.find(({ event }) => event.type === 'toolResult')?.event).toMatchObject({
      outcome: 'ran',
      result: { content: expect.stringContaining('hi'), isError: false },
    });
    expect(mine.at(-1)?.event).toMatchObject({ type: 'done', text: 'It said hi.' });
    expect(refusedElsewhere).toEqual([
      {
        ok: false,
        error: { code: 'not_found', message: 'That tool call is no longer waiting for an answer.' },
      },
    ]);
    expect(model.requests).toHaveLength(2);
  }, 30_000);

  it('refuses an answer for a card nobody waits for', async () => {
    const { main } = host();
    expect(
      await main.dispatch(
        'runnel:tools:decide',
        { streamId: 'gone', callId: 'c1', answer: 'always' },
        { windowId: 1 },
      ),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
