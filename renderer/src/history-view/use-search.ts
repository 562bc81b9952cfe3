/**
 * Runs a history search as the user types: debounced, newest answer wins (a slow search for "ri"
 * never replaces the results for "river"), and re-run when history changes underneath. While a new
 * search runs, the previous results stay on screen instead of flashing empty.
 */
import { useEffect, useState } from 'react';
import type { HistoryStoreClient } from '../history/history-methods';
import type { SearchHit } from '../history/types';

export type SearchOrder = 'newest' | 'relevance';

export type SearchState =
  | { kind: 'idle' }
  | { kind: 'searching'; query: string; hits: SearchHit[] }
  | { kind: 'done'; query: string; hits: SearchHit[] }
  | { kind: 'failed'; query: string; message: string };

type Answer =
  | { key: string; query: string; hits: SearchHit[] }
  | { key: string; query: string; message: string };

const DEBOUNCE_MS = 120;
export const SEARCH_LIMIT = 100;
const NO_HITS: SearchHit[] = [];

export function useSearch(
  history: HistoryStoreClient,
  query: string,
  order: SearchOrder,
): SearchState {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [generation, setGeneration] = useState(0);
  const trimmed = query.trim();
  const key = `${order}|${generation}|${trimmed}`;

  // Another window (or an import) changed history: the same query may now find more.
  useEffect(() => history.onChange(() => setGeneration((value) => value + 1)), [history]);

  useEffect(() => {
    if (trimmed === '') return;
    let current = true;
    const timer = setTimeout(() => {
      history.search(trimmed, { order, limit: SEARCH_LIMIT }).then(
        (hits) => current && setAnswer({ key, query: trimmed, hits }),
        (error: unknown) =>
          current &&
          setAnswer({
            key,
            query: trimmed,
            message: error instanceof Error ? error.message : String(error),
          }),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [history, key, trimmed, order]);

  if (trimmed === '') return { kind: 'idle' };
  if (answer === null || answer.key !== key) {
    const hits = answer && 'hits' in answer ? answer.hits : NO_HITS;
    return { kind: 'searching', query: trimmed, hits };
  }
  return 'hits' in answer
    ? { kind: 'done', query: answer.query, hits: answer.hits }
    : { kind: 'failed', query: answer.query, message: answer.message };
}
