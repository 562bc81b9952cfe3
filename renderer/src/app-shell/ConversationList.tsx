/**
 * The conversations: pinned on top, then newest first under date headings, virtualised so ten
 * thousand rows cost what forty do. One focusable listbox with aria-activedescendant rather than a
 * tab stop per row, because virtual rows come and go and focus must not go with them. Keys: arrows,
 * Home/End, Enter opens, F2 renames, Delete deletes, Shift+F10 or the context-menu key opens the menu.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ConversationRecord } from '../history/types';
import { ConversationRow } from '../history-view/ConversationRow';
import { groupConversations, msUntilNextDay, type ListRow } from '../history-view/date-groups';
import { RowMenu, type RowMenuItem } from '../history-view/RowMenu';
import type { MarkdownExportOptions } from '../history/export-markdown';

export interface ConversationListProps {
  conversations: ConversationRecord[];
  activeId: string | null;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => void;
  onTogglePin: (id: string, pinned: boolean) => void;
  onDelete: (id: string) => void;
  onExport: (id: string, options?: MarkdownExportOptions) => void;
}

const HEADER_PX = 32;
const ROW_PX = 36;

const domIdOf = (conversationId: string): string => `conversation-option-${conversationId}`;

/** Re-renders at local midnight, so "Today" becomes "Yesterday" without a reload. */
function useToday(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setTimeout(() => setNow(Date.now()), msUntilNextDay(now));
    return () => clearTimeout(timer);
  }, [now]);
  return now;
}

export function ConversationList({
  conversations,
  activeId,
  onOpen,
  onRename,
  onTogglePin,
  onDelete,
  onExport,
}: ConversationListProps) {
  const now = useToday();
  const rows = useMemo(() => groupConversations(conversations, { now }), [conversations, now]);
  const indexOf = useMemo(() => {
    const map = new Map<string, number>();
    rows.forEach((row, index) => row.kind === 'conversation' && map.set(row.key, index));
    return map;
  }, [rows]);
  const scroller = useRef<HTMLDivElement>(null);
  const [cursorId, setCursorId] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ id: string; anchor: DOMRect } | null>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders this component itself
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index]?.kind === 'header' ? HEADER_PX : ROW_PX),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 12,
    useFlushSync: false,
  });

  // A cursor on a conversation that went away (deleted, filtered) falls back to the open one.
  const cursor = cursorId !== null && indexOf.has(cursorId) ? cursorId : null;

  const moveCursor = useCallback(
    (id: string | undefined) => {
      if (id === undefined) return;
      setCursorId(id);
      const index = indexOf.get(id);
      if (index !== undefined) virtualizer.scrollToIndex(index, { align: 'auto' });
    },
    [indexOf, virtualizer],
  );

  const conversationAt = (index: number): ListRow | undefined => rows[index];
  const step = (from: number, direction: 1 | -1): string | undefined => {
    for (let index = from + direction; index >= 0 && index < rows.length; index += direction) {
      const row = conversationAt(index);
      if (row?.kind === 'conversation') return row.key;
    }
    return undefined;
  };

  const focusList = () => scroller.current?.focus({ preventScroll: true });

  const openMenuFor = useCallback((id: string, element: HTMLElement) => {
    setCursorId(id);
    setMenu({ id, anchor: element.getBoundingClientRect() });
  }, []);

  // A click moves the keyboard cursor too, so the keys act on what was clicked last.
  const openRow = useCallback(
    (id: string) => {
      setCursorId(id);
      onOpen(id);
    },
    [onOpen],
  );

  const onRenamed = useCallback(
    (id: string, title: string | null) => {
      setEditingId(null);
      if (title !== null) onRename(id, title);
      focusList();
    },
    [onRename],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== scroller.current) return;
    const current = cursor ?? (activeId && indexOf.has(activeId) ? activeId : null);
    const at = current === null ? -1 : (indexOf.get(current) ?? -1);
    switch (event.key) {
      case 'ArrowDown':
        moveCursor(step(at, 1) ?? current ?? undefined);
        break;
      case 'ArrowUp':
        moveCursor(at < 0 ? step(-1, 1) : (step(at, -1) ?? current ?? undefined));
        break;
      case 'Home':
        moveCursor(step(-1, 1));
        break;
      case 'End':
        moveCursor(step(rows.length, -1));
        break;
      case 'Enter':
      case ' ':
        if (current) onOpen(current);
        break;
      case 'F2':
        if (current) setEditingId(current);
        break;
      case 'Delete':
        if (current) {
          // The cursor moves on, so deleting several in a row is one key each.
          moveCursor(step(at, 1) ?? step(at, -1));
          onDelete(current);
        }
        break;
      case 'ContextMenu':
      case 'F10': {
        if (event.key === 'F10' && !event.shiftKey) return;
        const element = current ? document.getElementById(domIdOf(current)) : null;
        if (current && element) openMenuFor(current, element);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  const menuConversation = menu ? conversations.find((c) => c.id === menu.id) : undefined;
  const menuItems: RowMenuItem[] = menuConversation
    ? [
        {
          id: 'rename',
          label: 'Rename',
          shortcut: 'F2',
          run: () => setEditingId(menuConversation.id),
        },
        {
          id: 'pin',
          label: menuConversation.pinned ? 'Unpin' : 'Pin to top',
          run: () => onTogglePin(menuConversation.id, !menuConversation.pinned),
        },
        { id: 'export', label: 'Export as Markdown', run: () => onExport(menuConversation.id) },
        {
          id: 'export-all',
          label: 'Export as Markdown, every version',
          run: () => onExport(menuConversation.id, { branches: 'all' }),
        },
        {
          id: 'delete',
          label: 'Delete',
          shortcut: 'Delete',
          danger: true,
          run: () => onDelete(menuConversation.id),
        },
      ]
    : [];
  const closeMenu = useCallback(() => {
    setMenu(null);
    if (scroller.current?.parentElement?.contains(document.activeElement) !== false) focusList();
  }, []);

  if (conversations.length === 0) {
    return (
      <p className="conversation-list-empty" data-testid="conversation-list-empty">
        No conversations yet. Your chats are kept on this computer.
      </p>
    );
  }

  const items = virtualizer.getVirtualItems();
  const visibleCursor = cursor ?? null;

  return (
    <div className="conversation-list-frame">
      <div
        ref={scroller}
        className="conversation-list"
        data-testid="conversation-list"
        role="listbox"
        aria-label="Conversations"
        tabIndex={0}
        aria-activedescendant={visibleCursor ? domIdOf(visibleCursor) : undefined}
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          // Arriving from outside the list, the cursor starts on the open conversation.
          const fromOutside = !event.currentTarget.contains(event.relatedTarget as Node | null);
          if (event.target !== scroller.current || !fromOutside || !conversations[0]) return;
          if (activeId && indexOf.has(activeId)) setCursorId(activeId);
          else if (cursor === null) setCursorId(conversations[0].id);
        }}
      >
        <div className="conversation-list-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                className="conversation-list-row"
                style={{ transform: `translateY(${item.start}px)`, height: item.size }}
              >
                {row.kind === 'header' ? (
                  <div
                    className="conversation-group"
                    role="presentation"
                    data-testid="conversation-group"
                  >
                    {row.label}
                  </div>
                ) : (
                  <ConversationRow
                    conversation={row.conversation}
                    domId={domIdOf(row.key)}
                    active={row.key === activeId}
                    cursor={row.key === visibleCursor}
                    editing={row.key === editingId}
                    menuOpen={row.key === menu?.id}
                    onOpen={openRow}
                    onMenu={openMenuFor}
                    onRenamed={onRenamed}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {menu && menuConversation && (
        <RowMenu
          anchor={menu.anchor}
          items={menuItems}
          label={`Actions for ${menuConversation.title || 'New chat'}`}
          onClose={closeMenu}
        />
      )}
    </div>
  );
}
