/**
 * One model's answer in a comparison: its text as it streams, where its stream is, its error with
 * Retry or Continue, its usage, and its own Stop, Retry and "Continue with this one". Each answer has
 * its own stream, so nothing here touches the others.
 */
import { memo } from 'react';
import { useStores } from '../../store/context';
import { AnswerContent } from '../AnswerContent';
import { DroppedNote } from '../AnswerModel';
import { AnswerStatus } from '../AnswerStatus';
import { UsageLine } from '../UsageLine';
import { useAnswer } from '../use-answer';

interface CompareAnswerProps {
  id: string;
  /** The model's name, for the buttons' accessible names ("Stop alpha · Provider"). */
  label: string;
  onOpenSettings: () => void;
}

function CompareAnswerImpl({ id, label, onOpenSettings }: CompareAnswerProps) {
  const { chat } = useStores();
  const { message, online, live, showError, copyCode, onErrorAction, openExternal } = useAnswer(
    id,
    onOpenSettings,
  );
  if (!message) return null;
  return (
    <div
      className="compare-answer"
      data-testid="compare-answer"
      data-message-id={id}
      data-status={message.status}
      data-model={message.model ?? ''}
      aria-busy={live || undefined}
    >
      <div className="message-bubble compare-answer-text" data-testid="message-content">
        <AnswerContent
          message={message}
          streaming={live}
          onOpenLink={openExternal}
          onCopyCode={copyCode}
        />
      </div>
      <AnswerStatus
        message={message}
        showError={showError}
        online={online}
        onErrorAction={onErrorAction}
      />
      {message.droppedParameters && <DroppedNote dropped={message.droppedParameters} />}
      {message.usage && !live && <UsageLine usage={message.usage} />}
      <div className="compare-answer-actions">
        {live ? (
          <button
            type="button"
            className="button button-small"
            data-testid="compare-stop"
            aria-label={`Stop ${label}`}
            onClick={() => chat.cancel(id)}
          >
            <span className="stop-square" aria-hidden="true" />
            Stop
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button button-small button-primary"
              data-testid="compare-keep"
              aria-label={`Continue with ${label}'s answer`}
              title="Go on from this answer; the others stay as versions of it"
              onClick={() => void chat.keepAnswer(id)}
            >
              Continue with this one
            </button>
            {/* A failed answer's banner has its own Retry. */}
            {!showError && (
              <button
                type="button"
                className="button button-small button-ghost"
                data-testid="compare-retry"
                aria-label={`Ask ${label} again`}
                title={online ? 'Ask this model again' : 'You are offline'}
                disabled={!online}
                onClick={() => void chat.regenerate(id)}
              >
                Retry
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}

export const CompareAnswer = memo(CompareAnswerImpl);
