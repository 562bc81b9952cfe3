import { describe, expect, it } from 'vitest';
import { cjkSegments, runToBigrams } from '../../../../renderer/src/history/cjk-segments';
import { parseQuery } from '../../../../renderer/src/history/fts-query';
import { prepareForScan, scanMatches } from '../../../../renderer/src/history/reference-scan';
import {
  markClose,
  markOpen,
  parseMarkedSnippet,
  snippetAround,
} from '../../../../renderer/src/history/snippet';

describe('cjkSegments', () => {
  it('indexes runs as overlapping bigrams plus the last character', () => {
    expect(runToBigrams('我喜欢')).toEqual(['我喜', '喜欢', '欢']);
    expect(runToBigrams('字')).toEqual(['字']);
    expect(cjkSegments('hello 我喜欢 world')).toBe('我喜 喜欢 欢');
    expect(cjkSegments('only latin')).toBe('');
  });

  it('keeps latin fragments glued to CJK and handles kana marks and astral Han', () => {
    expect(cjkSegments('用React开发')).toBe('用 React 开发 发');
    expect(cjkSegments('コーヒー')).toBe('コー ーヒ ヒー ー');
    expect(cjkSegments('𠮷野家')).toBe('𠮷野 野家 家');
  });
});

describe('reference scan', () => {
  it('matches CJK as a substring and words as tokens', () => {
    const text = prepareForScan('我喜欢中文 and concatenate streams');
    expect(scanMatches(text, parseQuery('中'))).toBe(true);
    expect(scanMatches(text, parseQuery('欢中文'))).toBe(true);
    expect(scanMatches(text, parseQuery('中喜'))).toBe(false);
    expect(scanMatches(text, parseQuery('cat'))).toBe(false);
    expect(scanMatches(text, parseQuery('concat*'))).toBe(true);
    expect(scanMatches(text, parseQuery('"and concatenate"'))).toBe(true);
  });
});

describe('parseMarkedSnippet', () => {
  it('turns markers into ranges and never keeps markup', () => {
    expect(parseMarkedSnippet(`…a ${markOpen}<b>x</b>${markClose} y`)).toEqual({
      text: '…a <b>x</b> y',
      highlights: [[3, 11]],
    });
  });

  it('drops unbalanced and empty markers', () => {
    expect(parseMarkedSnippet(`${markClose}a${markOpen}${markClose}b${markOpen}c`)).toEqual({
      text: 'abc',
      highlights: [],
    });
  });
});

describe('snippetAround', () => {
  it('centres on the first CJK match and highlights every term', () => {
    const content = `${'x'.repeat(100)} 我喜欢中文 and Stream ok`;
    const snippet = snippetAround(content, parseQuery('中文 stream'), 40);
    expect(snippet.text.startsWith('…')).toBe(true);
    const marked = snippet.highlights.map(([a, b]) => snippet.text.slice(a, b));
    expect(marked).toEqual(['中文', 'Stream']);
  });
});
