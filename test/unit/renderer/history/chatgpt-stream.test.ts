/**
 * The streaming reader of a conversations file: the same entries as one JSON.parse of the whole file
 * whatever the chunks, and damage in one entry reported by its title while the rest reads on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamedEntry } from '../../../../renderer/src/history/chatgpt-stream';
import {
  createConversationStream,
  NotJson,
  Truncated,
} from '../../../../renderer/src/history/chatgpt-stream';

const acceptance = new URL(
  '../../../../../shared/acceptance-data/chatgpt-export/',
  import.meta.url,
);
const real = (name: string): string => readFileSync(new URL(name, acceptance), 'utf8');
const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/chatgpt/${name}`, import.meta.url), 'utf8');

/** Streams `text` in chunks of `size` bytes and collects what comes out. */
const stream = (text: string, size: number) => {
  const entries: StreamedEntry[] = [];
  const reader = createConversationStream((entry) => entries.push(entry));
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at += size) reader.write(bytes.subarray(at, at + size));
  return { entries, top: reader.end() };
};

const values = (entries: StreamedEntry[]): unknown[] =>
  entries.flatMap((entry) => (entry.kind === 'entry' ? [entry.value] : []));

describe('conversations as a stream', () => {
  it('the real exports in acceptance-data read the same as one JSON.parse, in any chunks', () => {
    const code = real('echomine-with-code.json');
    const images = real('echomine-with-images.json');
    const list = `[${code},${images},${code}]`;
    for (const size of [1, 7, 4096, 1 << 20]) {
      const { entries, top } = stream(list, size);
      expect(values(entries)).toEqual(JSON.parse(list));
      expect(entries.map((entry) => entry.index)).toEqual([0, 1, 2]);
      expect(top).toEqual({ kind: 'list', entries: 3 });
    }
    // One conversation on its own (as these files are): its keys come back as one object.
    const one = stream(code, 333);
    expect(one.entries).toEqual([]);
    expect(one.top).toEqual({ kind: 'object', value: JSON.parse(code) });
  });

  it('a conversation whose JSON is broken in the middle is named and skipped; the rest reads', () => {
    const list = JSON.parse(fixture('conversations.json')) as Array<Record<string, unknown>>;
    const [first, second, third] = list.map((item) => JSON.stringify(item, null, 2));
    // Cut the second conversation's text short inside its mapping: its braces and quotes no longer
    // balance, so nothing after it parses as it stands.
    const broken = (second ?? '').slice(0, (second ?? '').indexOf('"mapping"') + 40);
    for (const size of [3, 64, 1 << 16]) {
      const { entries } = stream(`[${first},\n${broken},\n${third}]`, size);
      expect(values(entries)).toEqual([list[0], list[2]]);
      const damaged = entries.find((entry) => entry.kind === 'damaged');
      // ChatGPT writes the id after the mapping: only the title was read before the damage.
      expect(damaged).toMatchObject({ index: 1, title: list[1]?.title, id: null });
      expect(entries.map((entry) => entry.index)).toEqual([0, 1, 2]);
    }
  });

  it('a stray byte inside a conversation, and damage in the last one, leave the others', () => {
    const list = JSON.parse(fixture('conversations.json')) as Array<Record<string, unknown>>;
    const texts = list.map((item) => JSON.stringify(item));
    const stray = (texts[1] ?? '').replace('"mapping":{', '"mapping":{ § ');
    const middle = stream(`[${texts[0]},${stray},${texts[2]}]`, 50);
    expect(values(middle.entries)).toEqual([list[0], list[2]]);
    expect(middle.entries[1]).toMatchObject({ kind: 'damaged', index: 1, title: list[1]?.title });

    const last = stream(`[${texts[0]},${texts[1]},${stray}]`, 50);
    expect(values(last.entries)).toEqual([list[0], list[1]]);
    expect(last.entries[2]).toMatchObject({ kind: 'damaged', index: 2 });
  });

  it('damage before the title names the entry by its place alone', () => {
    const list = JSON.parse(fixture('conversations.json')) as Array<Record<string, unknown>>;
    const texts = list.map((item) => JSON.stringify(item));
    const { entries } = stream(`[${texts[0]},{"x": nope},${texts[2]}]`, 10);
    expect(entries[1]).toMatchObject({ kind: 'damaged', index: 1, title: null, id: null });
    expect(values(entries)).toEqual([list[0], list[2]]);
  });

  it('a file cut off inside a conversation is refused as truncated', () => {
    const whole = fixture('conversations.json');
    expect(() => stream(whole.slice(0, whole.length / 2), 100)).toThrow(Truncated);
  });

  it('what is not JSON at all, and plain values, are told apart', () => {
    expect(() => stream('<!DOCTYPE html>', 4)).toThrow(NotJson);
    expect(() => stream('   ', 4)).toThrow(NotJson);
    expect(stream('\uFEFF  42', 2).top).toEqual({ kind: 'value', value: 42 });
    expect(stream('"text"', 2).top).toEqual({ kind: 'value', value: 'text' });
  });
});
