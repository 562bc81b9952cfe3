/**
 * The files of a message as history keeps them: images as thumbnails (a `blob:` URL of the stored
 * bytes) that open full size inside the app, text files and PDFs as chips with a Save button. Names
 * are text, never markup. The bytes are read from history when shown, not kept with the message.
 */
import { useCallback, useRef, useState } from 'react';
import { formatByteSize } from '../../attachments/byte-size';
import { useHistory } from '../../history-view/history-context';
import { downloadFile } from '../../history-view/download';
import type { AttachmentData, AttachmentRef } from '../../history/types';
import { ImageViewer } from './ImageViewer';
import { useAttachmentUrl } from './use-attachment-url';
import './stored-attachments.css';

type Read = (hash: string) => Promise<AttachmentData | null>;

/** The longest side of a thumbnail, in CSS pixels; its box is sized from the stored dimensions. */
const thumbSide = 160;

const thumbBox = (ref: AttachmentRef): { width: number; height: number } => {
  const width = ref.width ?? thumbSide;
  const height = ref.height ?? thumbSide;
  const scale = Math.min(1, thumbSide / Math.max(width, height, 1));
  return {
    width: Math.max(24, Math.round(width * scale)),
    height: Math.max(24, Math.round(height * scale)),
  };
};

const missingText = 'This file is no longer in history.';

function StoredImage({ attachment, read }: { attachment: AttachmentRef; read: Read }) {
  const loaded = useAttachmentUrl(attachment.hash, read);
  const [viewing, setViewing] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const box = thumbBox(attachment);

  return (
    <li className="stored-image" data-testid="stored-image" data-state={loaded.state}>
      {loaded.state === 'ready' ? (
        <button
          ref={opener}
          type="button"
          className="stored-image-open"
          aria-label={`Open ${attachment.name} full size`}
          title={attachment.name}
          data-testid="stored-image-open"
          onClick={() => setViewing(true)}
        >
          <img src={loaded.url} alt={attachment.name} width={box.width} height={box.height} />
        </button>
      ) : (
        <span
          className="stored-image-placeholder"
          style={{ width: box.width, height: box.height }}
          role={loaded.state === 'loading' ? undefined : 'img'}
          aria-label={
            loaded.state === 'loading'
              ? undefined
              : `${attachment.name}: ${loaded.state === 'missing' ? missingText : `could not be read (${loaded.message})`}`
          }
          title={attachment.name}
        >
          {loaded.state === 'missing' && (
            <span className="stored-image-missing">{missingText}</span>
          )}
          {loaded.state === 'failed' && (
            <span className="stored-image-missing">Could not read this image.</span>
          )}
        </span>
      )}
      {viewing && loaded.state === 'ready' && (
        <ImageViewer
          url={loaded.url}
          name={attachment.name}
          onClose={() => {
            setViewing(false);
            opener.current?.focus();
          }}
        />
      )}
    </li>
  );
}

/**
 * Opens the file with the system's app: main writes a copy under a safe name to a private temp
 * folder, or refuses (a program type, say) in words that point to Save.
 */
async function openWithSystem(
  attachment: AttachmentRef,
  data: AttachmentData,
): Promise<string | null> {
  // History keeps a text file or PDF as the text that was sent (a PDF from a backup or an import
  // as its own bytes); main names the copy to match.
  const result = await window.runnel.attachments.open({
    name: attachment.name,
    kind: attachment.kind === 'pdf' ? 'pdf' : 'text',
    mime: data.mime === 'application/pdf' ? 'application/pdf' : 'text/plain',
    bytes: data.bytes.slice().buffer,
  });
  return result.ok ? null : result.error.message;
}

function StoredFile({ attachment, read }: { attachment: AttachmentRef; read: Read }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const open = async () => {
    setProblem(null);
    setOpening(true);
    try {
      const data = await read(attachment.hash);
      if (!data) {
        setProblem(`${missingText} It cannot be opened.`);
        return;
      }
      setProblem(await openWithSystem(attachment, data));
    } catch (error) {
      setProblem(
        `Could not open “${attachment.name}”: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      setOpening(false);
    }
  };
  const save = async () => {
    setProblem(null);
    try {
      const data = await read(attachment.hash);
      if (!data) {
        setProblem(`${missingText} It cannot be saved.`);
        return;
      }
      downloadFile(
        attachment.name,
        new Blob([data.bytes as Uint8Array<ArrayBuffer>], { type: data.mime }),
      );
    } catch (error) {
      setProblem(
        `Could not save “${attachment.name}”: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const detail =
    attachment.pages === undefined
      ? formatByteSize(attachment.size)
      : `${attachment.pages} ${attachment.pages === 1 ? 'page' : 'pages'} · ${formatByteSize(attachment.size)}`;

  return (
    <li className="stored-file" data-testid="stored-file" data-kind={attachment.kind}>
      <span className="stored-file-icon" aria-hidden="true">
        {attachment.kind === 'pdf' ? 'PDF' : 'TXT'}
      </span>
      <span className="stored-file-text">
        <span className="stored-file-name" title={attachment.name} data-testid="stored-file-name">
          {attachment.name}
        </span>
        <span className="stored-file-detail">{detail}</span>
        {problem && (
          <span className="stored-file-problem" role="alert" data-testid="stored-file-problem">
            {problem}
          </span>
        )}
      </span>
      <button
        type="button"
        className="button button-small"
        aria-label={`Open ${attachment.name} with your system’s app`}
        data-testid="stored-file-open"
        disabled={opening}
        onClick={() => void open()}
      >
        Open
      </button>
      <button
        type="button"
        className="button button-small"
        aria-label={`Save ${attachment.name}`}
        data-testid="stored-file-save"
        onClick={() => void save()}
      >
        Save
      </button>
    </li>
  );
}

export function StoredAttachments({ attachments }: { attachments: readonly AttachmentRef[] }) {
  const { history } = useHistory();
  const read = useCallback<Read>((hash) => history.readAttachment(hash), [history]);
  if (attachments.length === 0) return null;
  return (
    <ul className="stored-attachments" data-testid="stored-attachments" aria-label="Attached files">
      {attachments.map((attachment, index) =>
        attachment.kind === 'image' ? (
          <StoredImage key={`${index}:${attachment.hash}`} attachment={attachment} read={read} />
        ) : (
          <StoredFile key={`${index}:${attachment.hash}`} attachment={attachment} read={read} />
        ),
      )}
    </ul>
  );
}
