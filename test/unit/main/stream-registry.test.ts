/**
 * The stream registry between the engine and a window: at most one delta per stream per frame, even
 * when the engine's events bunch up, with `list()` always matching what the window was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatEngine } from '../../../main/chat/engine';
import {
  createStreamRegistry,
  type StreamEventMessage,
} from '../../../main/streams/stream-registry';
import { startFaultServer, words, type FaultServer } from '../../fault-server/fault-server';

describe('stream registry', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.close());

  it('sends at most one delta per frame, and re-attaching from list() loses and doubles nothing', async () => {
    const text = words(600);
    server.script({ text, chunkChars: 2, delayMs: 1 });
    const sent: Array<StreamEventMessage & { at: number }> = [];
    const snapshots: Array<{ text: string; lastSeq: number; sentSoFar: string }> = [];
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const registry = createStreamRegistry({
      // The engine's own coalescing is turned all but off, so bunched events reach the registry.
      engine: createChatEngine({ fetch }),
      newId: () => 's1',
      send: (_window, message) => {
        sent.push({ ...message, at: performance.now() });
        if (message.event.type === 'done') ended();
        return true;
      },
    });
    registry.start({
      windowId: 1,
      conversationId: 'c',
      messageId: 'm',
      request: {
        endpoint: { baseURL: server.baseURL },
        model: 'x',
        messages: [{ role: 'user', content: 'hi' }],
      },
      options: { policy: { coalesceMs: 1 } },
    });
    const sampler = setInterval(() => {
      const [active] = registry.list(1);
      if (!active) return;
      const sentSoFar = sent
        .filter((message) => message.seq <= active.lastSeq)
        .map((message) => (message.event.type === 'delta' ? message.event.text : ''))
        .join('');
      snapshots.push({ text: active.text, lastSeq: active.lastSeq, sentSoFar });
    }, 3);
    await done;
    clearInterval(sampler);

    const deltas = sent.filter((message) => message.event.type === 'delta');
    expect(deltas.length).toBeGreaterThan(3);
    for (let index = 1; index < deltas.length; index += 1) {
      expect(deltas[index]!.at - deltas[index - 1]!.at).toBeGreaterThanOrEqual(16.7);
    }
    // Deltas carry the answer in order; the final event carries all of it (and any last text).
    const streamed = deltas
      .map((message) => (message.event.type === 'delta' ? message.event.text : ''))
      .join('');
    expect(text.startsWith(streamed)).toBe(true);
    expect(streamed.length).toBeGreaterThan(text.length / 2);
    const final = sent.at(-1)!.event;
    expect(final.type === 'done' && final.text).toBe(text);
    expect(sent.map((message) => message.seq)).toEqual(sent.map((_, index) => index + 1));
    expect(snapshots.length).toBeGreaterThan(0);
    for (const snapshot of snapshots) expect(snapshot.text).toBe(snapshot.sentSoFar);
    // The registry forgets the stream once its pump has returned, right after the last event.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(registry.size).toBe(0);
  });
});
