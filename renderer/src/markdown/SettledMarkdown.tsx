/**
 * A block's Markdown: while it streams, the fast streaming render; once settled, its parsed tree. While
 * the parse worker is still on it, a settled block keeps the streaming render it already had, so
 * settling never blanks or rebuilds it.
 */
import { useCallback, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { settledElements } from './markdown-pipeline';
import { settledParser } from './settled-parser';
import { StreamingTail } from './StreamingTail';

const unsubscribed = (): (() => void) => () => undefined;
const noTree = (): undefined => undefined;

export function SettledMarkdown({
  source,
  settled,
}: {
  source: string;
  settled: boolean;
}): ReactNode {
  const subscribe = useCallback(
    (onChange: () => void) => settledParser.subscribe(source, onChange),
    [source],
  );
  const tree = useCallback(() => settledParser.tree(source), [source]);
  const parsed = useSyncExternalStore(
    settled ? subscribe : unsubscribed,
    settled ? tree : noTree,
    settled ? tree : noTree,
  );
  const elements = useMemo(() => (parsed ? settledElements(parsed) : null), [parsed]);
  return elements ?? <StreamingTail source={source} />;
}
