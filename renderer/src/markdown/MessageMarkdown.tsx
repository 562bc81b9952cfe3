// The stylesheets are imported here so any consumer gets them; Vite (and esbuild) bundle them.
/// <reference types="vite/client" />
/**
 * A model's answer as Markdown, for untrusted text that grows while it streams. The text is split into
 * settled blocks and a growing tail (split-blocks.ts); settled blocks are parsed, highlighted and typeset
 * once and memoised by index and source, so an update costs the tail, not the whole answer.
 *
 * A long answer that is already finished when it mounts (opened from history) renders its last screen
 * at once and the blocks before it in idle time, a page at a time (later-pages.ts); an answer that mounts streaming renders as
 * it grows, as before.
 */
import { memo, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { BlockPage, pageSize } from './BlockPage';
import { canRenderLater, waitingBlocks } from './later-pages';
import { LaterPage } from './LaterPage';
import { MessageActionsContext, type MessageActions } from './message-actions';
import { safeHttpUrl } from './safe-url';
import { BlockSplitter, type Block } from './split-blocks';
import './markdown.css';
import './highlight-theme.css';

export interface MessageMarkdownProps {
  /** The answer so far (grows while streaming). */
  text: string;
  /** False once the answer has ended. */
  streaming: boolean;
  /** Only ever called with a sanitised http(s) URL. */
  onOpenLink: (url: string) => void;
  /** The "copy code block" button on each code block. */
  onCopyCode?: (code: string) => void;
}

/** Stable actions that always call the latest callbacks, so new callback identities re-render nothing. */
function useStableActions(
  onOpenLink: (url: string) => void,
  onCopyCode: ((code: string) => void) | undefined,
): MessageActions {
  const latest = useRef({ onOpenLink, onCopyCode });
  useLayoutEffect(() => {
    latest.current = { onOpenLink, onCopyCode };
  });
  const [actions] = useState<MessageActions>(() => ({
    openLink: (url) => {
      const safe = safeHttpUrl(url);
      if (safe !== null) latest.current.onOpenLink(safe);
    },
    copyCode: (code) => {
      const copy = latest.current.onCopyCode;
      if (copy) copy(code);
      else void navigator.clipboard.writeText(code).catch(() => undefined);
    },
  }));
  return actions;
}

/** Blocks `from` to `to` as written. */
const sourceOf = (settled: readonly Block[], from: number, to: number): string =>
  settled
    .slice(from, to)
    .map((block) => block.source)
    .join('');

interface LaterBlocks {
  generation: number;
  /** The blocks before this index wait for their turn. */
  until: number;
}

/**
 * How many leading blocks wait for their turn: decided once for each text the splitter is given (its
 * generation), when it is first rendered finished. An answer first rendered streaming renders whole, as
 * it always did; another answer shown in its place (another version) is decided afresh.
 */
function useLaterBlocks(settled: readonly Block[], generation: number, streaming: boolean): number {
  const decide = (): LaterBlocks => ({
    generation,
    until:
      streaming || !canRenderLater()
        ? 0
        : waitingBlocks(settled.map((block) => block.source.length)),
  });
  const [decided, setDecided] = useState(decide);
  if (decided.generation === generation) return decided.until;
  // Another text: decided now, as React's derived-state pattern does (a render again, before any commit).
  const next = decide();
  setDecided(next);
  return next.until;
}

function MessageMarkdownImpl({
  text,
  streaming,
  onOpenLink,
  onCopyCode,
}: MessageMarkdownProps): ReactNode {
  // The splitter only ever does work for text it has not seen; an unchanged text returns the same result.
  const [splitter] = useState(() => new BlockSplitter());
  const { settled, tail, generation } = splitter.update(text, !streaming);
  const actions = useStableActions(onOpenLink, onCopyCode);
  const pages: ReactNode[] = [];
  const lastFrom = Math.floor(settled.length / pageSize) * pageSize;
  const waitUntil = useLaterBlocks(settled, generation, streaming);
  // The page where the first screen begins: its blocks before that wait as one part of the page.
  const laterPart = (from: number): { waitUntil?: number; waitingText?: string } =>
    from < waitUntil && waitUntil < from + pageSize
      ? { waitUntil, waitingText: sourceOf(settled, from, waitUntil) }
      : {};
  for (let from = 0; from < lastFrom; from += pageSize) {
    const waits = from + pageSize <= waitUntil;
    // A waiting page, when its turn comes, renders its second half and leaves its first half waiting
    // for the next turn: a whole page of the benchmark's answer in one turn was a long task of up to
    // 82 ms on a busy machine.
    const half = from + pageSize / 2;
    const page = (
      <BlockPage
        key={from}
        settled={settled}
        from={from}
        tail={null}
        generation={generation}
        {...(waits
          ? { waitUntil: half, waitingText: sourceOf(settled, from, half) }
          : laterPart(from))}
      />
    );
    pages.push(
      waits ? (
        // Keyed by generation too, so another text's pages wait afresh.
        <LaterPage key={`${generation}:${from}`} text={sourceOf(settled, from, from + pageSize)}>
          {page}
        </LaterPage>
      ) : (
        page
      ),
    );
  }
  if (lastFrom < settled.length || tail) {
    pages.push(
      <BlockPage
        key={lastFrom}
        settled={settled}
        from={lastFrom}
        tail={tail}
        generation={generation}
        {...laterPart(lastFrom)}
      />,
    );
  }
  return (
    <MessageActionsContext value={actions}>
      <div className="md">{pages}</div>
    </MessageActionsContext>
  );
}

export const MessageMarkdown = memo(MessageMarkdownImpl);
