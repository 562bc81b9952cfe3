/**
 * Answers built to make Markdown parsers slow or overflow their stack (test/support/hostile-markdown.ts)
 * and the published XSS payloads cost each parsing path a bounded time, and never throw: the streaming
 * tail's lexer (on the UI thread, per update and at once), the settled-block parse job (what the worker
 * runs), and a whole message rendered cold and streamed. Before the bounds, 50 KB of `_a_a…` took the
 * tail's lexer 8.7 s and `'>'.repeat(3000) + ' x'` overflowed both parsers' stacks.
 */
import { readFileSync } from 'node:fs';
import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MessageMarkdown } from '../../../../renderer/src/markdown/MessageMarkdown';
import { runParseJob } from '../../../../renderer/src/markdown/parse-jobs';
import { BlockSplitter } from '../../../../renderer/src/markdown/split-blocks';
import { ElementMemory } from '../../../../renderer/src/markdown/StreamingTail';
import { hostileAnswers } from '../../../support/hostile-markdown';

/** Generous for a shared 2-core machine: the bounds aim at a few ms on the UI thread. */
const uiThreadBoundMs = 250;
/** The worker's watchdog gives up on a block after 2 s; unbounded, these took 3.5-32 s. */
const settledBoundMs = 2_000;

const timed = <T>(run: () => T): { value: T; ms: number } => {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
};

const tailMarkup = (memory: ElementMemory, source: string): string | null => {
  const elements = memory.render(source);
  return elements === null ? null : renderToStaticMarkup(createElement(Fragment, null, elements));
};

const payloads = (
  JSON.parse(readFileSync('/work/shared/acceptance-data/xss/payloads.json', 'utf8')) as {
    payload: string;
  }[]
).map(({ payload }) => payload);

const inputs: [string, string][] = [
  ...Object.entries(hostileAnswers(50_000)),
  ['every published XSS payload in one answer', payloads.join('\n\n')],
];

describe('hostile Markdown: the streaming tail (UI thread)', () => {
  for (const [name, text] of inputs) {
    it(`lexes and renders ${name} at once within ${uiThreadBoundMs} ms`, () => {
      const { ms } = timed(() => tailMarkup(new ElementMemory(), text));
      expect(ms).toBeLessThan(uiThreadBoundMs);
    });
  }

  it('counts nesting: a deep list is plain text on the UI thread, formatted by the worker', () => {
    // 10 KB of a list sixteen levels deep cost a 57 ms task when lexed and rendered on every update.
    const deep = hostileAnswers(10_000)['nested list levels by indentation'] ?? '';
    const flat = deep.replace(/^ +/gm, '');
    expect(new ElementMemory().render(deep)).toBeNull();
    expect(new ElementMemory().render(flat)).not.toBeNull();
    expect(runParseJob({ kind: 'markdown', source: deep })).not.toBeNull();
  });

  it('still formats each XSS payload (none is hostile to the parser)', () => {
    for (const payload of payloads) {
      expect(tailMarkup(new ElementMemory(), payload), payload).not.toBeNull();
    }
  });

  for (const [name, text] of inputs) {
    it(`streams ${name}, 24 characters an update, each update within ${uiThreadBoundMs} ms`, () => {
      // What MessageMarkdown does per update: split, then render the tail with its own memory.
      const splitter = new BlockSplitter();
      const memories = new Map<number, ElementMemory>();
      let worst = 0;
      for (let end = 24; end < text.length + 24; end += 24) {
        const { tail } = splitter.update(text.slice(0, end), false);
        if (!tail) continue;
        let memory = memories.get(tail.start);
        if (!memory) {
          memory = new ElementMemory();
          memories.set(tail.start, memory);
        }
        const { ms } = timed(() => memory.render(tail.source));
        worst = Math.max(worst, ms);
      }
      expect(worst).toBeLessThan(uiThreadBoundMs);
    });
  }
});

describe('hostile Markdown: the settled-block parse job (worker)', () => {
  for (const [name, text] of inputs) {
    it(`parses ${name} as one block within ${settledBoundMs} ms, or declines it`, () => {
      const { ms } = timed(() => runParseJob({ kind: 'markdown', source: text }));
      expect(ms).toBeLessThan(settledBoundMs);
    });
  }

  it('still formats each XSS payload', () => {
    for (const payload of payloads) {
      expect(runParseJob({ kind: 'markdown', source: payload }), payload).not.toBeNull();
    }
  });
});

/** The text a browser would show for `html` (tags dropped, the entities React writes decoded). */
const textOf = (html: string): string =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');

/** Letters and digits only: what is left of a text once Markdown's own characters are gone. */
const words = (text: string): number => text.replace(/[^\p{L}\p{N}]+/gu, '').length;

describe('hostile Markdown: a whole message', () => {
  for (const [name, text] of Object.entries(hostileAnswers(20_000))) {
    it(`renders ${name} cold and while streaming without throwing, showing its words`, () => {
      for (const streaming of [false, true]) {
        const html = renderToStaticMarkup(
          createElement(MessageMarkdown, { text, streaming, onOpenLink: () => undefined }),
        );
        // Formatted, link and image addresses drop out; as plain text, everything is there.
        const written = words(text.replace(/\]\([^)]*\)/g, ']'));
        expect(words(textOf(html)), `streaming: ${streaming}`).toBeGreaterThanOrEqual(written / 2);
      }
    });
  }

  it('keeps the pieces of an over-long line of delimiters plain once settled, not formatted', () => {
    // Formatting them swapped hundreds of elements into one long inline paragraph: long tasks.
    const html = renderToStaticMarkup(
      createElement(MessageMarkdown, {
        text: '*a'.repeat(3000),
        streaming: false,
        onOpenLink: () => undefined,
      }),
    );
    expect(html.match(/class="md-plain"/g)).toHaveLength(3);
    expect(html).not.toContain('<em>');
  });

  it('says why a block is shown as plain text', () => {
    const html = renderToStaticMarkup(
      createElement(MessageMarkdown, {
        text: '_a'.repeat(400),
        streaming: true,
        onOpenLink: () => undefined,
      }),
    );
    expect(html).toContain('class="md-plain"');
    expect(html).toContain('too large or too intricate to format');
    expect(textOf(html)).toContain('_a'.repeat(400));
  });
});
