/**
 * After history was found damaged and repaired: what came back, and the damaged file, kept as it was,
 * to export (for a specialist, or a later tool) or to delete. Shown while a kept copy exists, until
 * dismissed for this window.
 */
import { useEffect, useState } from 'react';
import type { DamagedCopy } from '../history/damaged-copies';
import { damagedCopyFile, deleteDamagedCopy, listDamagedCopies } from '../history/damaged-copies';
import { defaultStoreName } from '../history/history-client';
import { downloadFile } from './download';
import { useHistory, useHistoryStatus } from './history-context';
import { repairSummary } from './repair-notice';

export function DamagedHistoryNotice() {
  const { history } = useHistory();
  const persistent = useHistoryStatus((s) => s.mode?.kind === 'persistent');
  const [copy, setCopy] = useState<DamagedCopy | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!persistent) return;
    let current = true;
    const refresh = () =>
      void listDamagedCopies(defaultStoreName).then(
        (copies) => current && setCopy(copies[0] ?? null),
        () => undefined,
      );
    refresh();
    // A repair while the window is open (damage met by a later write) announces itself; ordinary
    // changes (every message saved) do not send this notice back to storage.
    const off = history.onChange((change) => change.type === 'repaired' && refresh());
    return () => {
      current = false;
      off();
    };
  }, [history, persistent]);

  if (!copy || dismissed) return null;

  const exportCopy = async () => {
    try {
      downloadFile(copy.name, await damagedCopyFile(defaultStoreName, copy.name));
    } catch (error) {
      setFailure(`The damaged file could not be read (${messageOf(error)}).`);
    }
  };
  const deleteCopy = async () => {
    try {
      await deleteDamagedCopy(defaultStoreName, copy.name);
      setCopy(null);
    } catch (error) {
      setFailure(`The damaged file could not be deleted (${messageOf(error)}).`);
    }
  };

  return (
    <div className="storage-notice" role="status" data-testid="damaged-history-notice">
      <div>
        <strong>History was repaired.</strong>{' '}
        <span data-testid="damaged-history-summary">{repairSummary(copy.report)}</span>
        {failure && <span role="alert"> {failure}</span>}
      </div>
      <button
        type="button"
        className="button button-small"
        data-testid="damaged-history-export"
        onClick={() => void exportCopy()}
      >
        Export damaged file…
      </button>
      <button
        type="button"
        className="button button-small"
        data-testid="damaged-history-delete"
        onClick={() => void deleteCopy()}
      >
        Delete it
      </button>
      <button type="button" className="button button-small" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  );
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
