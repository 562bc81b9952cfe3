/** One conversation in the sidebar: its title (or the rename field), badges, and the menu button. */
import { memo, type MouseEvent } from 'react';
import type { ConversationRecord } from '../history/types';
import { MoreIcon, PinIcon } from '../app-shell/icons';
import { RenameInput } from './RenameInput';

interface ConversationRowProps {
  conversation: ConversationRecord;
  domId: string;
  active: boolean;
  cursor: boolean;
  editing: boolean;
  menuOpen: boolean;
  onOpen: (id: string) => void;
  onMenu: (id: string, button: HTMLElement) => void;
  onRenamed: (id: string, title: string | null) => void;
}

function ConversationRowImpl({
  conversation,
  domId,
  active,
  cursor,
  editing,
  menuOpen,
  onOpen,
  onMenu,
  onRenamed,
}: ConversationRowProps) {
  const quickAsk = conversation.tags.includes('quick-ask');
  const title = conversation.title || 'New chat';
  const openMenu = (event: MouseEvent<HTMLButtonElement>) => {
    event.stopPropagation();
    onMenu(conversation.id, event.currentTarget);
  };
  return (
    <div
      id={domId}
      role="option"
      aria-selected={active}
      className={`conversation-item${cursor ? ' is-cursor' : ''}${menuOpen ? ' menu-open' : ''}`}
      data-testid="conversation-item"
      data-conversation-id={conversation.id}
      data-pinned={conversation.pinned || undefined}
      title={title}
      onClick={() => onOpen(conversation.id)}
      onContextMenu={(event) => {
        event.preventDefault();
        onMenu(conversation.id, event.currentTarget);
      }}
    >
      {editing ? (
        <RenameInput initial={conversation.title} onDone={(t) => onRenamed(conversation.id, t)} />
      ) : (
        <>
          <span className="conversation-item-title" data-testid="conversation-title">
            {title}
          </span>
          {quickAsk && (
            <span
              className="badge badge-quiet"
              data-testid="quick-ask-badge"
              title="Asked from the quick-ask window"
            >
              Quick
            </span>
          )}
          {conversation.pinned && (
            <span className="conversation-item-pin" aria-label="Pinned">
              <PinIcon />
            </span>
          )}
          <button
            type="button"
            className="conversation-item-more"
            data-testid="conversation-menu-button"
            aria-label={`Actions for ${title}`}
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            // The list keeps keyboard focus (Shift+F10 opens this menu); the button is for the mouse.
            tabIndex={-1}
            onClick={openMenu}
          >
            <MoreIcon />
          </button>
        </>
      )}
    </div>
  );
}

export const ConversationRow = memo(ConversationRowImpl);
