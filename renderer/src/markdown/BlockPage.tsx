/**
 * Settled blocks in fixed pages of 16. A full page never changes again, so an update re-renders, lays
 * out and paints one page and the tail, not every block of a long answer; a full page off screen is
 * skipped by layout and paint altogether (content-visibility in markdown.css).
 */
import { memo, type ReactNode } from 'react';
import { LaterPage } from './LaterPage';
import { MarkdownBlock } from './MarkdownBlock';
import type { Block } from './split-blocks';

/**
 * Smaller pages make an update's page cheaper to re-render and let more of the answer be skipped off
 * screen; 16 cost 2-3 % less main-thread time than 32 in each of six paired renderer-bench rounds, and 8
 * was no better than 16.
 */
export const pageSize = 16;

interface BlockPageProps {
  settled: readonly Block[];
  from: number;
  /** The streaming tail, on the page where it will settle. */
  tail: Block | null;
  generation: number;
  /**
   * On the page where a long finished answer's first screen begins (later-pages.ts): the blocks before
   * this index wait for their turn as one part, shown meanwhile as `waitingText`, their text as written.
   */
  waitUntil?: number;
  waitingText?: string;
}

const pageEnd = ({ settled, from }: BlockPageProps): number =>
  Math.min(settled.length, from + pageSize);

function BlockPageImpl(props: BlockPageProps): ReactNode {
  const { settled, from, tail, waitUntil = from, waitingText = '' } = props;
  const to = pageEnd(props);
  const children: ReactNode[] = [];
  const blocks = (start: number, end: number): ReactNode[] => {
    const made: ReactNode[] = [];
    for (let index = start; index < end; index += 1) {
      const block = settled[index];
      if (block) made.push(<MarkdownBlock key={index} block={block} settled />);
    }
    return made;
  };
  if (waitUntil > from)
    children.push(
      <LaterPage key="waiting" text={waitingText} part>
        {blocks(from, waitUntil)}
      </LaterPage>,
    );
  children.push(...blocks(Math.max(from, waitUntil), to));
  // Keyed by the index it will settle at, so settling updates this block in place.
  if (tail) children.push(<MarkdownBlock key={to} block={tail} settled={false} />);
  const names = ['md-page'];
  if (to - from === pageSize && !tail) names.push('md-page-full');
  // A list that runs on from the previous page closes the gap between them, as `.md-list + .md-list` does.
  if (settled[from - 1]?.listItem && (settled[from] ?? tail)?.listItem)
    names.push('md-page-in-list');
  return <div className={names.join(' ')}>{children}</div>;
}

/** Settled blocks never change within a generation, so a page is known by its range and its tail. */
const samePage = (a: BlockPageProps, b: BlockPageProps): boolean =>
  a.from === b.from &&
  a.generation === b.generation &&
  a.tail === b.tail &&
  a.waitUntil === b.waitUntil &&
  pageEnd(a) === pageEnd(b);

export const BlockPage = memo(BlockPageImpl, samePage);
