/**
 * A block shown as the text it is, not as Markdown: what a block past the parsers' budget shows (see
 * parse-budget.ts), or one the parse worker gave up on. The text can be long and still growing, so it is
 * shown in chunks like streaming code (code-chunks.ts): appending lays out the last chunk only.
 */
import { memo, useState, type ReactNode } from 'react';
import { ChunkMemo } from './code-chunks';

const Chunk = memo(function Chunk({ text }: { text: string }): ReactNode {
  return <span className="md-plain-chunk">{text}</span>;
});

export function PlainText({ text }: { text: string }): ReactNode {
  const [memo] = useState(() => new ChunkMemo());
  // A paragraph, so that pieces of one over-long line still flow on inline (markdown.css).
  return (
    <p
      className="md-plain"
      data-testid="md-plain"
      title="Shown as written: this part is too large or too intricate to format."
    >
      {memo.chunks(text).map((chunk, index) => (
        <Chunk key={index} text={chunk} />
      ))}
    </p>
  );
}
