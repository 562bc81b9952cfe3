/**
 * Under an answer that has no per-answer image rejection to explain (a compared answer, the quick-ask
 * answer): where its stream is, and its error, if it ended in one, with the banner's actions.
 */
import type { ErrorAction } from '../store/error-presentation';
import type { MessageView } from '../store/message-view';
import { ErrorBanner } from './ErrorBanner';
import { StreamStatus } from './StreamStatus';

interface AnswerStatusProps {
  message: MessageView;
  /** From useAnswer: the answer failed or was cut off, and has an error to show. */
  showError: boolean;
  online: boolean;
  onErrorAction: (action: ErrorAction) => void;
}

export function AnswerStatus({ message, showError, online, onErrorAction }: AnswerStatusProps) {
  return (
    <>
      <StreamStatus message={message} />
      {showError && message.error && (
        <ErrorBanner
          error={message.error}
          resumable={message.resumable}
          online={online}
          onAction={onErrorAction}
        />
      )}
    </>
  );
}
