/**
 * Quick ask and the tray: the hotkey, what quick ask starts with and answers as, close to tray, start
 * at login.
 */
import type { Preferences, QuickAskContext } from '../../../preload/contract';
import { QuickAskAssistantField } from '../assistants/QuickAskAssistantField';
import { HotkeyRecorder } from './HotkeyRecorder';
import { SaveStatus } from './SaveStatus';
import { useChoiceWhileSaving, usePreferenceSave } from './use-preference-save';

const CONTEXTS: readonly QuickAskContext[] = ['none', 'clipboard', 'selection'];

export function QuickAskSection({ preferences }: { preferences: Preferences }) {
  return (
    <section
      className="settings-section"
      aria-labelledby="quick-ask-heading"
      data-testid="quick-ask-section"
    >
      <h2 id="quick-ask-heading">Quick ask and tray</h2>
      <HotkeyRecorder />
      <ContextField value={preferences.quickAskContext} />
      <QuickAskAssistantField />
      <SwitchField
        field="closeToTray"
        value={preferences.closeToTray}
        label="Closing the window keeps Runnel in the tray"
        hint="Answers keep streaming and the hotkey keeps working. Some Linux desktops show no tray icon: there, run runnel again to bring the window back."
      />
      <SwitchField
        field="startAtLogin"
        value={preferences.startAtLogin}
        label="Start Runnel when you log in"
        hint="It starts in the tray, without a window, ready for the hotkey."
      />
    </section>
  );
}

function ContextField({ value }: { value: QuickAskContext }) {
  const [state, save] = usePreferenceSave();
  const [shown, choose] = useChoiceWhileSaving(value);
  return (
    <div className="field">
      <label htmlFor="pref-quick-ask-context">Quick ask starts with</label>
      <select
        id="pref-quick-ask-context"
        data-testid="pref-quick-ask-context"
        value={shown}
        aria-describedby="pref-quick-ask-context-hint pref-quick-ask-context-status"
        onChange={(event) => {
          const context = CONTEXTS.find((c) => c === event.target.value);
          if (context) choose(context, save({ quickAskContext: context }));
        }}
      >
        <option value="none">Nothing</option>
        <option value="clipboard">The clipboard</option>
        <option value="selection">The selected text</option>
      </select>
      <p className="hint" id="pref-quick-ask-context-hint">
        Shown above the question, to send with it or leave out. The selected text is read from the
        primary selection on Linux; macOS and Windows do not let apps read another app&apos;s
        selection, so there it is the clipboard.
      </p>
      <SaveStatus
        id="pref-quick-ask-context-status"
        state={state}
        testId="pref-quick-ask-context"
      />
    </div>
  );
}

function SwitchField({
  field,
  value,
  label,
  hint,
}: {
  field: 'closeToTray' | 'startAtLogin';
  value: boolean;
  label: string;
  hint: string;
}) {
  const [state, save] = usePreferenceSave();
  const [shown, choose] = useChoiceWhileSaving(value);
  const id = `pref-${field}`;
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          data-testid={id}
          checked={shown}
          aria-describedby={`${id}-hint ${id}-status`}
          onChange={(event) =>
            choose(event.target.checked, save({ [field]: event.target.checked }))
          }
        />
        {label}
      </label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <SaveStatus id={`${id}-status`} state={state} testId={id} />
    </div>
  );
}
