/**
 * Says plainly when history is not being kept: the store could not open (this window keeps its
 * conversations in memory until it closes), or a save failed (disk full: what is stored stays
 * readable, new messages are kept only in this window). Otherwise, after a repair of damaged history,
 * what came back and the damaged file to export.
 */
import { DamagedHistoryNotice } from './DamagedHistoryNotice';
import { useHistory, useHistoryStatus } from './history-context';

export function StorageNotice() {
  const { status } = useHistory();
  const mode = useHistoryStatus((s) => s.mode);
  const writeError = useHistoryStatus((s) => s.writeError);

  if (mode?.kind === 'memory') {
    return (
      <div className="storage-notice" role="alert" data-testid="storage-notice" data-kind="memory">
        <strong>History is not being saved.</strong>{' '}
        <span>
          Runnel could not open its history storage ({mode.reason}). You can keep chatting: this
          window remembers its conversations until it closes.
        </span>
      </div>
    );
  }
  if (writeError) {
    const full = writeError.code === 'storage-full';
    return (
      <div
        className="storage-notice"
        role="alert"
        data-testid="storage-notice"
        data-kind={writeError.code}
      >
        <div>
          <strong>{full ? 'Storage is full.' : 'History could not be saved.'}</strong>{' '}
          <span>
            {full
              ? 'Your history is still here to read and search, but new messages are only kept in this window. Free some disk space and they will be saved again.'
              : writeError.message}
          </span>
        </div>
        <button
          type="button"
          className="button button-small"
          onClick={() => status.dismissWriteError()}
        >
          Dismiss
        </button>
      </div>
    );
  }
  return <DamagedHistoryNotice />;
}
