/**
 * Settled blocks in fixed pages of 32. A full page never changes again, so an update re-renders, lays
 * out and paints one page and the tail, not every block of a long answer; a full page off screen is
 * skipped by layout and paint altogether (content-visibility in markdown.css).
 */
import { memo, type ReactNode } from 'react';
import { MarkdownBlock } from './MarkdownBlock';
import type { Block } from './split-blocks';

export const pageSize = 32;

interface BlockPageProps {
  settled: readonly Block[];
  from: number;
  /** The streaming tail, on the page where it will settle. */
  tail: Block | null;
  generation: number;
}

const pageEnd = ({ settled, from }: BlockPageProps): number =>
  Math.min(settled.length, from + pageSize);

function BlockPageImpl(props: BlockPageProps): ReactNode {
  const { settled, from, tail } = props;
  const to = pageEnd(props);
  const children: ReactNode[] = [];
  for (let index = from; index < to; index += 1) {
    const block = settled[index];
    if (block) children.push(<MarkdownBlock key={index} block={block} settled />);
  }
  // Keyed by the index it will settle at, so settling updates this block in place.
  if (tail) children.push(<MarkdownBlock key={to} block={tail} settled={false} />);
  const full = to - from === pageSize && !tail;
  return <div className={full ? 'md-page md-page-full' : 'md-page'}>{children}</div>;
}

/** Settled blocks never change within a generation, so a page is known by its range and its tail. */
const samePage = (a: BlockPageProps, b: BlockPageProps): boolean =>
  a.from === b.from &&
  a.generation === b.generation &&
  a.tail === b.tail &&
  pageEnd(a) === pageEnd(b);

export const BlockPage = memo(BlockPageImpl, samePage);
