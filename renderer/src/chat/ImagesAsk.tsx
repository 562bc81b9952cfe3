/**
 * Asked before images go to a model marked text-only: send them anyway (and, if the user says so,
 * remember that this model reads images), or send without them.
 */
import { useState } from 'react';

export function ImagesAsk({
  message,
  model,
  onSendAnyway,
  onRemoveImages,
}: {
  message: string;
  model: string | null;
  onSendAnyway: (remember: boolean) => void;
  onRemoveImages: () => void;
}) {
  const [remember, setRemember] = useState(false);
  return (
    <div
      className="composer-notice images-ask"
      role="alertdialog"
      aria-label="Send images?"
      data-testid="images-ask"
    >
      <p className="images-ask-text">
        {message} It may refuse the request or answer without seeing them.
      </p>
      {model && (
        <label className="images-ask-remember">
          <input
            type="checkbox"
            checked={remember}
            onChange={(event) => setRemember(event.target.checked)}
          />{' '}
          {model} reads images: don’t ask again
        </label>
      )}
      <div className="images-ask-actions">
        <button
          type="button"
          data-testid="images-send-anyway"
          onClick={() => onSendAnyway(remember)}
        >
          Send anyway
        </button>
        <button type="button" data-testid="images-remove" onClick={onRemoveImages}>
          Remove images
        </button>
      </div>
    </div>
  );
}
