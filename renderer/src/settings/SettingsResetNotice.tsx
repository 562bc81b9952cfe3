/**
 * Says, once per window, that the settings file was unreadable at start: where the old file was kept,
 * and that Runnel started with defaults (so the providers to set up again are not a mystery).
 */
import { useState } from 'react';
import type { SettingsReset } from '../../../preload/contract';
import { useSettings } from '../store/context';

export function settingsResetText(reset: SettingsReset): string {
  const kept = reset.keptAs
    ? `it was kept as ${reset.keptAs}`
    : 'it could not be moved aside, and will be replaced when you change a setting';
  return `Your settings file was damaged (${reset.reason}); ${kept}, and Runnel started with default settings. Add your providers again, or restore them from that file.`;
}

export function SettingsResetNotice() {
  const reset = useSettings((s) => s.view?.reset ?? null);
  const [dismissed, setDismissed] = useState(false);
  if (!reset || dismissed) return null;
  return (
    <div className="notice notice-warning" role="status" data-testid="settings-reset-notice">
      <p>{settingsResetText(reset)}</p>
      <button
        type="button"
        className="button button-small"
        data-testid="settings-reset-dismiss"
        onClick={() => setDismissed(true)}
      >
        Dismiss
      </button>
    </div>
  );
}
