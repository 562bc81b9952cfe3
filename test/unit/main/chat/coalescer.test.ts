import { describe, expect, it } from 'vitest';
import {
  createDeltaCoalescer,
  splitForEvents,
  type DeltaPayload,
} from '../../../../main/chat/coalescer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('coalescer', () => {
  it('sends the first delta at once and merges the burst after it into one event', () => {
    const sent: DeltaPayload[] = [];
    const coalescer = createDeltaCoalescer({
      intervalMs: 50,
      now: Date.now,
      emit: (d) => sent.push(d),
    });
    coalescer.add('a', '');
    for (const letter of 'bcdef') coalescer.add(letter, '');
    expect(sent).toEqual([{ text: 'a', reasoning: '' }]);
    coalescer.flush();
    expect(sent).toEqual([
      { text: 'a', reasoning: '' },
      { text: 'bcdef', reasoning: '' },
    ]);
    coalescer.dispose();
  });

  it('sends held text on a timer when the stream pauses', async () => {
    const sent: DeltaPayload[] = [];
    const coalescer = createDeltaCoalescer({
      intervalMs: 30,
      now: Date.now,
      emit: (d) => sent.push(d),
    });
    coalescer.add('first', '');
    coalescer.add(' second', 'why');
    expect(sent).toHaveLength(1);
    await sleep(60);
    expect(sent).toEqual([
      { text: 'first', reasoning: '' },
      { text: ' second', reasoning: 'why' },
    ]);
    coalescer.dispose();
  });

  it('never sends two events within one interval', async () => {
    const times: number[] = [];
    const coalescer = createDeltaCoalescer({
      intervalMs: 20,
      now: Date.now,
      emit: () => times.push(Date.now()),
    });
    const end = Date.now() + 150;
    while (Date.now() < end) {
      coalescer.add('x', '');
      await sleep(1);
    }
    coalescer.dispose();
    expect(times.length).toBeGreaterThan(3);
    for (let index = 1; index < times.length; index += 1) {
      expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(19);
    }
  });

  it('splits a batch over 64 KB without cutting a character', () => {
    const text = '🌊é'.repeat(30_000); // 6 bytes a pair: 180 000 bytes
    const pieces = splitForEvents(text, 'why', 64 * 1024);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.map((p) => p.reasoning).join('')).toBe('why');
    for (const piece of pieces) {
      expect(Buffer.byteLength(piece.text + piece.reasoning)).toBeLessThanOrEqual(64 * 1024);
      expect(piece.text.isWellFormed()).toBe(true);
    }
    expect(splitForEvents('small', '', 64 * 1024)).toEqual([{ text: 'small', reasoning: '' }]);
  });
});
