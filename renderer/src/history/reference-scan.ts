/**
 * The slow, obvious answer to a search: a scan of every text with the same query semantics the index
 * gives (words and prefixes by token, CJK by substring). Tests and the benchmark compare the FTS5
 * results with it; the app never uses it.
 */
import { cjkSegments } from './cjk-segments';
import type { QueryTerm } from './fts-query';
import { foldCase } from './fts-query';

const tokenRun = /[\p{L}\p{N}\p{Co}]+/gu;

export interface ScannableText {
  /** unicode61 tokens, folded. */
  tokens: string[];
  /** Tokens of the derived CJK column, folded. */
  cjkTokens: string[];
  raw: string;
}

export const prepareForScan = (text: string): ScannableText => ({
  tokens: Array.from(text.matchAll(tokenRun), (m) => foldCase(m[0])),
  cjkTokens: cjkSegments(text).split(' ').filter(Boolean).map(foldCase),
  raw: text,
});

const hasPhrase = (
  tokens: readonly string[],
  phrase: readonly string[],
  prefix: boolean,
): boolean => {
  const last = phrase.length - 1;
  for (let start = 0; start + phrase.length <= tokens.length; start++) {
    let ok = true;
    for (let i = 0; i <= last && ok; i++) {
      const token = tokens[start + i] ?? '';
      const wanted = phrase[i] ?? '';
      ok = i === last && prefix ? token.startsWith(wanted) : token === wanted;
    }
    if (ok) return true;
  }
  return false;
};

export const scanMatches = (text: ScannableText, terms: readonly QueryTerm[]): boolean =>
  terms.length > 0 &&
  terms.every((term) =>
    term.kind === 'cjk'
      ? text.raw.includes(term.text)
      : hasPhrase(text.tokens, term.tokens, term.prefix) ||
        hasPhrase(text.cjkTokens, term.tokens, term.prefix),
  );
