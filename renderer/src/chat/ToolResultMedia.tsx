/**
 * A tool result's images and links, under its call. Images are thumbnails that open full size in the
 * attachments' viewer (Esc closes it, focus goes back to the thumbnail); links open in the browser only
 * when they are http or https, through the same external-open path as links in answers; any other
 * address (file:, a server's own scheme) is shown as text, never followed.
 *
 * Untrusted: main checked each image (type, size, that its bytes are that type); this side checks the
 * type again before it builds a data URL, so nothing but a picture type ever becomes one.
 */
import { useRef, useState } from 'react';
import type { ToolMediaView } from '../../../preload/contract';
import { ImageViewer } from './attachments/ImageViewer';
import './attachments/stored-attachments.css';

const PICTURE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A data URL for a checked image, or null for anything else. */
export function imageDataUrl(media: ToolMediaView): string | null {
  if (media.kind !== 'image' || !PICTURE_TYPES.has(media.mimeType)) return null;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(media.data)) return null;
  return `data:${media.mimeType};base64,${media.data}`;
}

/** Whether a link may open in the browser: http and https only. */
export function isOpenableLink(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function ToolResultMedia({
  media,
  tool,
  onOpenLink,
}: {
  media: readonly ToolMediaView[];
  /** The tool's name, for the images' alternative text. */
  tool: string;
  onOpenLink: (url: string) => void;
}) {
  const images = media.flatMap((one) => {
    const url = imageDataUrl(one);
    return url && one.kind === 'image' ? [{ url, mimeType: one.mimeType }] : [];
  });
  const links = media.flatMap((one) => (one.kind === 'link' ? [one] : []));
  if (images.length === 0 && links.length === 0) return null;
  return (
    <div className="tool-media" data-testid="tool-media">
      {images.length > 0 && (
        <ul className="tool-media-images">
          {images.map((image, index) => (
            <ToolImage
              key={index}
              url={image.url}
              name={`Image ${index + 1} of ${images.length} from ${tool} (${image.mimeType})`}
            />
          ))}
        </ul>
      )}
      {links.length > 0 && (
        <ul className="tool-media-links">
          {links.map((link, index) => (
            <li key={index} data-testid="tool-media-link">
              {isOpenableLink(link.uri) ? (
                <a
                  href={link.uri}
                  title={link.uri}
                  data-testid="tool-media-open"
                  onClick={(event) => {
                    event.preventDefault();
                    onOpenLink(link.uri);
                  }}
                >
                  {link.name}
                </a>
              ) : (
                <span data-testid="tool-media-address">
                  {link.name !== link.uri && <>{link.name}: </>}
                  <code>{link.uri}</code>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ToolImage({ url, name }: { url: string; name: string }) {
  const [viewing, setViewing] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <li>
      <button
        ref={opener}
        type="button"
        className="tool-media-thumb"
        data-testid="tool-media-image"
        aria-label={`${name}: open full size`}
        onClick={() => setViewing(true)}
      >
        <img src={url} alt={name} />
      </button>
      {viewing && (
        <ImageViewer
          url={url}
          name={name}
          onClose={() => {
            setViewing(false);
            opener.current?.focus();
          }}
        />
      )}
    </li>
  );
}
