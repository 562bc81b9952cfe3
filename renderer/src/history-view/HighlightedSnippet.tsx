/** A search snippet: text nodes, with the matched runs in <mark>. Never markup from the store. */
import { useMemo } from 'react';
import { snippetSegments } from './snippet-segments';

export function HighlightedSnippet({
  text,
  highlights,
}: {
  text: string;
  highlights: ReadonlyArray<readonly [number, number]>;
}) {
  const segments = useMemo(() => snippetSegments(text, highlights), [text, highlights]);
  return (
    <span className="search-snippet" data-testid="search-snippet">
      {segments.map((segment, index) =>
        segment.mark ? <mark key={index}>{segment.text}</mark> : segment.text,
      )}
    </span>
  );
}
