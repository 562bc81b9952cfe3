import { describe, expect, it } from 'vitest';
import {
  markdownAnswer,
  minifiedJsonLine,
  seededRandom,
} from '../../../../bench/renderer/workloads';
import {
  BlockSplitter,
  pieceLength,
  splitBlocks,
  type Block,
} from '../../../../renderer/src/markdown/split-blocks';

const sources = (blocks: readonly Block[]): string[] => blocks.map((block) => block.source);

/** Streams `text` in random chunks and checks, at every step, that what settled never changes later. */
function streamAndCheck(text: string, seed: number, maxChunk = 40): void {
  const cold = splitBlocks(text);
  const random = seededRandom(seed);
  const splitter = new BlockSplitter();
  let shown = 0;
  while (shown < text.length) {
    shown = Math.min(text.length, shown + 1 + Math.floor(random() * maxChunk));
    const { settled, tail } = splitter.update(text.slice(0, shown), false);
    expect(settled).toEqual(cold.slice(0, settled.length));
    // Settled blocks and the tail cover the text so far, in order, with nothing lost.
    expect([...sources(settled), tail?.source ?? ''].join('')).toBe(text.slice(0, shown));
  }
  expect(splitter.update(text, true).settled).toEqual(cold);
  expect(sources(cold).join('')).toBe(text);
}

const samples: Record<string, string> = {
  paragraphs: 'One paragraph\nwith a soft break.\n\nAnother one.\n\n\nA third.',
  setext: 'Title\n=====\n\nBody\n---\n\nmore',
  lists: '- a\n- b\n  continued\n\n  still b\n- c\n\n1. one\n2. two\n10) ten\n\nafter',
  nested: '- outer\n  - inner\n\n    inner para\n- next\n\ntext',
  fences:
    'Here is code:\n```js\nconst a = 1;\n\n\nconst b = 2;\n```\nafter fence\n\n~~~~\n```\nnot closed by that\n~~~~\n\n    indented code\n\n    more indented\n\ndone',
  fenceInList: '1. step\n\n   ```bash\n   echo a\n\n   echo b\n   ```\n2. next',
  unclosedFence: 'text\n\n```python\nprint(1)\n\nprint(2)',
  math: 'Inline $x^2$ and\n\n$$\na = b\n\nc = d\n$$\n\nafter',
  headings: 'para\n# H1\n## H2\ntext under\n#hashtag not a heading\n\n###### H6',
  table: '| a | b |\n| - | - |\n| 1 | 2 |\n| 3 | 4 |\n\nnext',
  quote: '> quoted\nlazy line\n\n> another\n>\n> same quote',
  html: '<div>\n\n*md*\n\n</div>\n\n<script>alert(1)</script>\n\ntext <b>bold</b>',
  footnotes:
    'Claim[^1] and another[^note].\n\n[^1]: First source.\n\n[^note]: Second\n    continued.',
  crlf: 'line one\r\n\r\nline two\r\n```\r\ncode\r\n```\r\n',
  unicode: `${'😀'.repeat(pieceLength)}\n\nend`,
  longLine: minifiedJsonLine(3 * pieceLength + 123),
  longParagraphInList: `- item ${'word '.repeat(pieceLength)}\n- next`,
};

describe('BlockSplitter', () => {
  it.each(Object.entries(samples))('is prefix-stable on %s', (_name, text) => {
    for (const seed of [1, 2, 3]) streamAndCheck(text, seed);
    streamAndCheck(text, 4, 1);
  });

  it('is prefix-stable on the benchmark answers', () => {
    streamAndCheck(markdownAnswer(20_000), 5, 24);
    streamAndCheck(minifiedJsonLine(20_000), 6, 24);
  });

  it('splits at blank lines and keeps indented continuations together', () => {
    expect(sources(splitBlocks('a\n\nb\n\n  c\n\nd'))).toEqual(['a\n\n', 'b\n\n  c\n\n', 'd']);
  });

  it('keeps a fenced block with blank lines whole and makes it a block of its own', () => {
    const blocks = splitBlocks('Intro:\n```ts\nconst a = 1;\n\nconst b = 2;\n```\nAfter.');
    expect(blocks.map((b) => [b.kind, b.source])).toEqual([
      ['markdown', 'Intro:\n'],
      ['fence', '```ts\nconst a = 1;\n\nconst b = 2;\n```\n'],
      ['markdown', 'After.'],
    ]);
  });

  it('settles a fence only when its closing line is complete', () => {
    const splitter = new BlockSplitter();
    expect(splitter.update('```\ncode\n``', false).settled).toEqual([]);
    expect(splitter.update('```\ncode\n```', false).settled).toEqual([]);
    expect(splitter.update('```\ncode\n```\n', false).settled.map((b) => b.kind)).toEqual([
      'fence',
    ]);
  });

  it('keeps $$ math with blank lines whole', () => {
    expect(sources(splitBlocks('$$\na\n\nb\n$$\n\nc'))).toEqual(['$$\na\n\nb\n$$\n\n', 'c']);
  });

  it('splits a list into its items and headings into their own blocks', () => {
    expect(sources(splitBlocks('- a\n  - a1\n- b\n# H\ntext'))).toEqual([
      '- a\n  - a1\n',
      '- b\n',
      '# H\n',
      'text',
    ]);
  });

  it('cuts one huge line into settled pieces, at natural breaks, marked as continuations', () => {
    const line = minifiedJsonLine(10 * pieceLength);
    const blocks = splitBlocks(line);
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    expect(blocks.every((b) => b.source.length <= pieceLength)).toBe(true);
    expect(blocks[0]?.continuation).toBe(false);
    expect(blocks.slice(1).every((b) => b.continuation)).toBe(true);
    expect(blocks.slice(0, -1).every((b) => /[ ,;}\])]$/.test(b.source))).toBe(true);
  });

  it('keeps the streaming tail of a huge line short', () => {
    const line = minifiedJsonLine(50_000);
    const splitter = new BlockSplitter();
    for (let shown = 24; shown < line.length; shown += 24) {
      const { tail } = splitter.update(line.slice(0, shown), false);
      expect(tail === null || tail.source.length < pieceLength).toBe(true);
    }
  });

  it('never splits a surrogate pair', () => {
    const blocks = splitBlocks('😀'.repeat(3 * pieceLength));
    for (const block of blocks) {
      // A lone surrogate at either end would mean a pair was cut.
      expect(block.source).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
  });

  it('starts over when the text is replaced rather than extended', () => {
    const splitter = new BlockSplitter();
    splitter.update('first answer\n\nsecond para', false);
    const { settled, tail } = splitter.update('other\n\ntext\n', false);
    expect(sources(settled)).toEqual(['other\n\n']);
    expect(tail?.source).toBe('text\n');
  });

  it('returns the same result object for an unchanged text', () => {
    const splitter = new BlockSplitter();
    const first = splitter.update('a\n\nb', false);
    expect(splitter.update('a\n\nb', false)).toBe(first);
  });
});
