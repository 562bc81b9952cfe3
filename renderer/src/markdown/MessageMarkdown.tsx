// The stylesheets are imported here so any consumer gets them; Vite (and esbuild) bundle them.
/// <reference types="vite/client" />
/**
 * A model's answer as Markdown, for untrusted text that grows while it streams. The text is split into
 * settled blocks and a growing tail (split-blocks.ts); settled blocks are parsed, highlighted and typeset
 * once and memoised by index and source, so an update costs the tail, not the whole answer.
 *
 * A long answer that is already finished when it mounts (opened from history) renders its last screen
 * at once and its other pages in idle time (later-pages.ts); an answer that mounts streaming renders as
 * it grows, as before.
 */
import { memo, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { BlockPage, pageSize } from './BlockPage';
import { canRenderLater, waitingPages } from './later-pages';
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

/** Each page's blocks as written, and their length. */
function pagesOf(settled: readonly Block[]): string[] {
  const pages: string[] = [];
  for (let from = 0; from < settled.length; from += pageSize) {
    pages.push(
      settled
        .slice(from, from + pageSize)
        .map((block) => block.source)
        .join(''),
    );
  }
  return pages;
}

interface LaterPages {
  generation: number;
  pages: readonly string[];
}

/**
 * The pages that wait for their turn, and the text of each: decided once for each text the splitter is
 * given (its generation), when it is first rendered finished. An answer first rendered streaming renders
 * whole, as it always did; another answer shown in its place (another version) is decided afresh.
 */
function useLaterPages(
  settled: readonly Block[],
  generation: number,
  streaming: boolean,
): readonly string[] {
  const decide = (): LaterPages => {
    const pages = streaming || !canRenderLater() ? [] : pagesOf(settled);
    return { generation, pages: pages.slice(0, waitingPages(pages.map((page) => page.length))) };
  };
  const [decided, setDecided] = useState(decide);
  if (decided.generation === generation) return decided.pages;
  // Another text: decided now, as React's derived-state pattern does (a render again, before any commit).
  const next = decide();
  setDecided(next);
  return next.pages;
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
  const later = useLaterPages(settled, generation, streaming);
  for (let from = 0; from < lastFrom; from += pageSize) {
    const page = (
      <BlockPage key={from} settled={settled} from={from} tail={null} generation={generation} />
    );
    const waiting = later[from / pageSize];
    pages.push(
      waiting === undefined ? (
        page
      ) : (
        // Keyed by generation too, so another text's pages wait afresh.
        <LaterPage key={`${generation}:${from}`} text={waiting}>
          {page}
        </LaterPage>
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
