/**
 * An attached image at full size, inside the app: a modal <dialog>, so Esc closes it and focus stays
 * in it while it is open; on closing, its opener puts focus back on the thumbnail (onClose).
 */
import { useEffect, useRef } from 'react';
import { CloseIcon } from '../../app-shell/icons';

export function ImageViewer({
  url,
  name,
  onClose,
}: {
  url: string;
  name: string;
  /** Called once it has closed; the caller puts focus back on what opened it. */
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="image-viewer"
      data-testid="image-viewer"
      aria-label={name}
      onClose={onClose}
      // A click on the backdrop (the dialog itself, outside the picture) closes it too.
      onClick={(event) => event.target === event.currentTarget && dialog.current?.close()}
    >
      <div className="image-viewer-head">
        <span className="image-viewer-name">{name}</span>
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          data-testid="image-viewer-close"
          autoFocus
          onClick={() => dialog.current?.close()}
        >
          <CloseIcon />
        </button>
      </div>
      <img className="image-viewer-image" src={url} alt={name} data-testid="image-viewer-image" />
    </dialog>
  );
}
