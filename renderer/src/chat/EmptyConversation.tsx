/** A new chat before its first message, with the assistants it can start with. */
import { AssistantPicker } from '../assistants/AssistantPicker';

export function EmptyConversation({ providerLabel }: { providerLabel: string | null }) {
  return (
    <div className="empty-conversation" data-testid="empty-conversation">
      <h1>What can I help with?</h1>
      {providerLabel && <p className="muted">Answers come from {providerLabel}.</p>}
      <AssistantPicker />
    </div>
  );
}
