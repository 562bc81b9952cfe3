import { describe, expect, it } from 'vitest';
import { snippetSegments } from '../../../../renderer/src/history-view/snippet-segments';

const render = (text: string, ranges: Array<[number, number]>) =>
  snippetSegments(text, ranges)
    .map((s) => (s.mark ? `[${s.text}]` : s.text))
    .join('');

describe('snippetSegments', () => {
  it('marks the ranges and keeps all the text', () => {
    expect(
      render('the river runs to the sea', [
        [4, 9],
        [22, 25],
      ]),
    ).toBe('the [river] runs to the [sea]');
    expect(snippetSegments('abc', [])).toEqual([{ text: 'abc', mark: false }]);
    expect(snippetSegments('', [[0, 3]])).toEqual([]);
  });

  it('merges overlapping and touching ranges, sorts, clamps and drops empty ones', () => {
    expect(
      render('abcdefghij', [
        [6, 8],
        [1, 3],
        [2, 5],
        [5, 6],
        [9, 99],
        [4, 4],
        [-5, 0],
      ]),
    ).toBe('a[bcdefgh]i[j]');
  });

  it('treats markup in the text as text: segments are plain strings', () => {
    const hostile = '<img src=x onerror=alert(1)> and <script>x</script>';
    const segments = snippetSegments(hostile, [[0, 4]]);
    expect(segments.map((s) => s.text).join('')).toBe(hostile);
    expect(segments[0]).toEqual({ text: '<img', mark: true });
  });
});
