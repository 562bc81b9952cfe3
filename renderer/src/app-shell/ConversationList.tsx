/**
 * The conversations, newest first. Deliberately plain: the history issue replaces it with a
 * searchable, grouped, virtualised list behind the same props.
 */
import type { ConversationRecord } from '../history/types';

export interface ConversationListProps {
  conversations: ConversationRecord[];
  activeId: string | null;
  onOpen: (id: string) => void;
}

export function ConversationList({ conversations, activeId, onOpen }: ConversationListProps) {
  if (conversations.length === 0) {
    return <p className="conversation-list-empty">No conversations yet.</p>;
  }
  return (
    <ul className="conversation-list" data-testid="conversation-list">
      {conversations.map((conversation) => (
        <li key={conversation.id}>
          <button
            type="button"
            className="conversation-item"
            data-testid="conversation-item"
            data-conversation-id={conversation.id}
            aria-current={conversation.id === activeId ? 'page' : undefined}
            onClick={() => onOpen(conversation.id)}
            title={conversation.title}
          >
            {conversation.title || 'New chat'}
          </button>
        </li>
      ))}
    </ul>
  );
}
