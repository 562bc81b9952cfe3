import { describe, expect, it } from 'vitest';
import { parseQuery, toMatchExpression } from '../../../../renderer/src/history/fts-query';

const columns = { text: 'content', cjk: 'content_cjk' };
const match = (query: string): string => toMatchExpression(parseQuery(query), columns);

describe('parseQuery', () => {
  it('reads words, phrases and prefixes', () => {
    expect(parseQuery('Hello  wörld')).toEqual([
      { kind: 'words', tokens: ['hello'], prefix: false },
      { kind: 'words', tokens: ['world'], prefix: false },
    ]);
    expect(parseQuery('"exact phrase here"')).toEqual([
      { kind: 'words', tokens: ['exact', 'phrase', 'here'], prefix: false },
    ]);
    expect(parseQuery('stream*')).toEqual([{ kind: 'words', tokens: ['stream'], prefix: true }]);
    expect(parseQuery('"open ai"*')).toEqual([
      { kind: 'words', tokens: ['open', 'ai'], prefix: true },
    ]);
  });

  it('treats FTS5 syntax as text to search for', () => {
    expect(parseQuery('foo-bar')).toEqual([
      { kind: 'words', tokens: ['foo', 'bar'], prefix: false },
    ]);
    expect(parseQuery('a OR b NOT c')).toEqual([
      { kind: 'words', tokens: ['a'], prefix: false },
      { kind: 'words', tokens: ['or'], prefix: false },
      { kind: 'words', tokens: ['b'], prefix: false },
      { kind: 'words', tokens: ['not'], prefix: false },
      { kind: 'words', tokens: ['c'], prefix: false },
    ]);
    expect(parseQuery('content:x')).toEqual([
      { kind: 'words', tokens: ['content', 'x'], prefix: false },
    ]);
  });

  it('finds nothing to search in punctuation, lone quotes and stars', () => {
    for (const odd of [
      '',
      '   ',
      '"',
      '""',
      '*',
      '***',
      '(',
      ')',
      '-',
      '^',
      ':',
      '"*"',
      '\u0000',
      '😀',
    ]) {
      expect(parseQuery(odd), odd).toEqual([]);
    }
  });

  it('splits CJK runs from latin words, also inside one token', () => {
    expect(parseQuery('用React开发')).toEqual([
      { kind: 'cjk', text: '用' },
      { kind: 'words', tokens: ['react'], prefix: false },
      { kind: 'cjk', text: '开发' },
    ]);
    expect(parseQuery('"中文 文本"')).toEqual([
      { kind: 'cjk', text: '中文' },
      { kind: 'cjk', text: '文本' },
    ]);
  });

  it('drops repeated terms and an unclosed quote runs to the end', () => {
    expect(parseQuery('cat cat "dog')).toEqual([
      { kind: 'words', tokens: ['cat'], prefix: false },
      { kind: 'words', tokens: ['dog'], prefix: false },
    ]);
  });
});

describe('toMatchExpression', () => {
  it('quotes every term and filters columns', () => {
    expect(match('hello "big world" pre*')).toBe(
      '{content content_cjk} : "hello" AND {content content_cjk} : "big world" AND {content content_cjk} : "pre"*',
    );
  });

  it('answers 1, 2 and 3+ CJK characters from the bigram column', () => {
    expect(match('中')).toBe('content_cjk : "中"*');
    expect(match('中文')).toBe('content_cjk : "中文"');
    expect(match('中文本')).toBe('content_cjk : "中文 文本"');
    expect(match('한국어')).toBe('content_cjk : "한국 국어"');
  });

  it('never lets a double quote out of its string', () => {
    expect(match('a"b')).toBe('{content content_cjk} : "a" AND {content content_cjk} : "b"');
  });
});
