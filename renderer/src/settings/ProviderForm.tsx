/**
 * Add or edit one provider: name, address, key, default model (typed, or picked from the models
 * the provider lists), extra headers. The key is write-only: the page only ever learns `hasKey`.
 */
import { Fragment, useId, useState, type FormEvent } from 'react';
import type { ProviderView, SettingsView } from '../../../preload/contract';
import { DEFAULT_LIMITS } from '../attachments/attachment-result';
import { useStores } from '../store/context';
import { addedProviderId } from '../store/settings-store';
import { FieldError } from './FieldError';
import { moveCredentialsToHeader } from './address-safety';
import { HeaderRows } from './HeaderRows';
import { ModelField } from './ModelField';
import {
  addressChangeNote,
  authorizationReplacesKey,
  CREDENTIALS_IN_URL,
  moveCredentials,
  plainHttpExposesSecrets,
  toDraft,
  urlChangeForgetsHeaders,
  urlChangeForgetsKey,
  validateProviderForm,
  type ProviderFormErrors,
  type ProviderFormValues,
} from './provider-form-model';

/** The two sides of "Images sent at most", each a whole number of pixels typed in the form. */
const IMAGE_SIDES = [
  { field: 'imageLongSide', label: 'Long side', side: 'long' },
  { field: 'imageShortSide', label: 'Short side', side: 'short' },
] as const;

interface ProviderFormProps {
  original: ProviderView | null;
  initial: ProviderFormValues;
  keyStorage: SettingsView['keyStorage'];
  /** Whether the preset this started from needs a key; null for a custom provider. */
  needsKey: boolean | null;
  onDone: () => void;
}

export function ProviderForm({
  original,
  initial,
  keyStorage,
  needsKey,
  onDone,
}: ProviderFormProps) {
  const { settings } = useStores();
  const uid = useId();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<ProviderFormErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<ProviderFormValues>) =>
    setValues((current) => ({ ...current, ...patch }));
  const forgetsKey = urlChangeForgetsKey(values, original);
  const forgetNote = addressChangeNote(forgetsKey, urlChangeForgetsHeaders(values, original));
  const exposed = plainHttpExposesSecrets(values, original);
  const credentialsInUrl = moveCredentialsToHeader(values.baseURL) !== null;
  const keysUnavailable = keyStorage === 'unavailable';

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateProviderForm(values);
    setErrors(found);
    setSaveError(null);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    const before = settings.getState().view;
    const result = await settings.saveProvider(toDraft(values));
    setSaving(false);
    if (!result.ok) {
      setSaveError(result.error.message);
      return;
    }
    // The first provider becomes the active one, so the user can chat right away.
    const added = addedProviderId(before, result.value);
    if (added && result.value.preferences.activeProviderId === null) {
      await settings.updatePreferences({ activeProviderId: added });
    }
    onDone();
  };

  const remove = async () => {
    if (!original) return;
    const result = await settings.deleteProvider(original.id);
    if (result.ok) onDone();
    else setSaveError(result.error.message);
  };

  return (
    <form
      className="provider-form card"
      data-testid="provider-form"
      onSubmit={(event) => void save(event)}
      noValidate
    >
      <h3>{original ? `Edit ${original.name}` : 'Add a provider'}</h3>

      <div className="field">
        <label htmlFor={`${uid}-name`}>Name</label>
        <input
          id={`${uid}-name`}
          data-testid="provider-name"
          value={values.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={`${uid}-name-error`}
          onChange={(event) => set({ name: event.target.value })}
        />
        <FieldError id={`${uid}-name-error`} message={errors.name} testId="provider-name-error" />
      </div>

      <div className="field">
        <label htmlFor={`${uid}-url`}>Base URL</label>
        <input
          id={`${uid}-url`}
          data-testid="provider-base-url"
          type="url"
          placeholder="https://api.example.com/v1"
          spellCheck={false}
          value={values.baseURL}
          aria-invalid={errors.baseURL ? true : undefined}
          aria-describedby={`${uid}-url-error ${uid}-url-note`}
          onChange={(event) => set({ baseURL: event.target.value })}
        />
        <FieldError
          id={`${uid}-url-error`}
          message={errors.baseURL}
          testId="provider-base-url-error"
        />
        {credentialsInUrl && (
          <div className="notice notice-warning" data-testid="provider-credentials-in-url">
            <p>{CREDENTIALS_IN_URL}</p>
            <button
              type="button"
              className="button button-small"
              data-testid="provider-move-credentials"
              onClick={() => {
                setValues(moveCredentials(values));
                setErrors((current) => ({ ...current, baseURL: undefined }));
              }}
            >
              Move them to an Authorization header
            </button>
          </div>
        )}
        {exposed && (
          <p className="notice notice-warning" data-testid="provider-plain-http-warning">
            This address uses plain http:// to a host outside this computer and your private
            network, so the API key and header values would cross the network unencrypted, readable
            by anyone on the way. Use https:// if the server offers it.
          </p>
        )}
        {forgetNote ? (
          <p
            className="notice notice-warning"
            id={`${uid}-url-note`}
            data-testid="provider-url-forgets-key"
          >
            {forgetNote}
          </p>
        ) : (
          <p className="hint" id={`${uid}-url-note`}>
            The address up to <code>/v1</code>; Runnel adds <code>/chat/completions</code>.
          </p>
        )}
      </div>

      <div className="field">
        <label htmlFor={`${uid}-key`}>
          API key{needsKey === false ? ' (usually not needed)' : ''}
        </label>
        <input
          id={`${uid}-key`}
          data-testid="provider-api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          disabled={keysUnavailable}
          placeholder={
            keysUnavailable
              ? 'Keys cannot be saved on this system'
              : original?.hasKey && !forgetsKey && !values.clearKey
                ? 'Saved. Leave empty to keep it'
                : 'sk-…'
          }
          value={values.apiKey}
          aria-describedby={`${uid}-key-note`}
          onChange={(event) => set({ apiKey: event.target.value, clearKey: false })}
        />
        <p className="hint" id={`${uid}-key-note`} data-testid="provider-key-state">
          {values.clearKey || forgetsKey
            ? 'The saved key will be forgotten when you save.'
            : original?.hasKey
              ? 'A key is saved. Runnel never shows it again.'
              : 'No key saved.'}
        </p>
        {original?.hasKey && !values.clearKey && !forgetsKey && values.apiKey === '' && (
          <button
            type="button"
            className="button button-small button-ghost"
            data-testid="provider-forget-key"
            onClick={() => set({ clearKey: true })}
          >
            Forget saved key
          </button>
        )}
      </div>

      <ModelField
        providerId={original?.id ?? null}
        value={values.defaultModel}
        error={errors.defaultModel}
        onChange={(defaultModel) => set({ defaultModel })}
      />

      <HeaderRows
        rows={values.headers}
        onChange={(headers) => set({ headers })}
        errorId={`${uid}-headers-error`}
      />
      <FieldError
        id={`${uid}-headers-error`}
        message={errors.headers}
        testId="provider-headers-error"
      />
      {authorizationReplacesKey(values, original) && (
        <p className="hint" data-testid="provider-authorization-replaces-key">
          Both an API key and an Authorization header are set: the header is sent, and the key is
          not used.
        </p>
      )}

      <fieldset
        className="field"
        aria-describedby={`${uid}-image-size-hint ${uid}-image-size-error`}
      >
        <legend>Images sent at most</legend>
        <div className="field-row">
          {IMAGE_SIDES.map(({ field, label, side }) => (
            <Fragment key={side}>
              <label htmlFor={`${uid}-image-${side}`}>{label}</label>
              <input
                id={`${uid}-image-${side}`}
                className="number-input"
                data-testid={`provider-image-${side}`}
                type="number"
                step={1}
                value={values[field]}
                onChange={(event) => set({ [field]: event.target.value })}
              />
            </Fragment>
          ))}
          <span className="muted">pixels</span>
        </div>
        <p className="hint" id={`${uid}-image-size-hint`}>
          Attached images are scaled down to fit, never up. {DEFAULT_LIMITS.imageLongSide} ×{' '}
          {DEFAULT_LIMITS.imageShortSide} is what OpenAI&apos;s high detail uses; a local model may
          want less.
        </p>
        <FieldError
          id={`${uid}-image-size-error`}
          message={errors.imageSize}
          testId="provider-image-size-error"
        />
      </fieldset>

      <div className="form-buttons">
        {original && (
          <button
            type="button"
            className="button button-danger"
            data-testid="provider-delete"
            onClick={() => void remove()}
          >
            Delete provider
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="button" data-testid="provider-cancel" onClick={onDone}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="provider-save"
          disabled={saving}
          aria-describedby={`${uid}-save-error`}
        >
          {saving ? 'Saving…' : 'Save provider'}
        </button>
      </div>
      <FieldError id={`${uid}-save-error`} message={saveError} testId="provider-error" />
    </form>
  );
}
