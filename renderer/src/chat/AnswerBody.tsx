/**
 * An answer's reasoning (folded away) and its Markdown text, as both windows show them. The text has its
 * own error boundary: an answer that cannot be rendered shows as written and takes nothing else down.
 */
import { FormattedTextBoundary } from '../markdown/FormattedTextBoundary';
import { MessageMarkdown } from '../markdown/MessageMarkdown';

export interface AnswerBodyProps {
  reasoning: string;
  content: string;
  streaming: boolean;
  onOpenLink: (url: string) => void;
  onCopyCode: (code: string) => void;
}

export function AnswerBody({
  reasoning,
  content,
  streaming,
  onOpenLink,
  onCopyCode,
}: AnswerBodyProps) {
  return (
    <>
      {reasoning && (
        <details className="reasoning">
          <summary>Reasoning</summary>
          <p className="reasoning-text">{reasoning}</p>
        </details>
      )}
      {content && (
        <FormattedTextBoundary text={content}>
          <MessageMarkdown
            text={content}
            streaming={streaming}
            onOpenLink={onOpenLink}
            onCopyCode={onCopyCode}
          />
        </FormattedTextBoundary>
      )}
    </>
  );
}
