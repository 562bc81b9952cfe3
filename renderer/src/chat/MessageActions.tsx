/**
 * The small buttons under a message: its versions, copy, edit (questions), regenerate (the last
 * answer), delete (it and everything below it).
 */
import type { MessageView } from '../store/message-view';
import { copyLabel, useCopy } from './use-clipboard';
import { DeleteBranchButton } from './DeleteBranchButton';
import { VersionPager } from './VersionPager';

interface MessageActionsProps {
  message: MessageView;
  canRegenerate: boolean;
  canEdit: boolean;
  /** An answer of the conversation is streaming. */
  conversationBusy: boolean;
  onEdit: () => void;
  onRegenerate: () => void;
}

export function MessageActions({
  message,
  canRegenerate,
  canEdit,
  conversationBusy,
  onEdit,
  onRegenerate,
}: MessageActionsProps) {
  const [copyState, copy] = useCopy();
  return (
    <div className="message-actions">
      <VersionPager messageId={message.id} disabled={conversationBusy} />
      {message.content && (
        <button
          type="button"
          className="button button-small button-ghost"
          data-testid="message-copy"
          onClick={() => copy(message.content)}
        >
          {copyLabel(copyState, 'Copy')}
        </button>
      )}
      {canEdit && (
        <button
          type="button"
          className="button button-small button-ghost"
          data-testid="message-edit"
          onClick={onEdit}
        >
          Edit
        </button>
      )}
      {canRegenerate && (
        <button
          type="button"
          className="button button-small button-ghost"
          data-testid="message-regenerate"
          onClick={onRegenerate}
        >
          Regenerate
        </button>
      )}
      <DeleteBranchButton message={message} disabled={conversationBusy} />
    </div>
  );
}
