/** A link from model output: opened in the system browser through onOpenLink, never navigated to. */
import type { ComponentProps, MouseEvent, ReactNode } from 'react';
import type { ExtraProps } from 'hast-util-to-jsx-runtime';
import { useMessageActions } from './message-actions';
import { safeHttpUrl } from './safe-url';

export function SafeLink({ href, title, children }: ComponentProps<'a'> & ExtraProps): ReactNode {
  const actions = useMessageActions();
  // urlTransform already emptied unsafe URLs; checking again here keeps this component safe on its own.
  const url = href ? safeHttpUrl(href) : null;
  if (url === null) return <span className="md-link-unsafe">{children}</span>;
  const open = (event: MouseEvent): void => {
    event.preventDefault();
    actions.openLink(url);
  };
  return (
    <a
      href={url}
      title={title ?? url}
      rel="noreferrer noopener"
      onClick={open}
      // A middle click would otherwise ask for a new window.
      onAuxClick={open}
    >
      {children}
    </a>
  );
}

/**
 * A link inside the streaming tail. Its URL may still be growing (an autolinked URL arrives a few
 * characters per update), and rewriting href on every update costs a style and link-state update each
 * time; so the tail's links carry the URL in their click handler only, and get a real href once settled.
 */
export function StreamingLink({ href, children }: ComponentProps<'a'> & ExtraProps): ReactNode {
  const actions = useMessageActions();
  const url = href ? safeHttpUrl(href) : null;
  if (url === null) return <span className="md-link-unsafe">{children}</span>;
  return (
    <a
      className="md-link-streaming"
      onClick={(event) => {
        event.preventDefault();
        actions.openLink(url);
      }}
    >
      {children}
    </a>
  );
}
