/**
 * The words a search hit matched, as the store marked them in its snippet: what the opened message
 * marks in its own text. Taken from the snippet rather than the query, so they are the words as
 * written (a prefix query's whole word, a phrase's words, CJK as found), whatever the query syntax.
 */
import type { SearchHit } from '../history/types';

/** At most this many distinct words are marked: a snippet holds few, and each is a pass over the text. */
const MAX_TERMS = 16;

export function matchedTerms(hit: Pick<SearchHit, 'snippet' | 'highlights'>): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const [start, end] of hit.highlights) {
    const term = hit.snippet.slice(Math.max(0, start), Math.max(0, end)).trim();
    const key = term.toLocaleLowerCase();
    if (term === '' || seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}
