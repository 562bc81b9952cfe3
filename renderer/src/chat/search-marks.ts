/**
 * Where a search hit's words are in a rendered message, as DOM ranges for the CSS Custom Highlight
 * API. Marking with ranges leaves the DOM as React built it: wrapping words in <mark> would split
 * text nodes React owns (and the Markdown a worker parses swaps them again later).
 */

/** Han, kana and Hangul have no spaces between words: a CJK term matches anywhere in the text. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const escape = (term: string): string => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One pattern for all the terms, longest first, so "streams" wins over "stream" where both match. */
export function termPattern(terms: readonly string[]): RegExp | null {
  const parts = [...new Set(terms.map((term) => term.trim()).filter((term) => term !== ''))]
    .sort((a, b) => b.length - a.length)
    .map((term) => {
      // A Latin word matches whole words only, as the search's tokenizer did: "cat" is not marked
      // inside "concatenate".
      const before = CJK.test(term.charAt(0)) ? '' : '(?<![\\p{L}\\p{N}])';
      const after = CJK.test(term.charAt(term.length - 1)) ? '' : '(?![\\p{L}\\p{N}])';
      return `${before}${escape(term)}${after}`;
    });
  return parts.length === 0 ? null : new RegExp(parts.join('|'), 'giu');
}

/** [start, end) of every match of the terms in `text`, in order, never overlapping. */
export function termRanges(text: string, pattern: RegExp | null): Array<[number, number]> {
  if (!pattern) return [];
  const ranges: Array<[number, number]> = [];
  for (const match of text.matchAll(pattern)) {
    if (match[0] === '') continue;
    ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

/**
 * A range for every match in the text nodes under `root`. A word split across nodes (half of it
 * bold) is not found: the search marks words, and Markdown rarely splits one.
 */
export function rangesIn(root: Node, terms: readonly string[]): Range[] {
  const pattern = termPattern(terms);
  if (!pattern) return [];
  const document = root.ownerDocument ?? (root as Document);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const ranges: Range[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const [start, end] of termRanges(node.nodeValue ?? '', pattern)) {
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, end);
      ranges.push(range);
    }
  }
  return ranges;
}
