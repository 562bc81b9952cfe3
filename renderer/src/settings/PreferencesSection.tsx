/**
 * Preferences, each saved on its own as soon as it is chosen (selects, switches) or left (text and
 * numbers), so an error shows beside the one field that caused it.
 */
import { useState } from 'react';
import type { Preferences, Theme } from '../../../preload/contract';
import { parseIntegerIn, parseTemperature } from './preference-fields';
import { SaveStatus } from './SaveStatus';
import { useChoiceWhileSaving, usePreferenceSave } from './use-preference-save';

export function PreferencesSection({ preferences }: { preferences: Preferences }) {
  return (
    <section
      className="settings-section"
      aria-labelledby="preferences-heading"
      data-testid="preferences-section"
    >
      <h2 id="preferences-heading">Preferences</h2>
      <SystemPromptField value={preferences.systemPrompt} />
      <TemperatureField value={preferences.temperature} />
      <StreamingField value={preferences.streaming} />
      <IntegerField
        testId="pref-max-attempts"
        label="Attempts before giving up"
        hint="How many times Runnel tries to reach the provider before showing an error."
        field="maxAttempts"
        min={1}
        max={10}
        value={preferences.maxAttempts}
      />
      <IntegerField
        testId="pref-idle-timeout"
        label="Idle timeout (seconds)"
        hint="An answer that sends nothing for this long counts as interrupted and is resumed."
        field="idleTimeoutSec"
        min={5}
        max={600}
        value={preferences.idleTimeoutSec}
      />
      <ThemeField value={preferences.theme} />
    </section>
  );
}

function SystemPromptField({ value }: { value: string }) {
  const [text, setText] = useState(value);
  const [state, save] = usePreferenceSave();
  return (
    <div className="field">
      <label htmlFor="pref-system-prompt">System prompt</label>
      <textarea
        id="pref-system-prompt"
        data-testid="pref-system-prompt"
        rows={4}
        value={text}
        placeholder="Instructions sent before every conversation, for example: Answer briefly."
        aria-describedby="pref-system-prompt-status"
        onChange={(event) => setText(event.target.value)}
        onBlur={() => text !== value && void save({ systemPrompt: text })}
      />
      <SaveStatus id="pref-system-prompt-status" state={state} testId="pref-system-prompt" />
    </div>
  );
}

function TemperatureField({ value }: { value: number | null }) {
  const [text, setText] = useState(value === null ? '1' : String(value));
  const [state, save, fail] = usePreferenceSave();
  const [useDefault, choose] = useChoiceWhileSaving(value === null);
  const commit = (next: string) => {
    const parsed = parseTemperature(next);
    if (!parsed.ok) fail(parsed.message);
    else if (parsed.value !== value) choose(false, save({ temperature: parsed.value }));
  };
  return (
    <fieldset className="field">
      <legend>Temperature</legend>
      <label className="check">
        <input
          type="checkbox"
          data-testid="pref-temperature-default"
          checked={useDefault}
          onChange={(event) => {
            if (event.target.checked) choose(true, save({ temperature: null }));
            else commit(text);
          }}
        />
        Use the provider&apos;s default
      </label>
      <div className="field-row">
        <input
          type="range"
          min={0}
          max={2}
          step={0.1}
          aria-label="Temperature"
          disabled={useDefault}
          value={Number(text) || 0}
          onChange={(event) => setText(event.target.value)}
          onPointerUp={() => commit(text)}
          onKeyUp={() => commit(text)}
        />
        <input
          className="number-input"
          data-testid="pref-temperature"
          aria-label="Temperature value"
          inputMode="decimal"
          disabled={useDefault}
          value={text}
          aria-describedby="pref-temperature-status"
          onChange={(event) => setText(event.target.value)}
          onBlur={() => commit(text)}
        />
      </div>
      <p className="hint">Lower is more focused, higher more varied.</p>
      <SaveStatus id="pref-temperature-status" state={state} testId="pref-temperature" />
    </fieldset>
  );
}

function StreamingField({ value }: { value: boolean }) {
  const [state, save] = usePreferenceSave();
  const [shown, choose] = useChoiceWhileSaving(value);
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          data-testid="pref-streaming"
          checked={shown}
          aria-describedby="pref-streaming-status"
          onChange={(event) =>
            choose(event.target.checked, save({ streaming: event.target.checked }))
          }
        />
        Stream answers as they are written
      </label>
      <p className="hint">
        Turn off for proxies that break streaming; answers then appear when complete.
      </p>
      <SaveStatus id="pref-streaming-status" state={state} testId="pref-streaming" />
    </div>
  );
}

interface IntegerFieldProps {
  testId: string;
  label: string;
  hint: string;
  field:
    | 'maxAttempts'
    | 'idleTimeoutSec'
    | 'toolCallTimeoutSec'
    | 'toolMaxSteps'
    | 'attachTextMaxKB'
    | 'attachPdfPageImages';
  min: number;
  max: number;
  value: number;
}

/** A whole-number preference, checked against its bounds before it is saved (also used by Tools and Attachments). */
export function IntegerField({ testId, label, hint, field, min, max, value }: IntegerFieldProps) {
  const [text, setText] = useState(String(value));
  const [state, save, fail] = usePreferenceSave();
  const commit = () => {
    const parsed = parseIntegerIn(text, min, max, label);
    if (!parsed.ok) fail(parsed.message);
    else if (parsed.value !== value) void save({ [field]: parsed.value });
  };
  return (
    <div className="field">
      <label htmlFor={testId}>{label}</label>
      <input
        id={testId}
        className="number-input"
        data-testid={testId}
        type="number"
        min={min}
        max={max}
        step={1}
        value={text}
        aria-describedby={`${testId}-hint ${testId}-status`}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
      />
      <p className="hint" id={`${testId}-hint`}>
        {hint}
      </p>
      <SaveStatus id={`${testId}-status`} state={state} testId={testId} />
    </div>
  );
}

const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

function ThemeField({ value }: { value: Theme }) {
  const [state, save] = usePreferenceSave();
  const [shown, choose] = useChoiceWhileSaving(value);
  return (
    <div className="field">
      <label htmlFor="pref-theme">Theme</label>
      <select
        id="pref-theme"
        data-testid="pref-theme"
        value={shown}
        aria-describedby="pref-theme-status"
        onChange={(event) => {
          const theme = THEMES.find((t) => t === event.target.value);
          if (theme) choose(theme, save({ theme }));
        }}
      >
        <option value="system">Follow the system</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
      <SaveStatus id="pref-theme-status" state={state} testId="pref-theme" />
    </div>
  );
}
