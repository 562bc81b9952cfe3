/** An answer's reasoning (folded away) and its Markdown text, as both windows show them. */
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
        <MessageMarkdown
          text={content}
          streaming={streaming}
          onOpenLink={onOpenLink}
          onCopyCode={onCopyCode}
        />
      )}
    </>
  );
}
