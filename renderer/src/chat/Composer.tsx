/**
 * Where questions are written. Enter sends, Shift+Enter adds a line; while an answer streams the
 * Send button becomes Stop (Esc works too, from anywhere in the conversation). Files attach with the
 * button, by pasting, or by dropping them anywhere on the window; each shows as a chip above the box.
 */
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { sentOf, type Draft } from '../attachments/composer-drafts';
import { checkBeforeSend } from '../attachments/send-check';
import type { SentAttachment } from '../attachments/sent-attachment';
import { resolveVision } from '../attachments/vision-capability';
import { useListedInput } from '../attachments/vision-listing';
import { pageVisionOverrides } from '../attachments/vision-overrides';
import { useStores } from '../store/context';
import { DraftChip } from './AttachmentChips';
import { shouldSubmit } from './composer-keys';
import { DropTarget } from './DropTarget';
import { ImagesAsk } from './ImagesAsk';
import { SendOrStopButton } from './SendOrStopButton';
import { useAttachmentDrafts } from './use-attachment-drafts';

/** The model the next answer is asked of, for the question "does it read images?". */
export interface ComposerTarget {
  providerId: string;
  model: string;
}

interface ComposerProps {
  /** Changes when another conversation opens, so the input takes focus there. */
  conversationKey: string;
  streaming: boolean;
  /** Why sending is off (offline, no provider); null when it is on. */
  blockedReason: string | null;
  target?: ComposerTarget | null;
  /** Shown at the top of the composer: the models the next question goes to, when several. */
  above?: ReactNode;
  onSend: (text: string, attachments: SentAttachment[]) => void;
  onStop: () => void;
}

/**
 * The files of a paste. Text wins: a spreadsheet or a word processor puts its copied cells on the
 * clipboard as text and as a picture of them, and the text is what was meant.
 */
export function pastedFiles(data: DataTransfer): File[] {
  if (data.types.includes('text/plain')) return [];
  return Array.from(data.files);
}

export function Composer({
  conversationKey,
  streaming,
  blockedReason,
  target = null,
  above = null,
  onSend,
  onStop,
}: ComposerProps) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [conversationKey]);
  // The chat window's CSP allows blob: images: a picked image shows at once.
  const attachments = useAttachmentDrafts({
    previewOriginals: true,
    providerId: target?.providerId ?? null,
  });
  const { drafts } = attachments;
  const overrides = useMemo(() => pageVisionOverrides(), []);
  // Bumped when the switch is set here, so the next render reads it again.
  const [, setOverrideVersion] = useState(0);
  const userOverride = target ? overrides.get(target.providerId, target.model) : undefined;
  // What the provider's model list says, from the catalog main has cached (no request is sent).
  const listed = useListedInput(useStores().models, target);
  const listedInput = listed.status === 'done' ? listed.input : undefined;
  const vision = useMemo(
    () =>
      target
        ? resolveVision({
            modelId: target.model,
            ...(listedInput === undefined ? {} : { listedInput }),
            ...(userOverride === undefined ? {} : { userOverride }),
          })
        : null,
    [target, listedInput, userOverride],
  );
  /** Send was pressed while files were still being read: send once they are. */
  const [sendWhenReady, setSendWhenReady] = useState(false);
  /** Why the last Send did not go, shown until the files change (or it goes). */
  const [notice, setNotice] = useState<{ text: string; drafts: readonly Draft[] } | null>(null);
  const [ask, setAsk] = useState<string | null>(null);
  const shownNotice = notice && (sendWhenReady || notice.drafts === drafts) ? notice.text : null;

  const hasContent = text.trim().length > 0 || drafts.length > 0;
  const canSend = !streaming && blockedReason === null && hasContent;

  const send = useCallback(
    (imagesConfirmed = false) => {
      if (!canSend) return;
      // Images wait the moment it takes to read what the model list says of this model.
      if (listed.status === 'looking' && drafts.some((draft) => draft.kind === 'image')) {
        setSendWhenReady(true);
        return;
      }
      const check = checkBeforeSend(
        drafts,
        { model: target?.model ?? null, vision },
        imagesConfirmed,
      );
      setSendWhenReady(check.kind === 'wait');
      setAsk(check.kind === 'ask-images' ? check.message : null);
      setNotice(
        check.kind === 'wait' || check.kind === 'refused' ? { text: check.message, drafts } : null,
      );
      if (check.kind !== 'send') return;
      onSend(text, sentOf(drafts));
      setText('');
      attachments.clear();
    },
    [canSend, listed.status, drafts, target, vision, onSend, text, attachments],
  );

  // The last file was read: a send that waited for it goes now (or says what stops it).
  useEffect(() => {
    // The worker's answer is the outside event here; sending (and clearing the box) follows from it.
    const ready =
      listed.status === 'done' && !drafts.some((draft) => draft.status === 'processing');
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (sendWhenReady && ready) send();
  }, [sendWhenReady, listed.status, drafts, send]);

  const addFiles = useCallback(
    (files: File[]) => {
      setAsk(null);
      attachments.add(files);
    },
    [attachments],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!shouldSubmit(event)) return;
    // Enter never inserts a line, even when sending is not possible right now.
    event.preventDefault();
    send();
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = pastedFiles(event.clipboardData);
    if (files.length === 0) return;
    event.preventDefault();
    addFiles(files);
  };
  const removeImages = () => {
    for (const draft of drafts) if (draft.kind === 'image') attachments.remove(draft.id);
    setAsk(null);
  };

  return (
    <form
      className="composer"
      onSubmit={onSubmit}
      data-testid="composer"
      data-vision-source={listed.status === 'looking' ? 'looking' : vision?.source}
    >
      <DropTarget onFiles={addFiles} />
      {above}
      {blockedReason && (
        <p className="composer-notice" data-testid="composer-notice" id="composer-notice">
          {blockedReason}
        </p>
      )}
      {ask && (
        <ImagesAsk
          message={ask}
          model={target?.model ?? null}
          onSendAnyway={(remember) => {
            if (remember && target) {
              overrides.set(target.providerId, target.model, true);
              setOverrideVersion((version) => version + 1);
            }
            setAsk(null);
            send(true);
          }}
          onRemoveImages={removeImages}
        />
      )}
      {shownNotice && (
        <p className="composer-notice" role="status" data-testid="attachments-notice">
          {shownNotice}
        </p>
      )}
      <div className="composer-box">
        {drafts.length > 0 && (
          <ul className="attachment-chips" aria-label="Attachments" data-testid="attachment-chips">
            {drafts.map((draft) => (
              <DraftChip
                key={draft.id}
                draft={draft}
                canSendPagesAsImages={vision?.vision !== false}
                onRemove={() => attachments.remove(draft.id)}
                onSendPagesAsImages={() => attachments.sendPagesAsImages(draft.id)}
                onPassword={(password) => attachments.unlock(draft.id, password)}
              />
            ))}
          </ul>
        )}
        <div className="composer-row">
          <button
            type="button"
            className="composer-attach"
            data-testid="attach-button"
            aria-label="Attach files"
            title="Attach images, PDFs or text files"
            onClick={() => picker.current?.click()}
          >
            <svg
              width="16"
              height="16"
              viewBox="0 0 16 16"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
              strokeLinecap="round"
              aria-hidden="true"
            >
              <path d="M13.5 7.5 8 13a3.5 3.5 0 0 1-5-5l6-6a2.3 2.3 0 0 1 3.3 3.3L6.5 11.1a1.2 1.2 0 0 1-1.7-1.7L10 4.3" />
            </svg>
          </button>
          <input
            ref={picker}
            type="file"
            multiple
            hidden
            data-testid="attach-input"
            onChange={(event) => {
              addFiles(Array.from(event.target.files ?? []));
              // The same file can be picked again after it was removed.
              event.target.value = '';
            }}
          />
          <label htmlFor="composer-input" className="visually-hidden">
            Message
          </label>
          <textarea
            id="composer-input"
            ref={input}
            className="composer-input"
            data-testid="composer-input"
            placeholder="Ask anything"
            rows={1}
            value={text}
            aria-describedby={blockedReason ? 'composer-notice' : 'composer-hint'}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
          />
          <SendOrStopButton
            streaming={streaming}
            canSend={canSend}
            onStop={onStop}
            sendLabel="Send"
            testIds={{ send: 'send-button', stop: 'stop-button' }}
          />
        </div>
      </div>
      <p className="composer-hint" id="composer-hint">
        Enter to send · Shift+Enter for a new line{streaming ? ' · Esc to stop' : ''}
      </p>
    </form>
  );
}
