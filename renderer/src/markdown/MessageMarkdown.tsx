// The stylesheets are imported here so any consumer gets them; Vite (and esbuild) bundle them.
/// <reference types="vite/client" />
/**
 * A model's answer as Markdown, for untrusted text that grows while it streams. The text is split into
 * settled blocks and a growing tail (split-blocks.ts); settled blocks are parsed, highlighted and typeset
 * once and memoised by index and source, so an update costs the tail, not the whole answer.
 */
import { memo, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { BlockPage, pageSize } from './BlockPage';
import { MessageActionsContext, type MessageActions } from './message-actions';
import { safeHttpUrl } from './safe-url';
import { BlockSplitter } from './split-blocks';
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
  for (let from = 0; from < lastFrom; from += pageSize) {
    pages.push(
      <BlockPage key={from} settled={settled} from={from} tail={null} generation={generation} />,
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
