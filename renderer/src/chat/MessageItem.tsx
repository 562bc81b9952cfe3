/** One message: its text, the state of its stream, its error, its usage and its actions. */
import { memo, useCallback, useState } from 'react';
import { MessageMarkdown } from '../markdown/MessageMarkdown';
import { useChat, useSettings, useStores } from '../store/context';
import type { ErrorAction } from '../store/error-presentation';
import { isLive } from '../store/message-view';
import { EditMessageForm } from './EditMessageForm';
import { ErrorBanner } from './ErrorBanner';
import { MessageActions } from './MessageActions';
import { StreamStatus } from './StreamStatus';
import { UsageLine } from './UsageLine';

interface MessageItemProps {
  id: string;
  /** Only the last answer can be regenerated: regenerating an earlier one would orphan the rest. */
  isLastAnswer: boolean;
  /** Editing is off while an answer streams in this conversation. */
  conversationBusy: boolean;
  onOpenSettings: () => void;
}

function MessageItemImpl({ id, isLastAnswer, conversationBusy, onOpenSettings }: MessageItemProps) {
  const { chat, openExternal } = useStores();
  const message = useChat((s) => s.messages[id]);
  const online = useSettings((s) => s.online);
  const [editing, setEditing] = useState(false);
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
  const isUser = message.role === 'user';
  const showError =
    message.error !== null && (message.status === 'error' || message.status === 'interrupted');

  return (
    <article
      className={`message message-${message.role}`}
      data-testid="message"
      data-role={message.role}
      data-status={message.status}
      data-message-id={message.id}
      aria-label={isUser ? 'You said' : 'Answer'}
      aria-busy={live || undefined}
    >
      {isUser && editing ? (
        <EditMessageForm
          initial={message.content}
          onCancel={() => setEditing(false)}
          onSubmit={(text) => {
            setEditing(false);
            void chat.editAndResend(id, text);
          }}
          online={online}
        />
      ) : (
        <>
          <div className="message-bubble" data-testid="message-content">
            {isUser ? (
              <p className="user-text">{message.content}</p>
            ) : (
              <>
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
              </>
            )}
          </div>
          {!isUser && <StreamStatus message={message} />}
          {showError && message.error && (
            <ErrorBanner
              error={message.error}
              resumable={message.resumable}
              online={online}
              onAction={onErrorAction}
            />
          )}
          {!isUser && message.usage && !live && <UsageLine usage={message.usage} />}
          {!live && (
            <MessageActions
              message={message}
              canRegenerate={!isUser && isLastAnswer && online}
              canEdit={isUser && !conversationBusy}
              onEdit={() => setEditing(true)}
              onRegenerate={() => void chat.regenerate(id)}
            />
          )}
        </>
      )}
    </article>
  );
}

export const MessageItem = memo(MessageItemImpl);
