/**
 * The messages of one conversation, virtualised with @tanstack/react-virtual. It is anchored to
 * the end (`anchorTo: 'end'`): while the reader is at the bottom, a growing answer and new messages
 * keep it there; once they scroll up, nothing moves under them. Opens on the last message (its last
 * screen, the page above read once that screen is shown); scrolling near the top pages older
 * messages in, and the anchor keeps the view still while they are inserted above it.
 *
 * After a jump to a search hit the list holds a window around the hit (`hasNewer`): scrolling down
 * near its bottom pages newer messages in below, and "Latest" shows the conversation's end.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useStores } from '../store/context';
import { estimatedHeight } from './message-height';
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
  /** The messages are a window in the middle of the conversation: newer ones follow. */
  hasNewer?: boolean;
  onLoadNewer?: () => void;
  /** Show the conversation's end in place of the window. */
  onShowLatest?: () => void;
  reveal?: RevealRequest | null;
}

/** Within this many pixels of the bottom counts as "at the bottom". */
const AT_END_PX = 48;
/** Older messages are asked for this far before the top is reached, so scrolling rarely waits. */
const LOAD_OLDER_PX = 800;
/** The same below a window, for newer ones. */
const LOAD_NEWER_PX = 800;
const REVEAL_MARK_MS = 2_500;
/**
 * Requests already scrolled to. A request stands (its marks stay) until another replaces it, and its
 * message can leave the list and come back (a window, then "Latest" and older pages read): it is
 * scrolled to once, not each time it is back.
 */
const scrolledTo = new WeakSet<RevealRequest>();
/**
 * Messages drawn beyond the screen each way, so scrolling finds them ready. (Fewer on a list's first
 * frame, more once shown, was tried: the re-render that added them moved a view being scrolled.)
 */
const OVERSCAN = 6;

/**
 * Counts the times the messages were replaced outright, none of the old first and last among the
 * new (a jump's window in place of the end, or the end in place of a window); paging and a branch
 * shown from a message already shown keep one of them.
 */
function useReplacements(ids: readonly string[]): number {
  const [tracked, setTracked] = useState({ ids, generation: 0 });
  if (tracked.ids !== ids) {
    const first = tracked.ids[0];
    const last = tracked.ids.at(-1);
    const replaced =
      first !== undefined &&
      last !== undefined &&
      ids.length > 0 &&
      !ids.includes(first) &&
      !ids.includes(last);
    // Derived from the props during render, as React allows: it renders again before committing.
    setTracked({ ids, generation: tracked.generation + (replaced ? 1 : 0) });
  }
  return tracked.generation;
}

/**
 * A list replaced outright is mounted afresh, so none of the old list's sizes and scroll position
 * apply to it and it renders where it opens (a jump's hit) from its first frame.
 */
export function MessageList(props: MessageListProps) {
  return <VirtualMessageList key={useReplacements(props.ids)} {...props} />;
}

function VirtualMessageList({
  ids,
  lastAnswerId,
  busy,
  onOpenSettings,
  hasOlder = false,
  onLoadOlder,
  hasNewer = false,
  onLoadNewer,
  onShowLatest,
  reveal = null,
}: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [revealed, setRevealed] = useState<RevealRequest | null>(null);
  // Whether the list was a window at its last render: a page appended below a window is not
  // followed to the end, even the one that reaches the end.
  const wasWindow = useRef(hasNewer);
  const lastScrollTop = useRef(0);
  const revealIndex = reveal ? ids.indexOf(reveal.messageId) : -1;
  const found = revealIndex >= 0;
  // Mounted with the message to reveal in it: rendered around it from the start, not at the end.
  const [opensAt] = useState(() =>
    found && reveal && !scrolledTo.has(reveal) ? revealIndex : null,
  );
  const { chat } = useStores();
  const estimate = (index: number): number =>
    estimatedHeight(chat.getState().messages[ids[index] ?? '']?.content.length ?? 0);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders this component itself
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: estimate,
    // Where the message to reveal starts, by the guesses above it: drawn from the first frame.
    initialOffset: () => {
      let offset = 0;
      for (let index = 0; index < (opensAt ?? 0); index++) offset += estimate(index);
      return offset;
    },
    getItemKey: (index) => ids[index] ?? index,
    overscan: OVERSCAN,
    anchorTo: 'end',
    followOnAppend: !wasWindow.current && !hasNewer,
    scrollEndThreshold: AT_END_PX,
    // Rendering inside ResizeObserver callbacks with flushSync warns in React 19 and buys nothing here.
    useFlushSync: false,
  });

  // Once per opened conversation (and replaced list). A list with a message to reveal opens there.
  useLayoutEffect(() => {
    if (opensAt === null && !hasNewer) virtualizer.scrollToEnd();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on mount: later growth is followed by anchorTo
  }, []);

  // A window replaced by the conversation's end ("Latest", or the conversation opened again): to it.
  const firstId = ids[0];
  const shownFirst = useRef(firstId);
  useLayoutEffect(() => {
    if (wasWindow.current && !hasNewer && shownFirst.current !== firstId) virtualizer.scrollToEnd();
    wasWindow.current = hasNewer;
    shownFirst.current = firstId;
  }, [firstId, hasNewer, virtualizer]);

  // Once an open's first screen is shown (the open reads only its last screen): the page above it.
  // Not while the list still scrolls to where it opened: a page inserted above would move the view.
  useEffect(() => {
    let idle = 0;
    const whenSettled = () => {
      idle = requestIdleCallback(
        () => {
          if (virtualizer.isScrolling) return whenSettled();
          if (opensAt === null && !hasNewer && hasOlder) onLoadOlder?.();
        },
        { timeout: 1_000 },
      );
    };
    whenSettled();
    return () => cancelIdleCallback(idle);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per opened conversation
  }, []);

  const mark = useMemo(
    () =>
      reveal && found
        ? { messageId: reveal.messageId, terms: reveal.terms ?? [], nonce: reveal.nonce }
        : null,
    [reveal, found],
  );
  useSearchMarks(scroller, mark);
  // Before the frame is painted: the first frame after the jump shows the message.
  useLayoutEffect(() => {
    if (!reveal || revealIndex < 0 || scrolledTo.has(reveal)) return;
    scrolledTo.add(reveal);
    virtualizer.scrollToIndex(revealIndex, { align: 'center' });
    setRevealed(reveal);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per request, not per index shift
  }, [reveal, found]);
  useEffect(() => {
    if (revealed === null) return;
    const timer = setTimeout(() => setRevealed(null), REVEAL_MARK_MS);
    return () => clearTimeout(timer);
  }, [revealed]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    // Down only: a window shrinking under the view (or a jump placing it) is no reason to read on.
    const down = element.scrollTop > lastScrollTop.current;
    lastScrollTop.current = element.scrollTop;
    if (hasOlder && onLoadOlder && element.scrollTop < LOAD_OLDER_PX) onLoadOlder();
    const below = element.scrollHeight - element.scrollTop - element.clientHeight;
    if (down && hasNewer && onLoadNewer && below < LOAD_NEWER_PX) onLoadNewer();
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
        data-has-newer={hasNewer || undefined}
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
                  className={
                    id === revealed?.messageId ? 'message-row message-row-revealed' : 'message-row'
                  }
                  data-revealed={id === revealed?.messageId || undefined}
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
      {(!atEnd || hasNewer) && (
        <button
          type="button"
          className="button jump-to-latest"
          data-testid="jump-to-latest"
          onClick={() =>
            hasNewer && onShowLatest
              ? onShowLatest()
              : virtualizer.scrollToEnd({ behavior: 'smooth' })
          }
        >
          ↓ Latest
        </button>
      )}
    </div>
  );
}
