/**
 * A block's Markdown: while it streams, the fast streaming render; once settled, its parsed tree. While
 * the parse worker is still on it, a settled block keeps the streaming render it already had, so
 * settling never blanks or rebuilds it.
 */
import { useMemo, type ReactNode } from 'react';
import { settledElements } from './markdown-pipeline';
import { StreamingTail } from './StreamingTail';
import { useParseResult } from './use-parse-result';

export function SettledMarkdown({
  source,
  settled,
}: {
  source: string;
  settled: boolean;
}): ReactNode {
  const parsed = useParseResult(settled ? { kind: 'markdown', source } : null);
  const elements = useMemo(() => (parsed ? settledElements(parsed) : null), [parsed]);
  return elements ?? <StreamingTail source={source} />;
}
