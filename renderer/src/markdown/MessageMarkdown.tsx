/**
 * Renders a model's answer as Markdown. First cut: react-markdown over the whole text, with links routed
 * through onOpenLink. The incremental, sanitising renderer replaces this body behind the same props.
 */
import { memo, type MouseEvent, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

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

const remarkPlugins = [remarkGfm];

function MessageMarkdownImpl({ text, onOpenLink }: MessageMarkdownProps): ReactNode {
  const components: Components = {
    a: ({ href, children }) => (
      <a
        href={href}
        onClick={(event: MouseEvent) => {
          event.preventDefault();
          if (href && /^https?:\/\//i.test(href)) onOpenLink(href);
        }}
      >
        {children}
      </a>
    ),
    img: ({ alt }) => <span>[image: {alt}]</span>,
  };
  return (
    <div className="md">
      <Markdown remarkPlugins={remarkPlugins} components={components}>
        {text}
      </Markdown>
    </div>
  );
}

export const MessageMarkdown = memo(MessageMarkdownImpl);
