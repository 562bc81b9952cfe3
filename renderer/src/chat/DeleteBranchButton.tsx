/**
 * Delete under a message: asks first, naming how many messages go with it ("Delete this message and
 * the 4 below it?": everything below it, on every version), then deletes them all and offers Undo in
 * the window's toasts. Off while an answer of the conversation streams, and says so; a refusal from
 * history (an answer below still streaming in another window) is said in place.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useUndoDeletes } from '../history-view/undo-context';
import { useStores } from '../store/context';
import type { MessageView } from '../store/message-view';

type Step =
  | { name: 'idle' }
  | { name: 'counting' }
  | { name: 'asking'; below: number }
  | { name: 'deleting' }
  | { name: 'refused'; message: string };

/** How many below, in words: "and the 4 below it". */
const belowText = (below: number): string =>
  below === 0 ? '' : ` and the ${below === 1 ? 'one' : below.toLocaleString()} below it`;

/** One line of the message, for the toast. */
const titleOf = (message: MessageView): string => {
  const line = message.content.replace(/\s+/g, ' ').trim();
  if (!line) return message.role === 'user' ? 'your question' : 'the answer';
  return line.length > 60 ? `${line.slice(0, 59).trimEnd()}…` : line;
};

export function DeleteBranchButton({
  message,
  disabled,
}: {
  message: MessageView;
  /** An answer of the conversation is streaming. */
  disabled: boolean;
}) {
  const { chat } = useStores();
  const deletes = useUndoDeletes();
  const [step, setStep] = useState<Step>({ name: 'idle' });
  const trigger = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  /** Closing the question puts focus back on Delete, once it is enabled again. */
  const refocus = useRef(false);

  useEffect(() => {
    if (step.name === 'asking') confirm.current?.focus();
    if (step.name === 'idle' && refocus.current) {
      refocus.current = false;
      trigger.current?.focus();
    }
  }, [step.name]);

  if (!deletes) return null;
  const waitNote = disabled ? ' (wait for the answer to finish)' : '';

  const close = () => {
    refocus.current = true;
    setStep({ name: 'idle' });
  };
  const ask = async () => {
    setStep({ name: 'counting' });
    try {
      const size = await chat.countBelow(message.id);
      setStep({ name: 'asking', below: Math.max(0, size - 1) });
    } catch {
      setStep({
        name: 'refused',
        message: 'Could not read the messages below this one. Try again.',
      });
    }
  };
  const remove = async () => {
    setStep({ name: 'deleting' });
    const result = await chat.deleteBranch(message.id);
    if (!result.ok) {
      setStep({ name: 'refused', message: result.message });
      return;
    }
    const count = result.deleted.messages.length;
    deletes.request(`message:${message.id}`, titleOf(message), {
      detail: count > 1 ? `${count.toLocaleString()} messages` : undefined,
      // Removed already: the toast running out leaves it so, Undo saves it all back.
      commit: () => undefined,
      undo: () => void chat.restoreBranch(result.deleted),
    });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
  };

  return (
    <>
      <button
        ref={trigger}
        type="button"
        className="button button-small button-ghost"
        data-testid="message-delete"
        aria-label={`Delete${waitNote}`}
        title={disabled ? `Delete${waitNote}` : 'Delete this message and everything below it'}
        aria-expanded={step.name !== 'idle'}
        disabled={disabled || step.name !== 'idle'}
        onClick={() => void ask()}
      >
        Delete
      </button>
      {(step.name === 'asking' || step.name === 'deleting') && (
        <div
          className="delete-confirm"
          role="group"
          aria-label="Confirm delete"
          data-testid="delete-confirm"
          onKeyDown={onKeyDown}
        >
          <span className="delete-confirm-text" data-testid="delete-confirm-text">
            {step.name === 'asking' ? `Delete this message${belowText(step.below)}?` : 'Deleting…'}
          </span>
          <button
            ref={confirm}
            type="button"
            className="button button-small button-danger"
            data-testid="delete-confirm-yes"
            disabled={step.name === 'deleting'}
            onClick={() => void remove()}
          >
            Delete
          </button>
          <button
            type="button"
            className="button button-small"
            data-testid="delete-confirm-no"
            disabled={step.name === 'deleting'}
            onClick={close}
          >
            Cancel
          </button>
        </div>
      )}
      {step.name === 'refused' && (
        <div className="delete-confirm delete-refused" onKeyDown={onKeyDown}>
          <span className="delete-confirm-text" role="alert" data-testid="delete-refused">
            {step.message}
          </span>
          <button type="button" className="button button-small" onClick={close}>
            OK
          </button>
        </div>
      )}
    </>
  );
}
