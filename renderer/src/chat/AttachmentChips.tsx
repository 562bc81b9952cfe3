/**
 * Attachments as chips: a thumbnail or a file icon, the name as text, the size (and a PDF's pages),
 * and the state. The thumbnail is the resized image's own `data:` URL once the worker has it, and
 * until then, in the chat window, a `blob:` URL of the picked file (the only sources the CSP allows
 * for images). The composer's chips can be removed; a sent message's are read-only.
 */
import { useId, useState } from 'react';
import { formatByteSize } from '../attachments/byte-size';
import type { Draft } from '../attachments/composer-drafts';
import type { SentAttachment } from '../attachments/sent-attachment';
import './attachments.css';

function FileIcon({ label }: { label: string }) {
  return (
    <span className="attachment-icon" aria-hidden="true">
      <svg
        width="20"
        height="24"
        viewBox="0 0 20 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      >
        <path d="M3 1.5h9l5 5v16H3z" />
        <path d="M12 1.5v5h5" />
      </svg>
      <span className="attachment-icon-label">{label}</span>
    </span>
  );
}

const iconLabel = (kind: string): string =>
  kind === 'pdf' ? 'PDF' : kind === 'image' ? 'IMG' : 'TXT';

function sizeLine(size: number, pages?: number): string {
  const bytes = formatByteSize(size);
  return pages === undefined ? bytes : `${pages} ${pages === 1 ? 'page' : 'pages'} · ${bytes}`;
}

/**
 * An encrypted PDF's password, typed on its chip: Open reads the file again with it (a wrong one
 * says so, and the field stays), Cancel removes the file. Enter opens rather than sending the message.
 */
function PasswordField({
  name,
  describedBy,
  onPassword,
  onCancel,
}: {
  name: string;
  describedBy: string;
  onPassword: (password: string) => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const open = () => {
    if (password !== '') onPassword(password);
  };
  return (
    <span className="attachment-password" data-testid="attachment-password-row">
      <input
        type="password"
        autoComplete="off"
        aria-label={`Password for ${name}`}
        aria-describedby={describedBy}
        data-testid="attachment-password"
        value={password}
        // Typed into the chip, the password is focused at once, as the refusal asks for it.
        autoFocus
        onChange={(event) => setPassword(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          event.stopPropagation();
          open();
        }}
      />
      <button
        type="button"
        className="button button-small"
        data-testid="attachment-password-open"
        disabled={password === ''}
        onClick={open}
      >
        Open
      </button>
      <button
        type="button"
        className="button button-small"
        data-testid="attachment-password-cancel"
        onClick={onCancel}
      >
        Cancel
      </button>
    </span>
  );
}

export function DraftChip({
  draft,
  canSendPagesAsImages,
  onRemove,
  onSendPagesAsImages,
  onPassword,
}: {
  draft: Draft;
  /** The target model may read images: a scanned PDF can go as page images. */
  canSendPagesAsImages: boolean;
  onRemove: () => void;
  onSendPagesAsImages: () => void;
  /** An encrypted PDF's password, typed on the chip; without it the chip only says it is locked. */
  onPassword?: (password: string) => void;
}) {
  const refusalId = useId();
  const asksPassword =
    draft.status === 'refused' &&
    (draft.code === 'needs-password' || draft.code === 'wrong-password');
  const image = draft.status === 'ready' && draft.sent[0]?.kind === 'image' ? draft.sent[0] : null;
  const thumbnail = image?.dataUrl ?? (draft.status === 'processing' ? draft.preview : undefined);
  const pages = draft.status === 'ready' ? draft.pages : undefined;
  return (
    <li
      className={`attachment-chip attachment-${draft.status}`}
      data-testid="attachment-chip"
      data-status={draft.status}
      data-kind={draft.kind}
    >
      {thumbnail ? (
        <img
          className="attachment-thumb"
          src={thumbnail}
          alt=""
          decoding="async"
          data-testid="attachment-thumb"
        />
      ) : (
        <FileIcon label={iconLabel(draft.kind)} />
      )}
      <span className="attachment-text">
        <span className="attachment-name" data-testid="attachment-name" title={draft.name}>
          {draft.name}
        </span>
        <span className="attachment-detail">
          {draft.status === 'processing' ? (
            <span role="status" data-testid="attachment-progress">
              <span className="attachment-spinner" aria-hidden="true" /> Reading…
            </span>
          ) : draft.status === 'refused' ? (
            <span
              className="attachment-refusal"
              data-testid="attachment-refusal"
              role="alert"
              id={refusalId}
            >
              {draft.message}
            </span>
          ) : (
            <span data-testid="attachment-size">
              {sizeLine(draft.kind === 'image' && image ? image.size : draft.size, pages)}
              {draft.kind === 'pdf' && image
                ? ` · sent as ${draft.sent.length} ${draft.sent.length === 1 ? 'image' : 'images'}`
                : ''}
            </span>
          )}
        </span>
        {draft.status === 'ready' && draft.note && (
          <span className="attachment-note" data-testid="attachment-note">
            {draft.note}
          </span>
        )}
        {asksPassword && onPassword && (
          // A new field per refusal: a wrong password is cleared for the next try.
          <PasswordField
            key={draft.message}
            name={draft.name}
            describedBy={refusalId}
            onPassword={onPassword}
            onCancel={onRemove}
          />
        )}
        {draft.status === 'ready' && draft.scanned && canSendPagesAsImages && (
          // The processor's note already says the PDF has no text; this is what can be done.
          <button
            type="button"
            className="link-button attachment-action"
            data-testid="attachment-send-pages"
            onClick={onSendPagesAsImages}
          >
            Send its pages as images
          </button>
        )}
      </span>
      <button
        type="button"
        className="attachment-remove"
        aria-label={`Remove ${draft.name}`}
        title="Remove"
        data-testid="attachment-remove"
        onClick={onRemove}
      >
        ×
      </button>
    </li>
  );
}

/** The files a sent question carried, shown above its text. */
export function SentAttachmentChips({ attachments }: { attachments: readonly SentAttachment[] }) {
  return (
    <ul
      className="attachment-chips sent-attachments"
      aria-label="Attachments"
      data-testid="sent-attachments"
    >
      {attachments.map((attachment, index) => (
        <li
          key={`${index}-${attachment.name}`}
          className="attachment-chip attachment-ready"
          data-testid="sent-attachment"
          data-kind={attachment.kind}
        >
          {attachment.kind === 'image' ? (
            <img className="attachment-thumb" src={attachment.dataUrl} alt={attachment.name} />
          ) : (
            <FileIcon label={iconLabel(attachment.kind)} />
          )}
          <span className="attachment-text">
            <span className="attachment-name" title={attachment.name}>
              {attachment.name}
            </span>
            <span className="attachment-detail">
              {sizeLine(attachment.size, attachment.kind === 'pdf' ? attachment.pages : undefined)}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
