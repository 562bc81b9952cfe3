/**
 * The answer in the quick-ask window: the same Markdown, stream status and error banner as an answer
 * in the chat window, without the per-message buttons (the window's own bar has them).
 */
import { AnswerBody } from '../chat/AnswerBody';
import { AnswerStatus } from '../chat/AnswerStatus';
import { useAnswer } from '../chat/use-answer';

interface QuickAnswerProps {
  id: string;
  /** "Open settings" hands the conversation to the chat window, where settings live. */
  onOpenSettings: () => void;
}

export function QuickAnswer({ id, onOpenSettings }: QuickAnswerProps) {
  const { message, online, live, showError, copyCode, onErrorAction, openExternal } = useAnswer(
    id,
    onOpenSettings,
  );
  if (!message) return null;
  return (
    <article
      className="message message-assistant quick-answer"
      data-testid="message"
      data-role="assistant"
      data-status={message.status}
      data-message-id={message.id}
      aria-label="Answer"
      aria-busy={live || undefined}
    >
      <div className="message-bubble" data-testid="message-content">
        <AnswerBody
          reasoning={message.reasoning}
          content={message.content}
          streaming={live}
          onOpenLink={openExternal}
          onCopyCode={copyCode}
        />
      </div>
      <AnswerStatus
        message={message}
        showError={showError}
        online={online}
        onErrorAction={onErrorAction}
      />
    </article>
  );
}
