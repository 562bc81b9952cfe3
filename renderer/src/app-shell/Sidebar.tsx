/** The sidebar: new chat, the conversations, and the way to settings. */
import { useChat, useSettings } from '../store/context';
import { ConversationList } from './ConversationList';
import { GearIcon, PlusIcon } from './icons';
import { OfflineIndicator } from './OfflineIndicator';

interface SidebarProps {
  onNewChat: () => void;
  onOpenConversation: (id: string) => void;
  onOpenSettings: () => void;
  settingsOpen: boolean;
}

export function Sidebar({
  onNewChat,
  onOpenConversation,
  onOpenSettings,
  settingsOpen,
}: SidebarProps) {
  const conversations = useChat((s) => s.conversations);
  const activeId = useChat((s) => s.activeConversationId);
  const online = useSettings((s) => s.online);
  return (
    <nav className="sidebar" aria-label="Conversations" data-testid="sidebar">
      <div className="sidebar-head">
        <span className="brand" aria-hidden="true">
          <span className="brand-mark" />
          Runnel
        </span>
        <button
          type="button"
          className="button button-primary"
          data-testid="new-chat"
          onClick={onNewChat}
        >
          <PlusIcon /> New chat
        </button>
      </div>
      <ConversationList
        conversations={conversations}
        activeId={settingsOpen ? null : activeId}
        onOpen={onOpenConversation}
      />
      <div className="sidebar-foot">
        {!online && <OfflineIndicator />}
        <button
          type="button"
          className="button button-ghost sidebar-settings"
          data-testid="open-settings"
          aria-current={settingsOpen ? 'page' : undefined}
          onClick={onOpenSettings}
        >
          <GearIcon /> Settings
        </button>
      </div>
    </nav>
  );
}
