/** Editing a question in place; sending it replaces the question and everything after it. */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { shouldSubmit } from './composer-keys';

interface EditMessageFormProps {
  initial: string;
  online: boolean;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}

export function EditMessageForm({ initial, online, onSubmit, onCancel }: EditMessageFormProps) {
  const [text, setText] = useState(initial);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  }, []);
  const canSend = online && text.trim().length > 0;
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      // Esc here cancels the edit, not a stream elsewhere.
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (shouldSubmit(event)) {
      event.preventDefault();
      if (canSend) onSubmit(text);
    }
  };
  return (
    <form
      className="edit-form"
      data-testid="edit-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSend) onSubmit(text);
      }}
    >
      <label className="visually-hidden" htmlFor="edit-message">
        Edit your message
      </label>
      <textarea
        id="edit-message"
        ref={input}
        className="edit-input"
        data-testid="edit-input"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="edit-buttons">
        <button type="button" className="button" data-testid="edit-cancel" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="edit-send"
          disabled={!canSend}
        >
          Save and send
        </button>
      </div>
    </form>
  );
}
