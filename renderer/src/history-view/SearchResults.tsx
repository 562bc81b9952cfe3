/**
 * Search results in place of the conversation list: each hit shows its conversation's title, when,
 * and the snippet with the matches marked. The search box keeps focus and drives the selection
 * (a combobox), so typing and arrowing never fight over focus.
 */
import type { SearchHit } from '../history/types';
import { HighlightedSnippet } from './HighlightedSnippet';
import type { SearchOrder, SearchState } from './use-search';

export const resultDomId = (index: number): string => `search-result-${index}`;
export const RESULTS_ID = 'search-results';

interface SearchResultsProps {
  state: SearchState;
  hits: SearchHit[];
  selected: number;
  order: SearchOrder;
  onOrder: (order: SearchOrder) => void;
  onOpen: (hit: SearchHit) => void;
  onHover: (index: number) => void;
}

const when = (at: number): string => {
  const date = new Date(at);
  const sameYear = date.getFullYear() === new Date().getFullYear();
  return new Intl.DateTimeFormat(undefined, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(date);
};

export function SearchResults({
  state,
  hits,
  selected,
  order,
  onOrder,
  onOpen,
  onHover,
}: SearchResultsProps) {
  const busy = state.kind === 'searching';
  return (
    <div className="search-results-frame" data-testid="search-view">
      <div className="search-toolbar">
        <span className="search-count" role="status" data-testid="search-count">
          {state.kind === 'failed'
            ? 'Search failed'
            : busy && hits.length === 0
              ? 'Searching…'
              : `${hits.length === 100 ? '100+' : hits.length} ${hits.length === 1 ? 'result' : 'results'}`}
        </span>
        <div className="segmented" role="group" aria-label="Order results">
          {(['newest', 'relevance'] as const).map((value) => (
            <button
              key={value}
              type="button"
              className="segmented-button"
              data-testid={`search-order-${value}`}
              aria-pressed={order === value}
              onClick={() => onOrder(value)}
            >
              {value === 'newest' ? 'Newest' : 'Best match'}
            </button>
          ))}
        </div>
      </div>
      {state.kind === 'failed' ? (
        <p className="search-empty notice-error" data-testid="search-error">
          {state.message}
        </p>
      ) : hits.length === 0 && !busy ? (
        <p className="search-empty" data-testid="search-empty">
          Nothing found for “{state.kind === 'done' ? state.query : ''}”.
        </p>
      ) : (
        <ul
          className="search-results"
          id={RESULTS_ID}
          role="listbox"
          aria-label="Search results"
          data-testid="search-results"
          aria-busy={busy || undefined}
        >
          {hits.map((hit, index) => (
            <li
              key={`${hit.conversationId}:${hit.messageId ?? 'title'}`}
              id={resultDomId(index)}
              role="option"
              aria-selected={index === selected}
              className="search-result"
              data-testid="search-result"
              data-conversation-id={hit.conversationId}
              data-message-id={hit.messageId ?? undefined}
              onMouseMove={() => index !== selected && onHover(index)}
              // mousedown would blur the search box first; click is enough once focus is kept.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onOpen(hit)}
            >
              <span className="search-result-head">
                <span className="search-result-title" data-testid="search-result-title">
                  {hit.conversationTitle || 'New chat'}
                </span>
                <span className="search-result-when">{when(hit.createdAt)}</span>
              </span>
              {hit.attachmentName !== undefined && (
                <span className="search-result-file" data-testid="search-result-file">
                  In the attached file “{hit.attachmentName}”
                </span>
              )}
              {hit.snippet && <HighlightedSnippet text={hit.snippet} highlights={hit.highlights} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
