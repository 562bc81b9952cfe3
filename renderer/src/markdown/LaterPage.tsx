/**
 * A page of a long answer that renders after the first screen (later-pages.ts), or the leading blocks of
 * the page where the first screen begins: until its turn, its text as written, unformatted and skipped by
 * layout while off screen, at an estimated height.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { estimatedHeightPx, laterPageQueue } from './later-pages';

interface LaterPageProps {
  /** The page's blocks as written. */
  text: string;
  /** The page itself, rendered when its turn comes. */
  children: ReactNode;
  /** Leading blocks of a page rather than a whole page: the placeholder sits inside the page's box. */
  part?: boolean;
}

export function LaterPage({ text, children, part = false }: LaterPageProps): ReactNode {
  const [shown, setShown] = useState(false);
  const placeholder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (shown) return undefined;
    const show = (): void => setShown(true);
    const remove = laterPageQueue.add(show);
    // Chromium says when a `content-visibility: auto` box starts to matter: it is near the viewport.
    const near = (event: Event): void => {
      if ('skipped' in event && event.skipped === false) laterPageQueue.hurry(show);
    };
    const element = placeholder.current;
    element?.addEventListener('contentvisibilityautostatechange', near);
    return () => {
      remove();
      element?.removeEventListener('contentvisibilityautostatechange', near);
    };
  }, [shown]);
  if (shown) return children;
  return (
    <div
      ref={placeholder}
      className={part ? 'md-deferred' : 'md-page md-deferred'}
      data-testid="md-deferred"
      style={{ containIntrinsicSize: `auto ${estimatedHeightPx(text.length)}px` }}
    >
      {text}
    </div>
  );
}
