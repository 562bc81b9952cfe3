/**
 * Marks a search hit's words in the message it opened, and moves focus to that message once, as a
 * keyboard user expects after choosing a result. The list is virtualised, so the message comes and
 * goes as it scrolls, and its Markdown is swapped in by a worker after it first shows: the marks are
 * put back whenever it is mounted again or its text changes, for as long as the request stands.
 */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { rangesIn } from './search-marks';

export interface SearchMark {
  messageId: string;
  terms: readonly string[];
  /** A new request for the same message moves focus again. */
  nonce: number;
}

/** The `::highlight()` name the stylesheet colours. */
export const SEARCH_HIGHLIGHT = 'search-hit';

interface Attached {
  element: HTMLElement;
  mark: SearchMark;
  observer: MutationObserver;
}

const registry = (): HighlightRegistry | null =>
  typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined'
    ? CSS.highlights
    : null;

export function useSearchMarks(
  container: RefObject<HTMLElement | null>,
  mark: SearchMark | null,
): void {
  const attached = useRef<Attached | null>(null);
  const focusedNonce = useRef<number | null>(null);

  // After every commit: scrolling mounts and unmounts the message, and only a commit can do that.
  useLayoutEffect(() => {
    const element = mark
      ? (container.current?.querySelector<HTMLElement>(
          `[data-message-id="${CSS.escape(mark.messageId)}"]`,
        ) ?? null)
      : null;
    const current = attached.current;
    if (current?.element === element && current?.mark === mark) return;
    detach(attached);
    if (!element || !mark) return;

    const apply = () => {
      const ranges = rangesIn(element, mark.terms);
      if (ranges.length > 0) element.dataset.searchMarked = 'true';
      else delete element.dataset.searchMarked;
      registry()?.set(SEARCH_HIGHLIGHT, new Highlight(...ranges));
    };
    apply();
    // Synchronously, in the same task as the change, so no frame shows the new text unmarked.
    const observer = new MutationObserver(apply);
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    attached.current = { element, mark, observer };
    if (focusedNonce.current !== mark.nonce) {
      focusedNonce.current = mark.nonce;
      element.focus({ preventScroll: true });
    }
  });

  useEffect(() => () => detach(attached), []);
}

function detach(attached: { current: Attached | null }): void {
  const current = attached.current;
  if (!current) return;
  current.observer.disconnect();
  delete current.element.dataset.searchMarked;
  registry()?.delete(SEARCH_HIGHLIGHT);
  attached.current = null;
}
