import { describe, expect, it } from 'vitest';
import {
  chunkEnds,
  chunksOf,
  codeChunkLength,
} from '../../../../renderer/src/markdown/code-chunks';
import { codeLanguage } from '../../../../renderer/src/markdown/code-language';
import { readFence } from '../../../../renderer/src/markdown/fence-source';
import { withFootnoteStubs } from '../../../../renderer/src/markdown/footnotes';
import { asParagraphContinuation } from '../../../../renderer/src/markdown/paragraph-continuation';

describe('codeLanguage', () => {
  it.each([
    ['ts', 'ts', 'typescript'],
    ['Python {linenos}', 'python', 'python'],
    ['{.rust}', 'rust', 'rust'],
    ['language-go', 'go', 'go'],
    ['c++', 'c++', 'cpp'],
    ['brainfuck', 'brainfuck', null],
  ])('reads %j as label %j, highlighter %j', (info, label, id) => {
    expect(codeLanguage(info)).toEqual({ label, highlightId: id });
  });

  it.each([
    '"><img src=x onerror=alert(1)>',
    'js"onclick="alert(1)',
    '<script>',
    'a'.repeat(40),
    'javascript:alert(1)',
    '',
    '   ',
  ])('gives no label for %j', (info) => {
    expect(codeLanguage(info)).toEqual({ label: null, highlightId: null });
  });
});

describe('readFence', () => {
  it('reads info and code, without the closing fence', () => {
    expect(readFence('```ts title="a"\nconst a = 1;\n\nb();\n```\n')).toEqual({
      info: 'ts title="a"',
      code: 'const a = 1;\n\nb();',
    });
  });

  it('reads a fence still streaming, and a closing line still arriving', () => {
    expect(readFence('~~~~py\nprint(1)\n~~~')).toEqual({ info: 'py', code: 'print(1)\n~~~' });
    expect(readFence('```\nx\n``')).toEqual({ info: '', code: 'x\n``' });
    expect(readFence('```\nx\n```')).toEqual({ info: '', code: 'x' });
    expect(readFence('```js')).toEqual({ info: 'js', code: '' });
  });

  it('removes the opener indentation from code lines', () => {
    expect(readFence('  ```\n  a\n    b\n c\n  ```\n').code).toBe('a\n  b\nc');
  });
});

describe('code chunks', () => {
  it('are stable as code grows, end at line breaks, and cover the code', () => {
    const code = Array.from({ length: 800 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join(
      '\n',
    );
    let ends: number[] = [];
    for (let length = 0; length <= code.length; length += 97) {
      const prefix = code.slice(0, length);
      const next = chunkEnds(prefix, ends);
      expect(next.slice(0, ends.length)).toEqual(ends);
      ends = next;
      expect(chunksOf(prefix, ends).join('')).toBe(prefix);
    }
    expect(chunkEnds(code)).toEqual(chunkEnds(code, ends.slice(0, 2)));
    for (const end of ends) expect(code.charAt(end - 1)).toBe('\n');
  });

  it('cut a line longer than a chunk', () => {
    const code = 'x'.repeat(codeChunkLength * 2 + 5);
    expect(chunksOf(code, chunkEnds(code)).map((c) => c.length)).toEqual([
      codeChunkLength,
      codeChunkLength,
      5,
    ]);
  });
});

describe('paragraph continuation', () => {
  it.each([
    ['# not a heading', '\\# not a heading'],
    ['- not a list', '\\- not a list'],
    ['1986. a year', '1986\\. a year'],
    ['    not code', 'not code'],
    ['> not a quote', '\\> not a quote'],
    ['plain', 'plain'],
  ])('keeps %j as paragraph text', (piece, expected) => {
    expect(asParagraphContinuation(piece)).toBe(expected);
  });
});

describe('footnote stubs', () => {
  it('adds a stub only for references defined elsewhere', () => {
    expect(withFootnoteStubs('no notes')).toBe('no notes');
    const source = 'A[^1] B[^two].\n\n[^two]: here';
    const stubbed = withFootnoteStubs(source);
    expect(stubbed.startsWith(source)).toBe(true);
    expect(stubbed).toContain('[^1]: ');
    expect(stubbed).not.toContain('[^two]: \u2063');
  });
});
