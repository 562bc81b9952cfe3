/**
 * A code block: a language label (text, from the sanitised info string), a copy button, and the code.
 * While its block streams the code is plain and chunked (see code-chunks.ts); once settled it is
 * highlighted once, off the UI thread (settled-parser.ts), and shown plain until then.
 */
import { memo, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ChunkMemo } from './code-chunks';
import { codeLanguage } from './code-language';
import { useMessageActions } from './message-actions';
import { useParseResult } from './use-parse-result';

export interface CodeBlockProps {
  /** The fence's info string as the model wrote it. */
  info: string;
  code: string;
  settled: boolean;
}

function CopyButton({ code }: { code: string }): ReactNode {
  const actions = useMessageActions();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="md-code-copy"
      aria-label="Copy code"
      onClick={() => {
        actions.copyCode(code);
        setCopied(true);
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

const Chunk = memo(function Chunk({ text }: { text: string }): ReactNode {
  return <span className="md-code-chunk">{text}</span>;
});

function PlainCode({ code }: { code: string }): ReactNode {
  const [memo] = useState(() => new ChunkMemo());
  const chunks = memo.chunks(code);
  return chunks.map((text, index) => <Chunk key={index} text={text} />);
}

function CodeBlockImpl({ info, code, settled }: CodeBlockProps): ReactNode {
  const language = useMemo(() => codeLanguage(info), [info]);
  const { highlightId } = language;
  const highlighted = useParseResult(
    settled && highlightId !== null ? { kind: 'highlight', code, language: highlightId } : null,
  );
  // The class comes from our own table of registered languages, never from the model's text.
  const className = highlightId ? `hljs language-${highlightId}` : 'hljs';
  return (
    <div className="md-code">
      <div className="md-code-header">
        <span className="md-code-language">{language.label ?? 'code'}</span>
        <CopyButton code={code} />
      </div>
      <pre>
        {highlighted === undefined || highlighted === null ? (
          <code className={className}>
            <PlainCode code={code} />
          </code>
        ) : (
          // highlight.js escapes all of the code's text; the only markup is its own token spans.
          <code className={className} dangerouslySetInnerHTML={{ __html: highlighted }} />
        )}
      </pre>
    </div>
  );
}

export const CodeBlock = memo(CodeBlockImpl);
