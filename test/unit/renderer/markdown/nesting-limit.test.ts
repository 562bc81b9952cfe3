/**
 * limitNesting escapes the marker that would nest past the limit, before either parser sees the text:
 * block quotes, lists, emphasis and link brackets stay within `maxNestingDepth` in marked's tokens (the
 * streaming tail) and in micromark's tree (settled blocks), and ordinary answers pass unchanged.
 */
import { readFileSync } from 'node:fs';
import type { ElementContent, Root } from 'hast';
import { Lexer, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { markdownAnswer } from '../../../../bench/renderer/workloads';
import { limitNesting, maxNestingDepth } from '../../../../renderer/src/markdown/nesting-limit';
import { settledTree } from '../../../../renderer/src/markdown/settled-tree';

const containerTags = new Set(['blockquote', 'ul', 'ol']);
const inlineTags = new Set(['em', 'strong', 'del']);

/** The deepest nesting of `tags` in a hast tree. */
function treeDepth(
  nodes: readonly (ElementContent | Root['children'][number])[],
  tags: Set<string>,
): number {
  let deepest = 0;
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    const below = treeDepth(node.children, tags);
    deepest = Math.max(deepest, below + (tags.has(node.tagName) ? 1 : 0));
  }
  return deepest;
}

/** The deepest nesting of `types` in marked's tokens. */
function tokenDepth(tokens: readonly Token[] | undefined, types: Set<string>): number {
  let deepest = 0;
  for (const token of tokens ?? []) {
    const children: Token[] = [
      ...('tokens' in token && Array.isArray(token.tokens) ? (token.tokens as Token[]) : []),
      ...('items' in token && Array.isArray(token.items) ? (token.items as Token[]) : []),
    ];
    deepest = Math.max(deepest, tokenDepth(children, types) + (types.has(token.type) ? 1 : 0));
  }
  return deepest;
}

const markedContainers = new Set(['blockquote', 'list']);
const markedInline = new Set(['em', 'strong', 'del']);

const deep = {
  '3000 block quote markers on one line': '>'.repeat(3000) + ' x',
  'block quotes one more a line': Array.from(
    { length: 400 },
    (_, i) => `${'>'.repeat(i + 1)} x`,
  ).join('\n'),
  '300 list levels by indentation': Array.from(
    { length: 300 },
    (_, i) => `${' '.repeat(2 * i)}- x`,
  ).join('\n'),
  'bullets on one line': '- '.repeat(2000) + 'x',
  'ordered items on one line': '1. '.repeat(1000) + 'x',
  'quotes and lists mixed': '> - '.repeat(1000) + 'x',
  'tabs as indentation': Array.from({ length: 300 }, (_, i) => `${'\t'.repeat(i)}* x`).join('\n'),
};

describe('limitNesting: block quotes and lists', () => {
  for (const [name, text] of Object.entries(deep)) {
    it(`bounds ${name} for marked and micromark`, () => {
      const limited = limitNesting(text);
      expect(tokenDepth(Lexer.lex(limited, { gfm: true }), markedContainers)).toBeLessThanOrEqual(
        maxNestingDepth,
      );
      const tree = settledTree(limited);
      expect(tree).not.toBeNull();
      expect(treeDepth(tree?.children ?? [], containerTags)).toBeLessThanOrEqual(maxNestingDepth);
    });
  }

  it('keeps the levels up to the limit and shows the rest as text', () => {
    const limited = limitNesting('>'.repeat(3000) + ' x');
    const tree = settledTree(limited);
    expect(treeDepth(tree?.children ?? [], containerTags)).toBe(maxNestingDepth);
    expect(limited.length).toBe(3003);
    expect(limited.startsWith(`${'>'.repeat(maxNestingDepth)}\\>`)).toBe(true);
  });

  it('leaves a thematic break of many markers alone', () => {
    const rule = '- '.repeat(40).trim();
    expect(limitNesting(rule)).toBe(rule);
  });

  it('leaves fenced code and math inside a list alone', () => {
    const text = [
      '- item',
      '',
      '  ```',
      `  ${'> '.repeat(40)}`,
      `  ${'['.repeat(40)}${'*a '.repeat(40)}`,
      '  ```',
      '',
      '  $$',
      `  ${'['.repeat(40)}`,
      '  $$',
    ].join('\n');
    expect(limitNesting(text)).toBe(text);
  });
});

describe('limitNesting: emphasis and brackets', () => {
  const inline = {
    'nested emphasis': '*a '.repeat(1000) + 'b' + ' a*'.repeat(1000),
    'nested strong': '**a '.repeat(1000) + 'b' + ' a**'.repeat(1000),
    'nested underscores': '_a '.repeat(1000) + 'b' + ' a_'.repeat(1000),
    'nested strikethrough': '~~a '.repeat(1000) + 'b' + ' a~~'.repeat(1000),
  };
  for (const [name, text] of Object.entries(inline)) {
    it(`bounds ${name} for marked and micromark`, () => {
      const limited = limitNesting(text);
      expect(tokenDepth(Lexer.lex(limited, { gfm: true }), markedInline)).toBeLessThanOrEqual(
        maxNestingDepth,
      );
      const tree = settledTree(limited);
      expect(treeDepth(tree?.children ?? [], inlineTags)).toBeLessThanOrEqual(maxNestingDepth);
    });
  }

  it('bounds nested link brackets', () => {
    const limited = limitNesting('['.repeat(1000) + 'a' + '](x)'.repeat(1000));
    expect(limited.match(/(?<!\\)\[/g)?.length).toBe(maxNestingDepth);
  });

  it('does not count what is inside a code span', () => {
    const text = `\`${'*a '.repeat(40)}${'['.repeat(40)}\` and **bold**`;
    expect(limitNesting(text)).toBe(text);
  });
});

describe('limitNesting: ordinary answers', () => {
  it('returns an ordinary answer unchanged', () => {
    const answer = markdownAnswer(50_000);
    expect(limitNesting(answer)).toBe(answer);
  });

  it('returns the published XSS payloads unchanged (none of them nests deeply)', () => {
    const payloads = JSON.parse(
      readFileSync('/work/shared/acceptance-data/xss/payloads.json', 'utf8'),
    ) as { payload: string }[];
    for (const { payload } of payloads) expect(limitNesting(payload)).toBe(payload);
  });

  it('keeps nesting a person writes: quotes in lists, lists in quotes, emphasis in links', () => {
    const text = [
      '> - one',
      '>   - two *with **strong** inside*',
      '>     1. three [a *link*](https://example.com)',
      '',
      '- a',
      '    - b indented by four',
      '        - c',
      '            - d',
      '',
      '***bold italic*** and ~~struck _and em_~~',
    ].join('\n');
    expect(limitNesting(text)).toBe(text);
  });
});
