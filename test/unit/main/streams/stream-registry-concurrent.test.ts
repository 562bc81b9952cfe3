/**
 * Several streams of one window at once (issue 25: one question to several models), against two fault
 * servers on loopback standing for two providers: nothing in the registry limits a window to one
 * stream, each is paced on its own (one delta per frame per stream), and one failing, dropping and
 * resuming, or being stopped leaves the others to finish whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatEngine } from '../../../../main/chat/engine';
import {
  createStreamRegistry,
  type StreamEventMessage,
} from '../../../../main/streams/stream-registry';
import { plainAnswer } from '../../../../main/tools/tool-service';
import { startFaultServer, words, type FaultServer } from '../../../fault-server/fault-server';

describe('stream registry: several streams in one window', () => {
  let first: FaultServer;
  let second: FaultServer;
  const text = words(300);
  beforeAll(async () => {
    first = await startFaultServer({ defaultScenario: { text, chunkChars: 4, delayMs: 2 } });
    second = await startFaultServer({ defaultScenario: { text, chunkChars: 4, delayMs: 2 } });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('runs four at once: one fails (500), one drops and resumes, one is stopped, one finishes', async () => {
    const sent: Array<StreamEventMessage & { at: number }> = [];
    const ends = new Map<string, () => void>();
    const ended = (streamId: string) => new Promise<void>((resolve) => ends.set(streamId, resolve));
    let next = 0;
    const registry = createStreamRegistry({
      answer: plainAnswer(createChatEngine({ fetch })),
      newId: () => `s${++next}`,
      send: (_window, message) => {
        sent.push({ ...message, at: performance.now() });
        const type = message.event.type;
        if (type === 'done' || type === 'failed' || type === 'cancelled')
          ends.get(message.streamId)?.();
        return true;
      },
    });
    const start = (server: FaultServer, model: string, messageId: string): string =>
      registry.start({
        windowId: 1,
        conversationId: 'c',
        messageId,
        request: {
          endpoint: { baseURL: server.baseURL },
          model,
          messages: [{ role: 'user', content: 'Tell me about rivers.' }],
        },
        options: { policy: { coalesceMs: 1, maxAttempts: 1 } },
      });
    const failing = start(first, 'fault:status=500,times=all', 'a1');
    const slow = start(first, 'fault:delay=40', 'a2');
    const dropping = start(second, 'fault:drop-after=300', 'a3');
    const plain = start(second, 'plain', 'a4');
    const endings = [failing, slow, dropping, plain].map((id) => ended(id));
    expect(new Set([failing, slow, dropping, plain]).size).toBe(4);
    expect(
      registry
        .list(1)
        .map((s) => s.messageId)
        .sort(),
    ).toEqual(['a1', 'a2', 'a3', 'a4']);

    await Promise.all([endings[0], endings[2], endings[3]]);
    // A stream leaves the registry once its pump returns, just after its last event.
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The slow one still runs after the others ended; stopping it touches nothing else.
    expect(registry.list(1).map((s) => s.streamId)).toEqual([slow]);
    expect(registry.cancel(1, slow)).toBe(true);
    await endings[1];

    const terminal = (id: string) =>
      sent.filter((m) => m.streamId === id).at(-1)?.event as { type: string; text?: string };
    expect(terminal(failing).type).toBe('failed');
    expect(terminal(slow).type).toBe('cancelled');
    expect(terminal(dropping)).toMatchObject({ type: 'done', text });
    expect(terminal(plain)).toMatchObject({ type: 'done', text });
    expect(sent.some((m) => m.streamId === dropping && m.event.type === 'resumed')).toBe(true);
    // Paced per stream: at most one delta per frame each, whatever the others send.
    for (const id of [slow, dropping, plain]) {
      const deltas = sent.filter((m) => m.streamId === id && m.event.type === 'delta');
      for (let index = 1; index < deltas.length; index += 1)
        expect(deltas[index]!.at - deltas[index - 1]!.at).toBeGreaterThanOrEqual(16.7);
      const seqs = sent.filter((m) => m.streamId === id).map((m) => m.seq);
      expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(registry.size).toBe(0);
  });
});
