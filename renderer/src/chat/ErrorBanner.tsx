/** What went wrong with an answer, in words, with the action that can fix it. */
import type { ChatErrorView } from '../../../preload/contract';
import { ACTION_LABELS, presentError, type ErrorAction } from '../store/error-presentation';

interface ErrorBannerProps {
  error: ChatErrorView;
  resumable: boolean;
  online: boolean;
  onAction: (action: ErrorAction) => void;
}

const TEST_IDS: Record<ErrorAction, string> = {
  settings: 'error-open-settings',
  retry: 'error-retry',
  continue: 'error-continue',
  newChat: 'error-new-chat',
};

export function ErrorBanner({ error, resumable, online, onAction }: ErrorBannerProps) {
  const { title, actions } = presentError(error, resumable);
  return (
    <div className="error-banner" data-testid="error-banner" data-error-code={error.code}>
      <div className="error-text">
        <strong className="error-title">{title}</strong>
        <span className="error-message">{error.message}</span>
      </div>
      <div className="error-actions">
        {actions.map((action, index) => {
          // Retry and Continue need the network; settings never does.
          const blocked = action !== 'settings' && !online;
          return (
            <button
              key={action}
              type="button"
              className={index === 0 ? 'button button-primary' : 'button'}
              data-testid={TEST_IDS[action]}
              disabled={blocked}
              title={blocked ? 'You are offline' : undefined}
              onClick={() => onAction(action)}
            >
              {ACTION_LABELS[action]}
            </button>
          );
        })}
      </div>
    </div>
  );
}
