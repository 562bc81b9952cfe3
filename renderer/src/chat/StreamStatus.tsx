/**
 * The line under an answer that says where its stream is: typing dots while waiting, a countdown
 * while retrying, and a quiet note for stopped / resumed / cut-off answers. Not a live region: the
 * conversation's one polite announcer speaks for the stream (see LiveAnnouncer).
 */
import type { MessageView } from '../store/message-view';
import { RetryCountdown } from './RetryCountdown';
import { answerNote } from './status-text';

export function StreamStatus({ message }: { message: MessageView }) {
  if (message.status === 'waiting') {
    return (
      <div className="stream-status" data-testid="stream-status" data-state="waiting">
        <span className="typing" aria-hidden="true">
          <span />
          <span />
          <span />
        </span>
        <span className="visually-hidden">Waiting for the answer</span>
      </div>
    );
  }
  if (message.status === 'retrying' && message.retry) {
    return (
      <div className="stream-status" data-testid="stream-status" data-state="retrying">
        <span className="spinner" aria-hidden="true" />
        <RetryCountdown retry={message.retry} />
      </div>
    );
  }
  const note = answerNote(message);
  if (!note) return null;
  return (
    <div className="stream-status" data-testid="stream-status" data-state={message.status}>
      {note}
    </div>
  );
}
