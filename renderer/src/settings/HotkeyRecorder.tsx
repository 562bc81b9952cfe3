/**
 * The quick-ask hotkey: click, press the combination (shown as it is pressed), and main registers it.
 * A combination that is taken or refused is reported with the reason, and the old hotkey stays, so
 * the user can simply try another. Esc cancels; Tab moves on, never trapped.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { HotkeyStatus } from '../../../preload/contract';
import { useSettings, useStores } from '../store/context';
import { FieldError } from './FieldError';
import { displayAccelerator, displayParts, isMac, recordKey } from './recorder-keys';
import './hotkey-recorder.css';

type Recording = { kind: 'idle' } | { kind: 'recording'; parts: string[] } | { kind: 'saving' };

type Outcome =
  { kind: 'none' } | { kind: 'saved'; message: string } | { kind: 'error'; message: string };

const describe = (status: HotkeyStatus | null, mac: boolean): string => {
  if (!status) return 'Loading…';
  if (status.active) return displayAccelerator(status.active, mac);
  if (status.chosen) return `${displayAccelerator(status.chosen, mac)} (not active)`;
  return 'None';
};

export function HotkeyRecorder() {
  const { settings } = useStores();
  const status = useSettings((s) => s.hotkey);
  const [recording, setRecording] = useState<Recording>({ kind: 'idle' });
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const mac = isMac();
  const listening = recording.kind === 'recording';

  // Suspended while listening, or pressing the current hotkey would open quick ask, not record it.
  useEffect(() => {
    if (!listening) return undefined;
    settings.recordingHotkey(true);
    return () => settings.recordingHotkey(false);
  }, [listening, settings]);

  const save = async (accelerator: string | null) => {
    setRecording({ kind: 'saving' });
    const result =
      accelerator === null ? await settings.clearHotkey() : await settings.setHotkey(accelerator);
    setRecording({ kind: 'idle' });
    if (!result.ok) setOutcome({ kind: 'error', message: result.error.message });
    else if (!result.value.ok) setOutcome({ kind: 'error', message: result.value.error.message });
    else
      setOutcome({
        kind: 'saved',
        message: result.value.accelerator
          ? 'Saved'
          : 'No hotkey: use the tray or runnel --quick-ask',
      });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (recording.kind !== 'recording') return;
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey;
    if (plain && event.key === 'Tab') {
      setRecording({ kind: 'idle' });
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (plain && event.key === 'Escape') {
      setRecording({ kind: 'idle' });
      return;
    }
    const recorded = recordKey(event, mac);
    if (recorded.accelerator) void save(recorded.accelerator);
    else setRecording({ kind: 'recording', parts: recorded.parts });
  };

  const label =
    recording.kind === 'recording'
      ? recording.parts.length > 0
        ? `${displayParts(recording.parts, mac)}…`
        : 'Press the keys…'
      : recording.kind === 'saving'
        ? 'Saving…'
        : describe(status, mac);

  return (
    <div className="field">
      <span className="field-label" id="hotkey-label">
        Quick-ask hotkey
      </span>
      <div className="field-row">
        <button
          type="button"
          className={`button hotkey-recorder${recording.kind === 'recording' ? ' is-recording' : ''}`}
          data-testid="hotkey-recorder"
          data-state={recording.kind}
          aria-labelledby="hotkey-label hotkey-recorder-value"
          aria-describedby="hotkey-hint hotkey-status"
          aria-pressed={recording.kind === 'recording'}
          disabled={recording.kind === 'saving'}
          onClick={() => {
            setOutcome({ kind: 'none' });
            setRecording({ kind: 'recording', parts: [] });
          }}
          onKeyDown={onKeyDown}
          onBlur={() => recording.kind === 'recording' && setRecording({ kind: 'idle' })}
        >
          <kbd id="hotkey-recorder-value" data-testid="hotkey-value">
            {label}
          </kbd>
        </button>
        {status?.chosen && (
          <button
            type="button"
            className="button button-ghost"
            data-testid="hotkey-clear"
            onClick={() => void save(null)}
          >
            Turn off
          </button>
        )}
      </div>
      <p className="hint" id="hotkey-hint">
        Opens quick ask from any app. Click, then press the combination; Esc cancels.
      </p>
      {status?.sessionNote && (
        <p className="notice notice-warning" data-testid="hotkey-session-note">
          {status.sessionNote}
        </p>
      )}
      {outcome.kind === 'error' ? (
        <FieldError id="hotkey-status" message={outcome.message} testId="hotkey-error" />
      ) : status?.problem && outcome.kind === 'none' ? (
        <FieldError id="hotkey-status" message={status.problem.message} testId="hotkey-problem" />
      ) : (
        <span className="save-status muted" id="hotkey-status" data-testid="hotkey-status">
          {outcome.kind === 'saved' ? outcome.message : ''}
        </span>
      )}
    </div>
  );
}
