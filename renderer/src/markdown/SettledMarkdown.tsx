/**
 * A block's Markdown: while it streams, the fast streaming render; once settled, its parsed tree. While
 * the parse worker is still on it, a settled block keeps the streaming render it already had, so
 * settling never blanks or rebuilds it. A block the worker declined or gave up on shows as plain text.
 */
import { useMemo, type ReactNode } from 'react';
import { settledElements } from './markdown-pipeline';
import { StreamingTail } from './StreamingTail';
import { useParseResult } from './use-parse-result';

export function SettledMarkdown({
  source,
  text,
  settled,
}: {
  /** What the parsers read. */
  source: string;
  /** The block as the model wrote it: what plain text shows. */
  text: string;
  settled: boolean;
}): ReactNode {
  const parsed = useParseResult(settled ? { kind: 'markdown', source } : null);
  const elements = useMemo(() => (parsed ? settledElements(parsed) : null), [parsed]);
  // Plain text through the same component the streaming render used, so a block that was already
  // plain while it streamed keeps its DOM (building 50 KB of it again was a long task).
  return elements ?? <StreamingTail source={source} text={text} plain={parsed === null} />;
}
