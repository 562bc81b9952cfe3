import { describe, expect, it } from 'vitest';
import { mergeDeltas, StreamBuffer } from '../../../../renderer/src/store/stream-buffer';

const delta = (text: string) => ({ type: 'delta' as const, text, reasoning: '' });

describe('StreamBuffer', () => {
  it('holds events of a stream until it is attached', () => {
    const buffer = new StreamBuffer();
    buffer.push({ streamId: 's', seq: 1, event: { type: 'started', attempt: 1 } });
    expect(buffer.hasPending()).toBe(false);
    expect(buffer.drain()).toEqual([]);
    buffer.attach('s');
    expect(buffer.drain()).toEqual([
      { streamId: 's', events: [{ type: 'started', attempt: 1 }], lastSeq: 1 },
    ]);
    expect(buffer.drain()).toEqual([]);
  });

  it('drops events whose sequence number was already seen', () => {
    const buffer = new StreamBuffer();
    buffer.attach('s');
    expect(buffer.push({ streamId: 's', seq: 1, event: delta('a') })).toBe(true);
    expect(buffer.push({ streamId: 's', seq: 1, event: delta('a') })).toBe(false);
    expect(buffer.push({ streamId: 's', seq: 2, event: delta('b') })).toBe(true);
    buffer.drain();
    expect(buffer.push({ streamId: 's', seq: 2, event: delta('b') })).toBe(false);
    expect(buffer.push({ streamId: 's', seq: 3, event: delta('c') })).toBe(true);
    expect(buffer.drain()).toEqual([{ streamId: 's', events: [delta('c')], lastSeq: 3 }]);
  });

  it('on re-attach, drops held events already contained in the accumulated text', () => {
    const buffer = new StreamBuffer();
    buffer.push({ streamId: 's', seq: 4, event: delta('old') });
    buffer.push({ streamId: 's', seq: 5, event: delta('new') });
    buffer.attach('s', 4);
    expect(buffer.drain()).toEqual([{ streamId: 's', events: [delta('new')], lastSeq: 5 }]);
    expect(buffer.push({ streamId: 's', seq: 3, event: delta('older') })).toBe(false);
  });

  it('merges runs of deltas so a frame appends once per stream', () => {
    const buffer = new StreamBuffer();
    buffer.attach('s');
    buffer.push({ streamId: 's', seq: 1, event: delta('a') });
    buffer.push({ streamId: 's', seq: 2, event: delta('b') });
    buffer.push({ streamId: 's', seq: 3, event: { type: 'resumed', resumes: 1 } });
    buffer.push({ streamId: 's', seq: 4, event: delta('c') });
    expect(buffer.drain()[0]?.events).toEqual([
      delta('ab'),
      { type: 'resumed', resumes: 1 },
      delta('c'),
    ]);
  });

  it('ignores streams that belong to no known message', () => {
    const buffer = new StreamBuffer();
    buffer.ignore('x');
    expect(buffer.push({ streamId: 'x', seq: 1, event: delta('a') })).toBe(false);
  });

  it('keeps streams apart', () => {
    const buffer = new StreamBuffer();
    buffer.attach('a');
    buffer.attach('b');
    buffer.push({ streamId: 'a', seq: 1, event: delta('1') });
    buffer.push({ streamId: 'b', seq: 1, event: delta('2') });
    expect(buffer.drain()).toEqual([
      { streamId: 'a', events: [delta('1')], lastSeq: 1 },
      { streamId: 'b', events: [delta('2')], lastSeq: 1 },
    ]);
  });
});

describe('mergeDeltas', () => {
  it('merges text and reasoning separately', () => {
    expect(
      mergeDeltas([
        { type: 'delta', text: 'a', reasoning: 'x' },
        { type: 'delta', text: 'b', reasoning: '' },
      ]),
    ).toEqual([{ type: 'delta', text: 'ab', reasoning: 'x' }]);
  });
});
