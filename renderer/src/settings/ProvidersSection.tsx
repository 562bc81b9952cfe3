/** The providers: which one answers, and adding (from a preset or by hand) or editing one. */
import { useState } from 'react';
import type { ProviderView, SettingsView } from '../../../preload/contract';
import { useStores } from '../store/context';
import { FieldError } from './FieldError';
import { formFromPreset, formFromProvider, type ProviderFormValues } from './provider-form-model';
import { ProviderForm } from './ProviderForm';

type Editing =
  | { kind: 'none' }
  | { kind: 'edit'; provider: ProviderView }
  | { kind: 'add'; initial: ProviderFormValues; needsKey: boolean | null };

export function ProvidersSection({
  view,
  focusProviderId,
}: {
  view: SettingsView;
  focusProviderId: string | null;
}) {
  const { settings } = useStores();
  // Opens on the form of the provider the chat sent us to (an auth error's "Open settings"); the
  // page is mounted afresh each time it is opened, so the initial state is enough.
  const [editing, setEditing] = useState<Editing>(() => {
    const focused = view.providers.find((p) => p.id === focusProviderId);
    return focused ? { kind: 'edit', provider: focused } : { kind: 'none' };
  });
  const [presetId, setPresetId] = useState('');
  const [activeError, setActiveError] = useState<{ id: string; message: string } | null>(null);

  const makeActive = async (id: string) => {
    setActiveError(null);
    const result = await settings.updatePreferences({ activeProviderId: id });
    if (!result.ok) setActiveError({ id, message: result.error.message });
  };

  const addFromPreset = () => {
    const preset = view.presets.find((p) => p.id === presetId) ?? null;
    setEditing({
      kind: 'add',
      initial: formFromPreset(preset),
      needsKey: preset?.needsKey ?? null,
    });
  };

  return (
    <section
      className="settings-section"
      aria-labelledby="providers-heading"
      data-testid="providers-section"
    >
      <h2 id="providers-heading">Providers</h2>
      {view.providers.length === 0 && editing.kind === 'none' && (
        <p className="muted" data-testid="providers-empty">
          No provider yet: Runnel needs one to answer. Choose a preset (a hosted service, or Ollama
          or LM Studio on this computer), or add any OpenAI-compatible base URL as a custom
          provider.
        </p>
      )}
      {view.providers.length > 0 && (
        <ul className="provider-list" data-testid="provider-list">
          {view.providers.map((provider) => {
            const active = provider.id === view.preferences.activeProviderId;
            return (
              <li
                key={provider.id}
                className="provider-item"
                data-testid="provider-item"
                data-provider-id={provider.id}
                data-active={active ? 'true' : 'false'}
              >
                <div className="provider-summary">
                  <span className="provider-name">
                    {provider.name}
                    {active && <span className="badge">Active</span>}
                  </span>
                  <span className="muted provider-meta">
                    {provider.baseURL} · {provider.defaultModel || 'no default model'} ·{' '}
                    {provider.hasKey ? 'key saved' : 'no key'}
                  </span>
                </div>
                <div className="provider-buttons">
                  {!active && (
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="provider-set-active"
                      onClick={() => void makeActive(provider.id)}
                    >
                      Use this one
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-small"
                    data-testid="provider-edit"
                    aria-label={`Edit ${provider.name}`}
                    onClick={() => setEditing({ kind: 'edit', provider })}
                  >
                    Edit
                  </button>
                </div>
                {activeError?.id === provider.id && (
                  <FieldError
                    id={`active-error-${provider.id}`}
                    message={activeError.message}
                    testId="provider-set-active-error"
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}

      {editing.kind === 'none' ? (
        <div className="add-provider">
          <label htmlFor="add-preset" className="visually-hidden">
            Preset
          </label>
          <select
            id="add-preset"
            data-testid="provider-add-preset"
            value={presetId}
            onChange={(event) => setPresetId(event.target.value)}
          >
            <option value="">Choose a preset…</option>
            {view.presets.map((preset) => (
              <option key={preset.id} value={preset.id}>
                {preset.name}
                {preset.local ? ' (local)' : ''}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            data-testid="provider-add-from-preset"
            disabled={presetId === ''}
            onClick={addFromPreset}
          >
            Add preset
          </button>
          <button
            type="button"
            className="button"
            data-testid="provider-add-custom"
            onClick={() =>
              setEditing({ kind: 'add', initial: formFromPreset(null), needsKey: null })
            }
          >
            Add custom provider
          </button>
        </div>
      ) : (
        <ProviderForm
          key={editing.kind === 'edit' ? editing.provider.id : 'new'}
          original={editing.kind === 'edit' ? editing.provider : null}
          initial={editing.kind === 'edit' ? formFromProvider(editing.provider) : editing.initial}
          needsKey={editing.kind === 'add' ? editing.needsKey : null}
          keyStorage={view.keyStorage}
          onDone={() => setEditing({ kind: 'none' })}
        />
      )}
    </section>
  );
}
