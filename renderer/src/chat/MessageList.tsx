/**
 * The messages of one conversation, virtualised with @tanstack/react-virtual. It is anchored to
 * the end (`anchorTo: 'end'`): while the reader is at the bottom, a growing answer and new messages
 * keep it there; once they scroll up, nothing moves under them. Opens on the last message.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef } from 'react';
import { MessageItem } from './MessageItem';

interface MessageListProps {
  ids: readonly string[];
  lastAnswerId: string | null;
  busy: boolean;
  onOpenSettings: () => void;
}

/** Within this many pixels of the bottom counts as "at the bottom". */
const AT_END_PX = 48;

export function MessageList({ ids, lastAnswerId, busy, onOpenSettings }: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders this component itself
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 140,
    getItemKey: (index) => ids[index] ?? index,
    overscan: 6,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: AT_END_PX,
    // Rendering inside ResizeObserver callbacks with flushSync warns in React 19 and buys nothing here.
    useFlushSync: false,
  });

  // The list is keyed by conversation, so this runs once per opened conversation.
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on mount: later growth is followed by anchorTo
  }, []);

  const items = virtualizer.getVirtualItems();
  const atEnd = virtualizer.isAtEnd(AT_END_PX);

  return (
    // The jump button sits outside the scroller: inside it, it would add to the height it measures.
    <div className="message-frame">
      <div className="message-scroller" ref={scroller} data-testid="message-list">
        <div className="message-sizer" style={{ height: virtualizer.getTotalSize() }}>
          <div
            className="message-window"
            style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}
          >
            {items.map((item) => {
              const id = ids[item.index];
              if (id === undefined) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="message-row"
                >
                  <MessageItem
                    id={id}
                    isLastAnswer={id === lastAnswerId}
                    conversationBusy={busy}
                    onOpenSettings={onOpenSettings}
                  />
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {!atEnd && (
        <button
          type="button"
          className="button jump-to-latest"
          data-testid="jump-to-latest"
          onClick={() => virtualizer.scrollToEnd({ behavior: 'smooth' })}
        >
          ↓ Latest
        </button>
      )}
    </div>
  );
}
