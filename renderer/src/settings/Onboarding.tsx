/**
 * First run: no provider yet. Offers a local server that answers (one click), or a hosted preset
 * with its key, or the full settings page for anything else.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { SettingsView } from '../../../preload/contract';
import { useSettings, useStores } from '../store/context';
import { addedProviderId } from '../store/settings-store';
import { FieldError } from './FieldError';
import { KeyStorageNotice } from './KeyStorageNotice';
import { presetHint } from './preset-hints';

type Preset = SettingsView['presets'][number];
type Found = { preset: Preset; models: string[] };
type Detection = { kind: 'looking' } | { kind: 'done'; found: Found[] } | { kind: 'failed' };

export function Onboarding({ onOpenSettings }: { onOpenSettings: () => void }) {
  const { settings } = useStores();
  const view = useSettings((s) => s.view);
  const [detection, setDetection] = useState<Detection>({ kind: 'looking' });
  const [localError, setLocalError] = useState<{ presetId: string; message: string } | null>(null);
  // Bumped by "Look again", so a server started after this window opened is found without a restart.
  const [lookNumber, setLookNumber] = useState(0);
  const lookAgain = useCallback(() => {
    setDetection({ kind: 'looking' });
    setLookNumber((n) => n + 1);
  }, []);

  useEffect(() => {
    let live = true;
    void settings.detectLocal().then((result) => {
      if (!live) return;
      if (!result.ok) return setDetection({ kind: 'failed' });
      const presets = settings.getState().view?.presets ?? [];
      const found = result.value.found.flatMap(({ presetId, models }) => {
        const preset = presets.find((p) => p.id === presetId);
        return preset ? [{ preset, models }] : [];
      });
      setDetection({ kind: 'done', found });
    });
    return () => {
      live = false;
    };
  }, [settings, lookNumber]);

  /** Saves a provider and makes it the active one. Returns an error message or null. */
  const addProvider = async (
    preset: Preset,
    defaultModel: string,
    apiKey: string,
  ): Promise<string | null> => {
    const before = settings.getState().view;
    const saved = await settings.saveProvider({
      name: preset.name,
      baseURL: preset.baseURL,
      defaultModel,
      headers: {},
      ...(apiKey ? { apiKey } : {}),
    });
    if (!saved.ok) return saved.error.message;
    const added = addedProviderId(before, saved.value);
    if (added && saved.value.preferences.activeProviderId === null) {
      const activated = await settings.updatePreferences({ activeProviderId: added });
      if (!activated.ok) return activated.error.message;
    }
    return null;
  };

  if (!view) return null;
  return (
    <section className="onboarding" data-testid="onboarding" aria-labelledby="onboarding-heading">
      <h1 id="onboarding-heading">Welcome to Runnel</h1>
      <p className="muted">
        Choose where answers come from. You can add more providers in Settings at any time.
      </p>

      <div
        className="card onboarding-card"
        data-testid="onboarding-local"
        data-state={detection.kind}
      >
        <h2>A model on this computer</h2>
        {detection.kind === 'looking' && <p className="muted">Looking for Ollama and LM Studio…</p>}
        {detection.kind === 'failed' && <p className="muted">Could not look for local servers.</p>}
        {detection.kind === 'done' && detection.found.length === 0 && (
          <p className="muted">
            No local server answered at {localAddresses(view)}. Start Ollama or LM Studio and look
            again, or use a hosted provider.
          </p>
        )}
        {detection.kind === 'done' &&
          detection.found.map(({ preset, models }) => (
            <div key={preset.id} className="found-local">
              <div>
                <strong>{preset.name}</strong> is running
                <span className="muted">
                  {' '}
                  at {preset.baseURL} ·{' '}
                  {models.length === 1 ? '1 model' : `${models.length} models`}
                </span>
              </div>
              <button
                type="button"
                className="button button-primary"
                data-testid="onboarding-use-local"
                data-preset-id={preset.id}
                onClick={() =>
                  void addProvider(preset, models[0] ?? '', '').then(
                    (message) => message && setLocalError({ presetId: preset.id, message }),
                  )
                }
              >
                Use {preset.name}
              </button>
              {localError?.presetId === preset.id && (
                <FieldError
                  id={`local-error-${preset.id}`}
                  message={localError.message}
                  testId="onboarding-local-error"
                />
              )}
            </div>
          ))}
        {detection.kind !== 'looking' && (
          <p>
            <button
              type="button"
              className="button button-small"
              data-testid="onboarding-look-again"
              onClick={lookAgain}
            >
              Look again
            </button>
          </p>
        )}
      </div>

      <HostedPresetCard view={view} addProvider={addProvider} />

      <div className="card onboarding-card">
        <h2>Another OpenAI-compatible server</h2>
        <p className="muted">
          A gateway, a proxy or a server such as llama.cpp: any base URL, with extra headers if it
          needs them.
        </p>
        <p>
          <button
            type="button"
            className="button"
            data-testid="onboarding-open-settings"
            onClick={onOpenSettings}
          >
            Set up a custom provider
          </button>
        </p>
      </div>
    </section>
  );
}

interface HostedPresetCardProps {
  view: SettingsView;
  addProvider: (preset: Preset, model: string, key: string) => Promise<string | null>;
}

function HostedPresetCard({ view, addProvider }: HostedPresetCardProps) {
  const uid = useId();
  const hosted = view.presets.filter((p) => !p.local);
  const [presetId, setPresetId] = useState(hosted[0]?.id ?? '');
  const [apiKey, setApiKey] = useState('');
  const [model, setModel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const preset = hosted.find((p) => p.id === presetId) ?? null;
  const hint = preset ? presetHint(preset.id) : null;
  const { openExternal } = useStores();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!preset) return;
    if (preset.needsKey && apiKey.trim() === '')
      return setError(`${preset.name} needs an API key.`);
    setSaving(true);
    setError(await addProvider(preset, model.trim(), apiKey.trim()));
    setSaving(false);
  };

  if (hosted.length === 0) return null;
  return (
    <form
      className="card onboarding-card"
      data-testid="onboarding-hosted"
      onSubmit={(event) => void submit(event)}
    >
      <h2>A hosted provider</h2>
      <KeyStorageNotice keyStorage={view.keyStorage} />
      <div className="field">
        <label htmlFor={`${uid}-preset`}>Provider</label>
        <select
          id={`${uid}-preset`}
          data-testid="onboarding-preset"
          value={presetId}
          onChange={(e) => setPresetId(e.target.value)}
        >
          {hosted.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-key`}>API key</label>
        <input
          id={`${uid}-key`}
          type="password"
          autoComplete="off"
          data-testid="onboarding-key"
          placeholder={hint?.keyPlaceholder}
          aria-describedby={hint ? `${uid}-key-help` : undefined}
          disabled={view.keyStorage === 'unavailable'}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
        />
        {hint && preset && (
          <p id={`${uid}-key-help`} className="hint">
            <a
              href={hint.keysPage}
              data-testid="onboarding-keys-page"
              onClick={(event) => {
                event.preventDefault();
                openExternal(hint.keysPage);
              }}
            >
              Where do I get an API key for {preset.name}?
            </a>{' '}
            <span className="muted">(opens in your browser)</span>
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-model`}>Model</label>
        <input
          id={`${uid}-model`}
          data-testid="onboarding-model"
          placeholder="You can also pick it later in Settings"
          value={model}
          onChange={(e) => setModel(e.target.value)}
        />
      </div>
      <div className="form-buttons">
        <button
          type="submit"
          className="button button-primary"
          data-testid="onboarding-add"
          disabled={saving}
        >
          {saving ? 'Adding…' : 'Add provider'}
        </button>
      </div>
      <FieldError id={`${uid}-error`} message={error} testId="onboarding-error" />
    </form>
  );
}

/** "http://localhost:11434/v1 or http://localhost:1234/v1": where the first-run probe looked. */
function localAddresses(view: SettingsView): string {
  const urls = view.presets.filter((p) => p.local).map((p) => p.baseURL);
  return urls.length <= 1 ? (urls[0] ?? '') : `${urls.slice(0, -1).join(', ')} or ${urls.at(-1)}`;
}
