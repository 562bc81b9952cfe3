/** Token usage, when the provider reported it: small and muted, for those who watch their bill. */
import type { UsageView } from '../../../preload/contract';
import { usageText } from './status-text';

export function UsageLine({ usage }: { usage: UsageView }) {
  return (
    <p className="usage" data-testid="message-usage">
      {usageText(usage)}
    </p>
  );
}
