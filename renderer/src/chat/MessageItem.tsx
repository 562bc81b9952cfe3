/** One message: its text, the state of its stream, its error, its usage and its actions. */
import { memo, useState } from 'react';
import { AnswerContent } from './AnswerContent';
import { AnswerModel, DroppedNote } from './AnswerModel';
import { EditMessageForm } from './EditMessageForm';
import { ErrorBanner } from './ErrorBanner';
import { ImagesRejectedBanner, useImagesRejected } from './ImagesRejected';
import { SentAttachmentChips } from './AttachmentChips';
import { StoredAttachments } from './attachments/StoredAttachments';
import { MessageActions } from './MessageActions';
import { StreamStatus } from './StreamStatus';
import { useStores } from '../store/context';
import { UsageLine } from './UsageLine';
import { useAnswer } from './use-answer';
import { ComparisonView, useComparisonAt } from './compare/ComparisonView';

interface MessageItemProps {
  id: string;
  /** Only the last answer can be regenerated: regenerating an earlier one would orphan the rest. */
  isLastAnswer: boolean;
  /** Editing is off while an answer streams in this conversation. */
  conversationBusy: boolean;
  onOpenSettings: () => void;
}

function MessageItemImpl({ id, isLastAnswer, conversationBusy, onOpenSettings }: MessageItemProps) {
  const { chat } = useStores();
  const { message, online, live, showError, copyCode, onErrorAction, openExternal } = useAnswer(
    id,
    onOpenSettings,
  );
  const [editing, setEditing] = useState(false);
  const imagesRejected = useImagesRejected(message);

  if (!message) return null;
  const isUser = message.role === 'user';

  return (
    <article
      className={`message message-${message.role}`}
      data-testid="message"
      data-role={message.role}
      data-status={message.status}
      data-message-id={message.id}
      aria-label={isUser ? 'You said' : 'Answer'}
      aria-busy={live || undefined}
      // Focusable by script only: a search result opened from the keyboard moves focus here.
      tabIndex={-1}
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
              <>
                {message.attachments && message.attachments.length > 0 && (
                  <SentAttachmentChips attachments={message.attachments} />
                )}
                {!message.attachments && message.storedAttachments && (
                  <StoredAttachments attachments={message.storedAttachments} />
                )}
                {message.content && <p className="user-text">{message.content}</p>}
              </>
            ) : (
              <>
                <AnswerContent
                  message={message}
                  streaming={live}
                  onOpenLink={openExternal}
                  onCopyCode={copyCode}
                />
                {message.stepLimit !== undefined && (
                  <p className="tool-step-limit" data-testid="tool-step-limit">
                    Stopped after {message.stepLimit} rounds of tool calls, the most one answer may
                    take; the last calls were not run.
                  </p>
                )}
              </>
            )}
          </div>
          {!isUser && <StreamStatus message={message} />}
          {showError && imagesRejected && (
            <ImagesRejectedBanner
              rejection={imagesRejected}
              online={online}
              onResendWithoutImages={() => void chat.resendWithoutImages(id)}
              onRetry={() => onErrorAction('retry')}
            />
          )}
          {showError && !imagesRejected && message.error && (
            <ErrorBanner
              error={message.error}
              resumable={message.resumable}
              online={online}
              onAction={onErrorAction}
            />
          )}
          {!isUser && message.droppedParameters && (
            <DroppedNote dropped={message.droppedParameters} />
          )}
          {!isUser && message.usage && !live && <UsageLine usage={message.usage} />}
          {!isUser && message.model && !live && (
            <AnswerModel model={message.model} providerId={message.providerId} />
          )}
          {!live && (
            <MessageActions
              message={message}
              canRegenerate={!isUser && isLastAnswer && online}
              canEdit={isUser && !conversationBusy}
              conversationBusy={conversationBusy}
              onEdit={() => setEditing(true)}
              onRegenerate={() => void chat.regenerate(id)}
            />
          )}
        </>
      )}
    </article>
  );
}

/** The answer on the branch shown of a comparison shows every model's answer in its place. */
function MessageOrComparison(props: MessageItemProps) {
  const comparison = useComparisonAt(props.id);
  return comparison ? (
    <ComparisonView comparison={comparison} onOpenSettings={props.onOpenSettings} />
  ) : (
    <MessageItemImpl {...props} />
  );
}

export const MessageItem = memo(MessageOrComparison);
