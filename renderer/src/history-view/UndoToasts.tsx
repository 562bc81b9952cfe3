/** "Deleted “Title”" with Undo, one toast per delete still undoable. */
import { CloseIcon } from '../app-shell/icons';
import { useStore } from '../store/use-store';
import type { PendingDeletes } from './pending-deletes';

export function UndoToasts({ deletes }: { deletes: PendingDeletes }) {
  const pending = useStore(deletes, (state) => state);
  if (pending.length === 0) return null;
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
      {pending.slice(-3).map((entry) => (
        <div className="toast" key={entry.id} data-testid="undo-toast">
          <span className="toast-text">
            Deleted {entry.detail ? `${entry.detail}: ` : ''}“
            <span className="toast-title">{entry.title || 'New chat'}</span>”
          </span>
          <button
            type="button"
            className="button button-small toast-undo"
            data-testid="undo-delete"
            onClick={() => deletes.undo(entry.id)}
          >
            Undo
          </button>
          <button
            type="button"
            className="toast-close"
            aria-label="Dismiss"
            onClick={() => deletes.commit(entry.id)}
          >
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  );
}
