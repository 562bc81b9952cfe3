/**
 * One block of a message, memoised: a settled block renders once, only the tail re-renders. Each block
 * has its own error boundary, so a block that fails to render shows its text and the rest of the message
 * stays formatted.
 */
import { memo, useMemo, type ReactNode } from 'react';
import { CodeBlock } from './CodeBlock';
import { readFence } from './fence-source';
import { withFootnoteStubs } from './footnotes';
import { FormattedTextBoundary } from './FormattedTextBoundary';
import { asParagraphContinuation } from './paragraph-continuation';
import { uiThreadBudget, withinParseBudget } from './parse-budget';
import { PlainText } from './PlainText';
import { SettledMarkdown } from './SettledMarkdown';
import type { Block } from './split-blocks';

interface BlockProps {
  block: Block;
  settled: boolean;
}

/** A block that is one fenced code block skips the Markdown parser: its structure is already known. */
function FenceBlock({ block, settled }: BlockProps): ReactNode {
  const { info, code } = useMemo(() => readFence(block.source), [block.source]);
  return <CodeBlock info={info} code={code} settled={settled} />;
}

/**
 * A piece of an over-long line past the UI thread's parse budget (50 KB of `*a*a…` on one line) stays
 * plain text once settled too. Its pieces flow inline as one paragraph, so swapping one piece's plain
 * text for hundreds of formatted elements laid the whole line out again: 1-3 long tasks of up to 141 ms
 * in the hostile benchmark's full run. A person's long paragraph has far fewer delimiters than that.
 */
const plainPiece = (block: Block): boolean =>
  (block.continuation || block.continued) && !withinParseBudget(block.source, uiThreadBudget);

function MarkdownSource({ block, settled }: BlockProps): ReactNode {
  const source = useMemo(
    () =>
      withFootnoteStubs(block.continuation ? asParagraphContinuation(block.source) : block.source),
    [block.source, block.continuation],
  );
  const plain = useMemo(() => plainPiece(block), [block]);
  if (plain) return <PlainText text={block.source} />;
  // One component for both states, so a block that settles keeps its streaming DOM until its tree
  // arrives, instead of being torn down and built again from the same source.
  return <SettledMarkdown source={source} text={block.source} settled={settled} />;
}

function classNames(block: Block, settled: boolean): string {
  const names = ['md-block'];
  if (!settled) names.push('md-streaming');
  if (block.continuation) names.push('md-piece');
  if (block.continued) names.push('md-continued');
  if (block.listItem) names.push('md-list');
  return names.join(' ');
}

function MarkdownBlockImpl({ block, settled }: BlockProps): ReactNode {
  return (
    <div className={classNames(block, settled)}>
      <FormattedTextBoundary text={block.source} part>
        {block.kind === 'fence' ? (
          <FenceBlock block={block} settled={settled} />
        ) : (
          <MarkdownSource block={block} settled={settled} />
        )}
      </FormattedTextBoundary>
      {/* A paragraph drops its trailing space; pieces of one line flow inline, so put it back. */}
      {block.continued && /\s$/.test(block.source) ? ' ' : null}
    </div>
  );
}

export const MarkdownBlock = memo(MarkdownBlockImpl);
