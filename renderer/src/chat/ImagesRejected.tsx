/**
 * A provider that refused the images of a question (a 400 naming images or content parts) gets its
 * own banner: what happened, in words, and "Resend without images" (the question again as a new
 * version, its text and other files kept), beside Retry.
 */
import { classifyImageRejection, type ImageRejection } from '../attachments/image-rejection';
import { hasImages } from '../attachments/sent-attachment';
import { useChat } from '../store/context';
import type { MessageView } from '../store/message-view';

/** The rejection, when this failed answer's question carried images and the provider refused them. */
export function useImagesRejected(message: MessageView | null | undefined): ImageRejection | null {
  const parentId = message?.parentId ?? null;
  const questionHadImages = useChat((state) =>
    parentId ? hasImages(state.messages[parentId]?.attachments) : false,
  );
  const error = message?.status === 'error' ? message.error : null;
  if (!error || !questionHadImages) return null;
  return classifyImageRejection({
    status: error.status ?? 0,
    body: error.message,
    requestHadImages: true,
  });
}

export function ImagesRejectedBanner({
  rejection,
  online,
  onResendWithoutImages,
  onRetry,
}: {
  rejection: ImageRejection;
  online: boolean;
  onResendWithoutImages: () => void;
  onRetry: () => void;
}) {
  return (
    <div className="error-banner" data-testid="error-banner" data-error-code={rejection.code}>
      <div className="error-text">
        <strong className="error-title">This model does not accept images</strong>
        <span className="error-message">{rejection.message}</span>
        <span className="error-message error-provider-words">{rejection.providerMessage}</span>
      </div>
      <div className="error-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="error-resend-without-images"
          disabled={!online}
          title={online ? undefined : 'You are offline'}
          onClick={onResendWithoutImages}
        >
          Resend without images
        </button>
        <button
          type="button"
          className="button"
          data-testid="error-retry"
          disabled={!online}
          onClick={onRetry}
        >
          Retry
        </button>
      </div>
    </div>
  );
}
