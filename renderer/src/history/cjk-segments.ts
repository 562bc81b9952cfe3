/**
 * Chinese, Japanese and Korean text has no spaces between words, so `unicode61` would index a whole run
 * ("我喜欢中文") as one token and a `trigram` index cannot answer 2-character queries. We index a derived
 * column instead: every Han/Kana/Hangul run becomes overlapping bigrams plus its last character alone, so
 * that every character starts exactly one token. Then
 *   - a 1-character query is a prefix query on that column (`"中"*`), one entry of the prefix-1 index,
 *   - a 2-character query is one token,
 *   - a 3+-character query is a phrase of consecutive bigrams,
 * and each answers exactly what a substring scan of the run would.
 * Latin fragments glued to CJK characters ("用React开发") are split off and indexed here too, so a word
 * query finds them although `unicode61` sees one token.
 */

/** Han, Hiragana, Katakana, Hangul, plus the marks that live inside Japanese words (ー, 々, 〆). */
const cjkChar =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC\u3005\u3006]/u;
const cjkRun =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC\u3005\u3006]+/gu;

/** The characters `unicode61` keeps in tokens (its default categories L*, N*, Co). */
const tokenRun = /[\p{L}\p{N}\p{Co}]+/gu;

export const hasCjk = (text: string): boolean => cjkChar.test(text);

/** Overlapping bigrams of one run, then its last character alone. Works on code points, not UTF-16. */
export const runToBigrams = (run: string): string[] => {
  const chars = Array.from(run);
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  const last = chars[chars.length - 1];
  if (last !== undefined) out.push(last);
  return out;
};

/** A piece of a token: a CJK run or the latin (non-CJK) text around it. */
export type TokenPiece = { kind: 'cjk'; text: string } | { kind: 'word'; text: string };

/** Splits one `unicode61`-style token at its CJK/non-CJK boundaries. */
export const splitToken = (token: string): TokenPiece[] => {
  const pieces: TokenPiece[] = [];
  let last = 0;
  for (const match of token.matchAll(cjkRun)) {
    const at = match.index;
    if (at > last) pieces.push({ kind: 'word', text: token.slice(last, at) });
    pieces.push({ kind: 'cjk', text: match[0] });
    last = at + match[0].length;
  }
  if (last < token.length) pieces.push({ kind: 'word', text: token.slice(last) });
  return pieces;
};

/**
 * Stands for a CJK run in the `content_words` column: one token, and a CJK character, which no word of a
 * query ever contains (parseQuery splits CJK out of words), so it separates fragments and matches nothing.
 */
export const cjkRunPlaceholder = '\u3006';

/** Both derived columns of one text, from one walk over its tokens. */
export interface CjkColumns {
  /**
   * The `*_cjk` column: bigrams of every CJK run, and the latin fragments of tokens that also hold CJK
   * characters. Empty when the text has no CJK, which keeps the index small.
   */
  segments: string;
  /**
   * A message's `content_words` column: those latin fragments alone, each run of CJK tokens between two
   * of them replaced by one placeholder. Two fragments are next to each other here exactly when they
   * are in `segments`, so a word or phrase query over this column answers what it did over that one,
   * without indexing the CJK bigrams a second time. Empty without fragments.
   */
  words: string;
}

const noCjk: CjkColumns = { segments: '', words: '' };

export const cjkColumns = (text: string): CjkColumns => {
  if (!hasCjk(text)) return noCjk;
  const segments: string[] = [];
  const words: string[] = [];
  let runBetween = false;
  for (const match of text.matchAll(tokenRun)) {
    const token = match[0];
    if (!hasCjk(token)) continue;
    for (const piece of splitToken(token)) {
      if (piece.kind === 'cjk') {
        segments.push(...runToBigrams(piece.text));
        runBetween = words.length > 0;
      } else {
        segments.push(piece.text);
        if (runBetween) words.push(cjkRunPlaceholder);
        runBetween = false;
        words.push(piece.text);
      }
    }
  }
  return { segments: segments.join(' '), words: words.join(' ') };
};

export const cjkSegments = (text: string): string => cjkColumns(text).segments;

export const cjkWords = (text: string): string => cjkColumns(text).words;

/**
 * A text's words for a `content_words`-style column where the text itself is in no other words column
 * (a tool call's text): every CJK run becomes the placeholder, so "API東京" still yields the word "api"
 * and words on either side of a run are not next to each other. The runs go to the bigram column.
 */
export const wordsAroundCjk = (text: string): string =>
  hasCjk(text) ? text.replace(cjkRun, ` ${cjkRunPlaceholder} `) : text;
