import { describe, expect, it } from 'vitest';
import { matchedTerms } from '../../../../renderer/src/history-view/hit-terms';

describe('matchedTerms', () => {
  it('takes the words the snippet marks, as written, once each', () => {
    const snippet = '…the River runs to the river mouth and the sea…';
    const at = (word: string, from = 0): [number, number] => {
      const start = snippet.indexOf(word, from);
      return [start, start + word.length];
    };
    expect(
      matchedTerms({
        snippet,
        highlights: [at('River'), at('river', 20), at('sea')],
      }),
    ).toEqual(['River', 'sea']);
  });

  it('keeps CJK runs and drops empty, blank or out-of-range marks', () => {
    expect(
      matchedTerms({
        snippet: '我们的中文搜索 ',
        highlights: [
          [3, 5],
          [2, 2],
          [7, 8],
          [40, 50],
        ],
      }),
    ).toEqual(['中文']);
  });

  it('gives no terms for a hit without marks (a title hit)', () => {
    expect(matchedTerms({ snippet: 'anything', highlights: [] })).toEqual([]);
  });
});
