/**
 * The messages of one conversation, virtualised with @tanstack/react-virtual. It is anchored to
 * the end (`anchorTo: 'end'`): while the reader is at the bottom, a growing answer and new messages
 * keep it there; once they scroll up, nothing moves under them. Opens on the last message (the last
 * page); scrolling near the top pages older messages in, and the anchor keeps the view still while
 * they are inserted above it.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { MessageItem } from './MessageItem';
import { useSearchMarks } from './use-search-marks';

/** A message to bring into view and mark (a search result); `nonce` repeats the same message. */
export interface RevealRequest {
  messageId: string;
  nonce: number;
  /** The words the search matched, marked in the message's text while it stays open. */
  terms?: readonly string[];
}

interface MessageListProps {
  ids: readonly string[];
  lastAnswerId: string | null;
  busy: boolean;
  onOpenSettings: () => void;
  /** Older messages exist in history that are not loaded yet. */
  hasOlder?: boolean;
  onLoadOlder?: () => void;
  reveal?: RevealRequest | null;
}

/** Within this many pixels of the bottom counts as "at the bottom". */
const AT_END_PX = 48;
/** Older messages are asked for this far before the top is reached, so scrolling rarely waits. */
const LOAD_OLDER_PX = 800;
const REVEAL_MARK_MS = 2_500;

export function MessageList({
  ids,
  lastAnswerId,
  busy,
  onOpenSettings,
  hasOlder = false,
  onLoadOlder,
  reveal = null,
}: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
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

  const revealIndex = reveal ? ids.indexOf(reveal.messageId) : -1;
  const found = revealIndex >= 0;
  const mark = useMemo(
    () =>
      reveal && found
        ? { messageId: reveal.messageId, terms: reveal.terms ?? [], nonce: reveal.nonce }
        : null,
    [reveal, found],
  );
  useSearchMarks(scroller, mark);
  useEffect(() => {
    if (!reveal || revealIndex < 0) return;
    virtualizer.scrollToIndex(revealIndex, { align: 'center' });
    setRevealed(reveal.messageId);
    const timer = setTimeout(() => setRevealed(null), REVEAL_MARK_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per request, not per index shift
  }, [reveal, found]);

  const onScroll = () => {
    const element = scroller.current;
    if (element && hasOlder && onLoadOlder && element.scrollTop < LOAD_OLDER_PX) onLoadOlder();
  };

  const items = virtualizer.getVirtualItems();
  const atEnd = virtualizer.isAtEnd(AT_END_PX);

  return (
    // The jump button sits outside the scroller: inside it, it would add to the height it measures.
    <div className="message-frame">
      <div
        className="message-scroller"
        ref={scroller}
        data-testid="message-list"
        data-has-older={hasOlder || undefined}
        onScroll={onScroll}
      >
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
                  className={id === revealed ? 'message-row message-row-revealed' : 'message-row'}
                  data-revealed={id === revealed || undefined}
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
