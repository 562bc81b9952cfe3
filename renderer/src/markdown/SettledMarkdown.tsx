/**
 * A block's Markdown: while it streams, the fast streaming render; once settled, its parsed tree. While
 * the parse worker is still on it, a settled block keeps the streaming render it already had, so
 * settling never blanks or rebuilds it. A block the worker declined or gave up on shows as plain text.
 */
import { useMemo, type ReactNode } from 'react';
import { settledElements } from './markdown-pipeline';
import { PlainText } from './PlainText';
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
  if (parsed === null) return <PlainText text={text} />;
  return elements ?? <StreamingTail source={source} text={text} />;
}
