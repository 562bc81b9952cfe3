/**
 * Snippets as plain text plus highlight ranges, never markup: FTS5's snippet() wraps matches in two
 * private-use characters that we strip here, and the UI renders the text with text nodes and <mark>.
 */
import type { QueryTerm } from './fts-query';

/** Passed to snippet() as the open and close markers. Private use: never produced by FTS5 itself. */
export const markOpen = '\uE000';
export const markClose = '\uE001';
export const ellipsis = '…';

export interface PlainSnippet {
  text: string;
  highlights: Array<[number, number]>;
}

/**
 * Strips the markers and turns them into [start, end) ranges. A stored message that itself contains a
 * marker character can only move a highlight, never produce markup; unbalanced markers are dropped.
 */
export const parseMarkedSnippet = (marked: string): PlainSnippet => {
  let text = '';
  const highlights: Array<[number, number]> = [];
  let openAt: number | null = null;
  for (const char of marked) {
    if (char === markOpen) {
      openAt = text.length;
    } else if (char === markClose) {
      if (openAt !== null && text.length > openAt) highlights.push([openAt, text.length]);
      openAt = null;
    } else {
      text += char;
    }
  }
  return { text, highlights: mergeRanges(highlights) };
};

const mergeRanges = (ranges: Array<[number, number]>): Array<[number, number]> => {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else out.push([range[0], range[1]]);
  }
  return out;
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Our own snippet for queries with CJK terms, whose matches live in the bigram column where snippet()
 * would show bigrams instead of the message. Centres a window on the first match of any term and
 * highlights every term inside it.
 */
export const snippetAround = (
  content: string,
  terms: readonly QueryTerm[],
  windowChars = 64,
): PlainSnippet => {
  const patterns = terms.map((term) =>
    term.kind === 'cjk'
      ? new RegExp(escapeRegExp(term.text), 'gu')
      : // Latin words match at token starts, case-insensitively; diacritics are not folded here.
        new RegExp(
          `(?<![\\p{L}\\p{N}])${term.tokens.map(escapeRegExp).join('[^\\p{L}\\p{N}]+')}${
            term.prefix ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])'
          }`,
          'giu',
        ),
  );
  let first = -1;
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    const found = pattern.exec(content);
    if (found && (first < 0 || found.index < first)) first = found.index;
  }
  const start = Math.max(0, first < 0 ? 0 : first - Math.floor(windowChars / 3));
  const end = Math.min(content.length, start + windowChars);
  const window = content.slice(start, end);
  const prefix = start > 0 ? ellipsis : '';
  const highlights: Array<[number, number]> = [];
  for (const pattern of patterns) {
    for (const found of window.matchAll(new RegExp(pattern.source, pattern.flags))) {
      if (found[0].length === 0) continue;
      const at = found.index + prefix.length;
      highlights.push([at, at + found[0].length]);
    }
  }
  return {
    text: `${prefix}${window}${end < content.length ? ellipsis : ''}`,
    highlights: mergeRanges(highlights),
  };
};
