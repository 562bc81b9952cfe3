/**
 * User text → a safe FTS5 MATCH expression. Every piece of user text reaches MATCH inside double quotes,
 * so FTS5 syntax (AND, OR, NOT, NEAR, -, ^, :, parentheses, column filters) is searched for as text and
 * never interpreted. What a person can ask for:
 *   word        every whitespace-separated term must occur (AND)
 *   "a phrase"  the words in this order, next to each other
 *   prefix*     a word that starts with this
 * CJK runs are answered from the bigram column (see cjk-segments.ts) whatever the quoting.
 */
import { runToBigrams, splitToken } from './cjk-segments';

export type QueryTerm =
  /** Consecutive latin tokens (one token for a plain word); `prefix` applies to the last. */
  | { kind: 'words'; tokens: string[]; prefix: boolean }
  /** One run of Han/Kana/Hangul characters, matched as a substring. */
  | { kind: 'cjk'; text: string };

/** Long pasted text is cut here: a search box is not a document comparison. */
const maxQueryChars = 500;
const maxTerms = 32;
const tokenRun = /[\p{L}\p{N}\p{Co}]+/gu;

/** Splits user text into quoted phrases and bare words; an unclosed quote runs to the end. */
const splitRaw = (text: string): Array<{ text: string; quoted: boolean; prefix: boolean }> => {
  const out: Array<{ text: string; quoted: boolean; prefix: boolean }> = [];
  const pattern = /"([^"]*)("?)(\*?)|([^\s"]+)/gu;
  for (const match of text.matchAll(pattern)) {
    if (match[4] !== undefined) {
      const word = match[4];
      out.push({ text: word, quoted: false, prefix: word.endsWith('*') });
    } else {
      out.push({ text: match[1] ?? '', quoted: true, prefix: match[3] === '*' });
    }
  }
  return out;
};

/** Normalises as `unicode61 remove_diacritics 2` does, so terms and the reference scan agree. */
export const foldCase = (token: string): string =>
  token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export const parseQuery = (input: string): QueryTerm[] => {
  const terms: QueryTerm[] = [];
  for (const raw of splitRaw(input.slice(0, maxQueryChars))) {
    // A bare "foo-bar" and a quoted "foo bar" are both the phrase foo bar, as FTS5 itself reads them.
    let words: string[] = [];
    const flush = (prefix: boolean): void => {
      if (words.length > 0) terms.push({ kind: 'words', tokens: words, prefix });
      words = [];
    };
    for (const match of raw.text.matchAll(tokenRun)) {
      const pieces = splitToken(match[0]);
      pieces.forEach((piece, index) => {
        if (piece.kind === 'cjk') {
          flush(false);
          terms.push({ kind: 'cjk', text: piece.text });
          return;
        }
        // A latin piece glued to CJK is a token of its own in the index, so it stands alone here too.
        const glued = pieces.length > 1;
        if (glued) flush(false);
        words.push(foldCase(piece.text));
        if (glued && index < pieces.length - 1) flush(false);
      });
    }
    flush(raw.prefix);
  }
  return dedupe(terms).slice(0, maxTerms);
};

const termKey = (term: QueryTerm): string =>
  term.kind === 'cjk' ? `c:${term.text}` : `w:${term.prefix ? '*' : ''}${term.tokens.join(' ')}`;

const dedupe = (terms: QueryTerm[]): QueryTerm[] => {
  const seen = new Set<string>();
  return terms.filter((term) => {
    const key = termKey(term);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** FTS5 string literal: double quotes inside are doubled. */
const quote = (text: string): string => `"${text.replaceAll('"', '""')}"`;

export interface FtsColumns {
  /** The column indexed as written (unicode61). */
  text: string;
  /** The derived CJK bigram column. */
  cjk: string;
}

export const toMatchExpression = (terms: readonly QueryTerm[], columns: FtsColumns): string =>
  terms
    .map((term) => {
      if (term.kind === 'words') {
        return `{${columns.text} ${columns.cjk}} : ${quote(term.tokens.join(' '))}${term.prefix ? '*' : ''}`;
      }
      const chars = Array.from(term.text);
      if (chars.length === 1) return `${columns.cjk} : ${quote(term.text)}*`;
      // Bigrams only: the trailing single character runToBigrams adds is not part of a substring match.
      const bigrams = runToBigrams(term.text).slice(0, -1);
      return `${columns.cjk} : ${quote(bigrams.join(' '))}`;
    })
    .join(' AND ');

/** True when the query has nothing to search for (only punctuation, syntax characters or spaces). */
export const isEmptyQuery = (terms: readonly QueryTerm[]): boolean => terms.length === 0;

/** Whether any term needs our own snippet (FTS5's snippet() would show bigrams for CJK matches). */
export const hasCjkTerm = (terms: readonly QueryTerm[]): boolean =>
  terms.some((term) => term.kind === 'cjk');
