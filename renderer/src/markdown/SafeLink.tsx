/** A link from model output: opened in the system browser through onOpenLink, never navigated to. */
import type { ComponentProps, MouseEvent, ReactNode } from 'react';
import type { ExtraProps } from 'react-markdown';
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
