/**
 * The stream registry between the engine and a window: at most one delta per stream per frame, even
 * when the engine's events bunch up, with `list()` always matching what the window was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatEngine } from '../../../../main/chat/engine';
import {
  createStreamRegistry,
  type StreamEventMessage,
} from '../../../../main/streams/stream-registry';
import { plainAnswer } from '../../../../main/tools/tool-service';
import { startFaultServer, words, type FaultServer } from '../../../fault-server/fault-server';

describe('stream registry', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.close());

  /** A stream for window `windowId`, with the engine's own coalescing all but off, so bunched events reach the registry. */
  const startIn = (registry: ReturnType<typeof createStreamRegistry>, windowId: number): void => {
    registry.start({
      windowId,
      conversationId: 'c',
      messageId: 'm',
      request: {
        endpoint: { baseURL: server.baseURL },
        model: 'x',
        messages: [{ role: 'user', content: 'hi' }],
      },
      options: { policy: { coalesceMs: 1 } },
    });
  };

  it('sends at most one delta per frame, and re-attaching from list() loses and doubles nothing', async () => {
    const text = words(600);
    server.script({ text, chunkChars: 2, delayMs: 1 });
    const sent: Array<StreamEventMessage & { at: number }> = [];
    const snapshots: Array<{ text: string; lastSeq: number; sentSoFar: string }> = [];
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const registry = createStreamRegistry({
      // The engine's own coalescing is turned all but off, so bunched events reach the registry.
      answer: plainAnswer(createChatEngine({ fetch })),
      newId: () => 's1',
      send: (_window, message) => {
        sent.push({ ...message, at: performance.now() });
        if (message.event.type === 'done') ended();
        return true;
      },
    });
    startIn(registry, 1);
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

  it('keeps one delta in flight for a window that reports what it drew, and loses nothing', async () => {
    const text = words(600);
    server.script({ text, chunkChars: 2, delayMs: 1 });
    const deltas: string[] = [];
    let inFlight = 0;
    // In flight when each delta left, by seq.
    const inFlightWhenSent = new Map<number, number>();
    const statusSeqs: number[] = [];
    let finalText = '';
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const registry = createStreamRegistry({
      answer: plainAnswer(createChatEngine({ fetch })),
      newId: () => 's2',
      send: (_window, message) => {
        if (message.event.type === 'delta') {
          deltas.push(message.event.text);
          inFlight += 1;
          inFlightWhenSent.set(message.seq, inFlight);
          // The window draws it three frames later and says so: without the gate, three would be
          // in flight at a time.
          setTimeout(() => {
            inFlight -= 1;
            registry.shown(1, 's2', message.seq);
          }, 50);
        }
        if (message.event.type !== 'delta') statusSeqs.push(message.seq);
        if (message.event.type === 'done') {
          finalText = message.event.text;
          ended();
        }
        return true;
      },
    });
    startIn(registry, 1);
    await done;
    // Held text goes out at once, in order, ahead of a status event such as usage.
    for (const seq of statusSeqs) inFlightWhenSent.delete(seq - 1);
    expect(inFlightWhenSent.size).toBeGreaterThan(3);
    expect(Math.max(...inFlightWhenSent.values())).toBe(1);
    expect(text.startsWith(deltas.join(''))).toBe(true);
    expect(finalText).toBe(text);
    // A report for another window's stream is ignored.
    registry.shown(2, 's2', 99);
  });
});
