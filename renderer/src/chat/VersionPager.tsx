/**
 * `‹ 2 / 3 ›` under a message that has other versions (an edited question, a regenerated answer):
 * pages through them, each showing the branch that follows it. Buttons, so keyboard and screen
 * readers page the same way as the mouse.
 */
import { useChat, useStores } from '../store/context';

interface VersionPagerProps {
  messageId: string;
  /** While an answer of the conversation streams, paging would hide it: the pager waits. */
  disabled: boolean;
}

export function VersionPager({ messageId, disabled }: VersionPagerProps) {
  const { chat } = useStores();
  const position = useChat((state) => state.siblings[messageId]);
  if (!position) return null;
  const page = (to: string | null) => {
    if (to) void chat.showVersion(to);
  };
  const waitNote = disabled ? ' (wait for the answer to finish)' : '';
  return (
    <div className="version-pager" role="group" aria-label="Versions" data-testid="version-pager">
      <button
        type="button"
        className="button button-small button-ghost"
        aria-label={`Previous version${waitNote}`}
        title={`Previous version${waitNote}`}
        data-testid="version-previous"
        disabled={disabled || position.previousId === null}
        onClick={() => page(position.previousId)}
      >
        ‹
      </button>
      <span className="version-position" data-testid="version-position" aria-live="polite">
        {position.index} / {position.count}
      </span>
      <button
        type="button"
        className="button button-small button-ghost"
        aria-label={`Next version${waitNote}`}
        title={`Next version${waitNote}`}
        data-testid="version-next"
        disabled={disabled || position.nextId === null}
        onClick={() => page(position.nextId)}
      >
        ›
      </button>
    </div>
  );
}
