/** A live "Retrying in 3 s (2/4)" that counts down on its own, without the store's help. */
import { useEffect, useState } from 'react';
import type { RetryInfo } from '../store/message-view';
import { retryText } from './status-text';

export function RetryCountdown({ retry }: { retry: RetryInfo }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [retry]);
  return (
    <span className="retry-countdown" data-testid="retry-countdown" title={retry.reason}>
      {retryText(retry, now)}
    </span>
  );
}
