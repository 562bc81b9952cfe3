/**
 * A block's Markdown: while it streams, the fast streaming render; once settled, its parsed tree. While
 * the parse worker is still on it, a settled block keeps the streaming render it already had, so
 * settling never blanks or rebuilds it. A block the worker declined or gave up on shows as plain text.
 *
 * Both renders are returned as one list of keyed elements, keyed alike (StreamingTail.tsx), so when the
 * tree arrives React keeps every element that reads the same and changes only what differs.
 */
import { Fragment, isValidElement, useMemo, useState, type ReactNode } from 'react';
import { settledElements } from './markdown-pipeline';
import { PlainText } from './PlainText';
import { ElementMemory } from './StreamingTail';
import { useParseResult } from './use-parse-result';

/** The settled render's top-level elements, as a list like the streaming render's. */
function asList(node: ReactNode): ReactNode[] {
  const children: ReactNode =
    isValidElement<{ children?: ReactNode }>(node) && node.type === Fragment
      ? node.props.children
      : node;
  return Array.isArray(children) ? (children as ReactNode[]) : [children];
}

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
  const [memory] = useState(() => new ElementMemory());
  const parsed = useParseResult(settled ? { kind: 'markdown', source } : null);
  const elements = useMemo(() => (parsed ? asList(settledElements(parsed)) : null), [parsed]);
  if (elements) return elements;
  // Plain text keeps its key, so a block that was already plain while it streamed keeps its DOM
  // (building 50 KB of it again was a long task).
  const streaming = parsed === null ? null : memory.render(source);
  return streaming ?? [<PlainText key="plain" text={text} />];
}
