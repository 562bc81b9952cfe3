/**
 * Images in model output never load on their own (they would tell a server the user is reading, and the
 * CSP forbids remote images anyway): a button names the host and opens the image in the browser.
 */
import type { ComponentProps, ReactNode } from 'react';
import type { ExtraProps } from 'hast-util-to-jsx-runtime';
import { useMessageActions } from './message-actions';
import { safeHttpUrl } from './safe-url';

export function ImagePlaceholder({ src, alt }: ComponentProps<'img'> & ExtraProps): ReactNode {
  const actions = useMessageActions();
  const url = typeof src === 'string' ? safeHttpUrl(src) : null;
  const description = alt ? `Image: ${alt}` : undefined;
  if (url === null) {
    return (
      <span className="md-image md-image-blocked" title={description}>
        Image not shown (not a web link)
      </span>
    );
  }
  return (
    <button
      type="button"
      className="md-image"
      title={description ? `${description}\n${url}` : url}
      onClick={() => actions.openLink(url)}
    >
      Image from {new URL(url).host} — open in browser
    </button>
  );
}
