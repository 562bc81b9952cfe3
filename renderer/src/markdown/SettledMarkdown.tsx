/**
 * A settled block from its parsed tree. While the parse worker is still on it, the block keeps the
 * streaming render it already had, so settling never blanks it.
 */
import { useCallback, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { settledElements } from './markdown-pipeline';
import { settledParser } from './settled-parser';
import { StreamingTail } from './StreamingTail';

export function SettledMarkdown({ source }: { source: string }): ReactNode {
  const subscribe = useCallback(
    (onChange: () => void) => settledParser.subscribe(source, onChange),
    [source],
  );
  const tree = useCallback(() => settledParser.tree(source), [source]);
  const parsed = useSyncExternalStore(subscribe, tree, tree);
  const elements = useMemo(() => (parsed ? settledElements(parsed) : null), [parsed]);
  return elements ?? <StreamingTail source={source} />;
}
