import { describe, expect, it } from 'vitest';
import { termPattern, termRanges } from '../../../../renderer/src/chat/search-marks';

const marked = (text: string, terms: string[]) =>
  termRanges(text, termPattern(terms))
    .map(([start, end]) => text.slice(start, end))
    .join('|');

describe('search marks', () => {
  it('finds every whole-word match, whatever its case', () => {
    expect(marked('Stream the stream; streams STREAM.', ['stream'])).toBe('Stream|stream|STREAM');
  });

  it('does not mark a Latin word inside a longer word', () => {
    expect(marked('concatenate a cat', ['cat'])).toBe('cat');
    expect(termRanges('concatenate', termPattern(['cat']))).toEqual([]);
  });

  it('marks CJK terms anywhere, since CJK text has no spaces between words', () => {
    expect(marked('我们的中文搜索和中文', ['中文'])).toBe('中文|中文');
    expect(marked('한국어검색 테스트', ['검색'])).toBe('검색');
  });

  it('prefers the longest of overlapping terms and never overlaps ranges', () => {
    const text = 'river rivers riverbank';
    expect(marked(text, ['river', 'rivers'])).toBe('river|rivers');
    const ranges = termRanges(text, termPattern(['river', 'rivers']));
    for (let i = 1; i < ranges.length; i += 1)
      expect(ranges[i]![0]).toBeGreaterThanOrEqual(ranges[i - 1]![1]);
  });

  it('treats terms as text, not as a pattern', () => {
    expect(marked('a.b axb (c) c++', ['a.b', '(c)', 'c++'])).toBe('a.b|(c)|c++');
  });

  it('has nothing to mark without terms', () => {
    expect(termPattern([])).toBeNull();
    expect(termPattern(['  '])).toBeNull();
    expect(termRanges('anything', null)).toEqual([]);
  });
});
