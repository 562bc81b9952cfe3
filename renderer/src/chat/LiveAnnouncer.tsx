/**
 * The one polite live region of the conversation. It speaks when an answer ends ("Answer
 * complete", "Stopped", or the error), never per token: the messages themselves are not live.
 */
import { useChat } from '../store/context';

export function LiveAnnouncer() {
  const announcement = useChat((s) => s.announcement);
  return (
    <div
      className="visually-hidden"
      aria-live="polite"
      aria-atomic="true"
      data-testid="live-region"
    >
      {/* A new node per announcement, so the same words are spoken again when they recur. */}
      <span key={announcement.id}>{announcement.text}</span>
    </div>
  );
}
