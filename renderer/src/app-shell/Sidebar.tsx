/**
 * The sidebar: new chat, search, the conversations (or search results while searching), and the
 * ways to import/export and to settings.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { SearchHit } from '../history/types';
import { useHistory } from '../history-view/history-context';
import { SearchBox } from '../history-view/SearchBox';
import { SearchResults } from '../history-view/SearchResults';
import { useSearch, type SearchOrder } from '../history-view/use-search';
import { useChat, useSettings } from '../store/context';
import { ConversationList } from './ConversationList';
import { ArchiveIcon, GearIcon, PlusIcon } from './icons';
import { OfflineIndicator } from './OfflineIndicator';
import type { MarkdownExportOptions } from '../history/export-markdown';

const NO_HITS: SearchHit[] = [];

interface SidebarProps {
  onNewChat: () => void;
  onOpenConversation: (id: string) => void;
  onOpenSearchHit: (hit: SearchHit) => void;
  onRename: (id: string, title: string) => void;
  onTogglePin: (id: string, pinned: boolean) => void;
  onDelete: (id: string) => void;
  onExport: (id: string, options?: MarkdownExportOptions) => void;
  onOpenSettings: () => void;
  onOpenImportExport: () => void;
  /** Makes the sidebar visible where it is a closed drawer (a narrow window), so search can take focus. */
  onShowSidebar: () => void;
  settingsOpen: boolean;
  /** Conversations deleted but still undoable: hidden from the list and from search. */
  hiddenIds: ReadonlySet<string>;
}

export function Sidebar({
  onNewChat,
  onOpenConversation,
  onOpenSearchHit,
  onRename,
  onTogglePin,
  onDelete,
  onExport,
  onOpenSettings,
  onOpenImportExport,
  onShowSidebar,
  settingsOpen,
  hiddenIds,
}: SidebarProps) {
  const { history } = useHistory();
  const allConversations = useChat((s) => s.conversations);
  const activeId = useChat((s) => s.activeConversationId);
  const online = useSettings((s) => s.online);
  const conversations =
    hiddenIds.size === 0 ? allConversations : allConversations.filter((c) => !hiddenIds.has(c.id));

  const searchInput = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [order, setOrder] = useState<SearchOrder>('newest');
  const search = useSearch(history, query, order);
  const allHits = search.kind === 'done' || search.kind === 'searching' ? search.hits : NO_HITS;
  const hits = useMemo(
    () =>
      hiddenIds.size === 0 ? allHits : allHits.filter((h) => !hiddenIds.has(h.conversationId)),
    [allHits, hiddenIds],
  );
  const searching = search.kind !== 'idle';

  // A new set of results starts with nothing selected, until the arrows say otherwise.
  const [selection, setSelection] = useState<{ hits: SearchHit[]; index: number } | null>(null);
  const selected = selection?.hits === hits ? selection.index : -1;
  const setSelected = useCallback(
    (next: number | ((index: number) => number)) =>
      setSelection({ hits, index: typeof next === 'function' ? next(selected) : next }),
    [hits, selected],
  );

  // Ctrl/Cmd+K focuses search from anywhere in the window, as in most desktop chat apps.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.altKey)
        return;
      event.preventDefault();
      // Synchronously, so the input is visible (and focusable) by the next line.
      flushSync(onShowSidebar);
      searchInput.current?.focus();
      searchInput.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onShowSidebar]);

  const openHit = useCallback(
    (hit: SearchHit) => {
      onOpenSearchHit(hit);
    },
    [onOpenSearchHit],
  );

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && hits.length > 0) {
      setSelected((index) => Math.min(hits.length - 1, index + 1));
    } else if (event.key === 'ArrowUp' && hits.length > 0) {
      setSelected((index) => Math.max(0, index - 1));
    } else if (event.key === 'Enter') {
      const hit = hits[Math.max(0, selected)];
      if (hit) openHit(hit);
    } else if (event.key === 'Escape' && query !== '') {
      setQuery('');
    } else {
      return;
    }
    event.preventDefault();
  };

  useEffect(() => {
    if (selected >= 0)
      document.getElementById(`search-result-${selected}`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <nav className="sidebar" aria-label="Conversations" data-testid="sidebar">
      <div className="sidebar-head">
        <div className="sidebar-title-row">
          <span className="brand" aria-hidden="true">
            <span className="brand-mark" />
            Runnel
          </span>
        </div>
        <button
          type="button"
          className="button button-primary new-chat"
          data-testid="new-chat"
          onClick={onNewChat}
        >
          <PlusIcon /> New chat
        </button>
        <SearchBox
          ref={searchInput}
          value={query}
          onChange={setQuery}
          selected={selected}
          expanded={searching && hits.length > 0}
          onKeyDown={onSearchKey}
        />
      </div>
      {searching ? (
        <SearchResults
          state={search}
          hits={hits}
          selected={selected}
          order={order}
          onOrder={setOrder}
          onOpen={openHit}
          onHover={setSelected}
        />
      ) : (
        <ConversationList
          conversations={conversations}
          activeId={settingsOpen ? null : activeId}
          onOpen={onOpenConversation}
          onRename={onRename}
          onTogglePin={onTogglePin}
          onDelete={onDelete}
          onExport={onExport}
        />
      )}
      <div className="sidebar-foot">
        {!online && <OfflineIndicator />}
        <button
          type="button"
          className="button button-ghost sidebar-settings"
          data-testid="open-import-export"
          onClick={onOpenImportExport}
        >
          <ArchiveIcon /> Import &amp; export
        </button>
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
