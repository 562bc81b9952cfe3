/** A new chat before its first message. */
export function EmptyConversation({ providerLabel }: { providerLabel: string | null }) {
  return (
    <div className="empty-conversation" data-testid="empty-conversation">
      <h1>What can I help with?</h1>
      {providerLabel && <p className="muted">Answers come from {providerLabel}.</p>}
    </div>
  );
}
