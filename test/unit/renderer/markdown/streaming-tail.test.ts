/**
 * The streaming tail hands React the previous render's elements for tokens that did not change. That is
 * only an optimisation: at every step of a stream, the markup must equal a render from scratch.
 */
import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ElementMemory,
  slowLexMs,
  warmUpStreamingTail,
} from '../../../../renderer/src/markdown/StreamingTail';

const markup = (memory: ElementMemory, source: string): string =>
  renderToStaticMarkup(createElement(Fragment, null, memory.render(source)));

/** Each prefix of `text`, in steps of `step` characters, as a stream delivers it. */
function* prefixes(text: string, step: number): Generator<string> {
  for (let end = step; end < text.length + step; end += step) yield text.slice(0, end);
}

const answers = {
  paragraph:
    'Plain words, then **strong `code` text**, an *emphasis that closes late*, ~~struck~~ and ' +
    'a [link](https://example.com/a_b) with &amp; entities &lt;b&gt; and more words after it.',
  'reference defined after use':
    'See [the docs] and [more][m] here.\n\n[the docs]: https://a.example\n[m]: https://b.example\n',
  'list that turns loose':
    '- one *a*\n- two `b`\n\n- three, after a blank line\n  - nested **c**\n',
  'task list and table':
    '- [ ] open\n- [x] done\n\n| a | b |\n| :- | -: |\n| `x` | **y** |\n| 1 | 2 |\n',
  'quote and heading': '> quoted *text*\n> more\n\n## Heading with `code`\n\nText',
  'fence inside a list': '1. step\n\n   ```ts\n   const a = 1;\n   ```\n2. next',
};

describe('StreamingTail element reuse', () => {
  for (const [name, text] of Object.entries(answers)) {
    it(`renders every prefix of a ${name} as a fresh render would`, () => {
      for (const step of [1, 3, 7]) {
        const memory = new ElementMemory();
        for (const source of prefixes(text, step)) {
          expect(markup(memory, source), JSON.stringify(source)).toBe(
            markup(new ElementMemory(), source),
          );
        }
      }
    });
  }

  it('gives React the same element for an unchanged token', () => {
    const memory = new ElementMemory();
    const first = memory.render('Some **bold** words and');
    const second = memory.render('Some **bold** words and more');
    const inlineOf = (elements: unknown[] | null): unknown[] =>
      (elements?.[0] as { props: { children: unknown[] } }).props.children;
    expect(inlineOf(second)[1]).toBe(inlineOf(first)[1]);
    expect(second?.[0]).not.toBe(first?.[0]);
  });

  it('declines a tail past the UI thread budget, and lexes a new text again', () => {
    const memory = new ElementMemory();
    expect(memory.render('_a'.repeat(400))).toBeNull();
    expect(memory.render('x'.repeat(20_000))).toBeNull();
    expect(memory.render('A *short* answer')).not.toBeNull();
  });

  it('keeps a tail slow to lex twice in a row as plain text while it grows, and not a new one', () => {
    const memory = new ElementMemory();
    // Each lex is made to look slow: the clock moves on while it runs.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += slowLexMs + 1));
    try {
      expect(memory.render('Some *text*')).not.toBeNull();
      // One slow lex can be a busy machine; the second in a row is the text.
      expect(memory.render('Some *text* and')).not.toBeNull();
      expect(memory.render('Some *text* and more')).toBeNull();
      clock.mockImplementation(() => 0);
      expect(memory.render('Another answer')).not.toBeNull();
    } finally {
      clock.mockRestore();
    }
  });
});

describe('warmUpStreamingTail', () => {
  afterEach(() => vi.unstubAllGlobals());

  /** Runs the queued idle callbacks, each with `ms` left in its period; returns how many periods ran. */
  function runIdlePeriods(ms: number): number {
    const queue: IdleRequestCallback[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: IdleRequestCallback) => queue.push(callback));
    warmUpStreamingTail();
    let periods = 0;
    for (let callback = queue.shift(); callback; callback = queue.shift()) {
      periods += 1;
      if (periods > 1000) throw new Error('the warm-up never ends');
      callback({ didTimeout: false, timeRemaining: () => ms });
    }
    return periods;
  }

  it('does one step in an idle period with no time left, and ends', () => {
    expect(runIdlePeriods(0)).toBeGreaterThan(5);
  });

  it('does it all in one idle period that has time for it', () => {
    expect(runIdlePeriods(50)).toBe(1);
  });
});
