/**
 * Where questions are written. Enter sends, Shift+Enter adds a line; while an answer streams the
 * Send button becomes Stop (Esc works too, from anywhere in the conversation).
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { shouldSubmit } from './composer-keys';
import { SendOrStopButton } from './SendOrStopButton';

interface ComposerProps {
  /** Changes when another conversation opens, so the input takes focus there. */
  conversationKey: string;
  streaming: boolean;
  /** Why sending is off (offline, no provider); null when it is on. */
  blockedReason: string | null;
  onSend: (text: string) => void;
  onStop: () => void;
}

export function Composer({
  conversationKey,
  streaming,
  blockedReason,
  onSend,
  onStop,
}: ComposerProps) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), [conversationKey]);

  const canSend = !streaming && blockedReason === null && text.trim().length > 0;
  const send = () => {
    if (!canSend) return;
    onSend(text);
    setText('');
  };
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

  return (
    <form className="composer" onSubmit={onSubmit} data-testid="composer">
      {blockedReason && (
        <p className="composer-notice" data-testid="composer-notice" id="composer-notice">
          {blockedReason}
        </p>
      )}
      <div className="composer-box">
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
        />
        <SendOrStopButton
          streaming={streaming}
          canSend={canSend}
          onStop={onStop}
          sendLabel="Send"
          testIds={{ send: 'send-button', stop: 'stop-button' }}
        />
      </div>
      <p className="composer-hint" id="composer-hint">
        Enter to send · Shift+Enter for a new line{streaming ? ' · Esc to stop' : ''}
      </p>
    </form>
  );
}
