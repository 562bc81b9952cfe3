/**
 * The answer in the quick-ask window: the same Markdown, stream status and error banner as an answer
 * in the chat window, without the per-message buttons (the window's own bar has them).
 */
import { useCallback } from 'react';
import { ErrorBanner } from '../chat/ErrorBanner';
import { StreamStatus } from '../chat/StreamStatus';
import { MessageMarkdown } from '../markdown/MessageMarkdown';
import { useChat, useSettings, useStores } from '../store/context';
import type { ErrorAction } from '../store/error-presentation';
import { isLive } from '../store/message-view';

interface QuickAnswerProps {
  id: string;
  /** "Open settings" hands the conversation to the chat window, where settings live. */
  onOpenSettings: () => void;
}

export function QuickAnswer({ id, onOpenSettings }: QuickAnswerProps) {
  const { chat, openExternal } = useStores();
  const message = useChat((s) => s.messages[id]);
  const online = useSettings((s) => s.online);
  const copyCode = useCallback((code: string) => void navigator.clipboard.writeText(code), []);
  const onErrorAction = useCallback(
    (action: ErrorAction) => {
      if (action === 'settings') onOpenSettings();
      else if (action === 'continue') void chat.continueAnswer(id);
      else void chat.regenerate(id);
    },
    [chat, id, onOpenSettings],
  );
  if (!message) return null;
  const live = isLive(message.status);
  const showError =
    message.error !== null && (message.status === 'error' || message.status === 'interrupted');
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
        {message.reasoning && (
          <details className="reasoning">
            <summary>Reasoning</summary>
            <p className="reasoning-text">{message.reasoning}</p>
          </details>
        )}
        {message.content && (
          <MessageMarkdown
            text={message.content}
            streaming={live}
            onOpenLink={openExternal}
            onCopyCode={copyCode}
          />
        )}
      </div>
      <StreamStatus message={message} />
      {showError && message.error && (
        <ErrorBanner
          error={message.error}
          resumable={message.resumable}
          online={online}
          onAction={onErrorAction}
        />
      )}
    </article>
  );
}
