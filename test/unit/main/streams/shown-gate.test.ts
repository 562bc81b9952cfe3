/** The shown gate: one delta in flight per stream once its window reports what it drew. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_EVENT_BYTES, type DeltaPayload } from '../../../../main/chat/coalescer';
import { createShownGate } from '../../../../main/streams/shown-gate';

const frame = 17;
const recorder = () => {
  const sent: Array<DeltaPayload & { at: number }> = [];
  const gate = createShownGate({
    send: (delta) => sent.push({ ...delta, at: Date.now() }),
    now: () => Date.now(),
    minGapMs: frame,
    patienceMs: 250,
  });
  const texts = () => sent.map((delta) => delta.text);
  return { sent, gate, texts };
};
const d = (text: string, reasoning = ''): DeltaPayload => ({ text, reasoning });

describe('shown gate', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000 }));
  afterEach(() => vi.useRealTimers());

  it('sends the first delta at once and holds the next until the window has shown the first', () => {
    const { gate, texts } = recorder();
    gate.delta(d('a'));
    vi.advanceTimersByTime(frame);
    gate.delta(d('b'));
    expect(texts()).toEqual(['a']);
    gate.shown(1);
    expect(texts()).toEqual(['a', 'b']);
  });

  it('then holds and merges deltas until the one in flight is shown', () => {
    const { sent, gate, texts } = recorder();
    gate.delta(d('a')); // seq 1
    vi.advanceTimersByTime(frame);
    gate.shown(1);
    gate.delta(d('b')); // seq 2: nothing in flight, a frame since the last
    gate.delta(d('c', 'r1'));
    gate.delta(d('d', 'r2'));
    expect(texts()).toEqual(['a', 'b']);
    gate.shown(1); // an older report frees nothing
    vi.advanceTimersByTime(frame);
    expect(texts()).toEqual(['a', 'b']);
    gate.shown(2);
    expect(sent[2]).toMatchObject(d('cd', 'r1r2'));
    gate.shown(3);
    gate.shown(3);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(3);
  });

  it('never sends two deltas less than a frame apart, even when reports come fast', () => {
    const { sent, gate } = recorder();
    gate.delta(d('a'));
    for (let step = 0; step < 40; step += 1) {
      vi.advanceTimersByTime(3);
      gate.shown(step + 1);
      gate.delta(d(String(step)));
    }
    vi.advanceTimersByTime(1000);
    for (let index = 1; index < sent.length; index += 1) {
      expect(sent[index]!.at - sent[index - 1]!.at).toBeGreaterThanOrEqual(frame);
    }
    expect(sent.map((delta) => delta.text).join('')).toBe(
      `a${Array.from({ length: 40 }, (_, step) => String(step)).join('')}`,
    );
  });

  it('sends what it holds after its patience when no report comes (a hidden window)', () => {
    const { gate, texts } = recorder();
    gate.delta(d('a'));
    gate.shown(1);
    vi.advanceTimersByTime(frame);
    gate.delta(d('b'));
    gate.delta(d('c'));
    gate.delta(d('d'));
    expect(texts()).toEqual(['a', 'b']);
    vi.advanceTimersByTime(249);
    expect(texts()).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1);
    expect(texts()).toEqual(['a', 'b', 'cd']);
  });

  it('sends status events behind the text it holds, in order, and still a frame apart', () => {
    const { sent, gate, texts } = recorder();
    const events: string[] = [];
    gate.delta(d('a'));
    gate.after(() => events.push(`usage after ${texts().join('')}`));
    gate.shown(1);
    vi.advanceTimersByTime(frame);
    gate.delta(d('b'));
    gate.delta(d('c'));
    gate.after(() => events.push(`retrying after ${texts().join('')}`));
    expect(events).toEqual(['usage after a']);
    gate.shown(2);
    expect(texts()).toEqual(['a', 'b']);
    vi.advanceTimersByTime(frame);
    expect(texts()).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['usage after a', 'retrying after abc']);
    expect(sent[2]!.at - sent[1]!.at).toBeGreaterThanOrEqual(frame);
  });

  it('on dispose drops held text but still sends the events behind it', () => {
    const { gate, texts } = recorder();
    const events: string[] = [];
    gate.delta(d('a'));
    gate.shown(1);
    vi.advanceTimersByTime(frame);
    gate.delta(d('b'));
    gate.delta(d('e'));
    gate.after(() => events.push('usage'));
    gate.dispose();
    vi.advanceTimersByTime(1000);
    expect(texts()).toEqual(['a', 'b']);
    expect(events).toEqual(['usage']);
  });

  it('splits held text that outgrew one event', () => {
    const { sent, gate } = recorder();
    gate.delta(d('a'));
    gate.shown(1);
    vi.advanceTimersByTime(frame);
    gate.delta(d('b'));
    const big = 'x'.repeat(MAX_EVENT_BYTES - 10);
    gate.delta(d(big));
    gate.delta(d(big));
    gate.shown(2);
    vi.advanceTimersByTime(frame);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(
      sent
        .slice(2)
        .map((delta) => delta.text)
        .join(''),
    ).toBe(big + big);
    for (const delta of sent) {
      expect(new TextEncoder().encode(delta.text).length).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    }
  });
});
