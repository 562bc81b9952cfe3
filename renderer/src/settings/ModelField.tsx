/**
 * The default model: typed by hand, or picked from what the provider's /models lists. Many servers
 * do not list models (or list hundreds), so typing always works.
 */
import { useId, useState } from 'react';
import { useStores } from '../store/context';
import { FieldError } from './FieldError';

interface ModelFieldProps {
  /** null for a provider not saved yet: listing needs its saved address and key. */
  providerId: string | null;
  value: string;
  error: string | undefined;
  onChange: (model: string) => void;
}

export function ModelField({ providerId, value, error, onChange }: ModelFieldProps) {
  const { settings } = useStores();
  const uid = useId();
  const [models, setModels] = useState<string[] | null>(null);
  const [fetchError, setFetchError] = useState<string | null>(null);
  const [fetching, setFetching] = useState(false);

  const fetchModels = async () => {
    if (!providerId) return;
    setFetching(true);
    setFetchError(null);
    const result = await settings.listModels(providerId);
    setFetching(false);
    if (result.ok) setModels(result.value.models);
    else setFetchError(result.error.message);
  };

  return (
    <div className="field">
      <label htmlFor={`${uid}-model`}>Default model</label>
      <div className="field-row">
        <input
          id={`${uid}-model`}
          data-testid="provider-default-model"
          list={`${uid}-models`}
          spellCheck={false}
          placeholder="for example gpt-4o-mini or llama3.2"
          value={value}
          aria-describedby={`${uid}-model-note ${uid}-model-error`}
          onChange={(event) => onChange(event.target.value)}
        />
        <datalist id={`${uid}-models`}>
          {models?.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
        <button
          type="button"
          className="button"
          data-testid="provider-fetch-models"
          disabled={!providerId || fetching}
          onClick={() => void fetchModels()}
        >
          {fetching ? 'Fetching…' : 'Fetch models'}
        </button>
      </div>
      {models && models.length > 0 && (
        <select
          className="model-select"
          aria-label="Models the provider lists"
          data-testid="provider-model-select"
          value={models.includes(value) ? value : ''}
          onChange={(event) => event.target.value && onChange(event.target.value)}
        >
          <option value="">Pick one of {models.length} models…</option>
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      )}
      <p className="hint" id={`${uid}-model-note`} data-testid="provider-models-note">
        {!providerId
          ? 'Save the provider first to fetch its model list; you can always type a model name.'
          : models === null
            ? 'Type a model name, or fetch the list the provider offers.'
            : models.length === 0
              ? 'The provider listed no models; type the name by hand.'
              : `${models.length} models found.`}
      </p>
      <FieldError
        id={`${uid}-model-error`}
        message={fetchError ?? error}
        testId="provider-models-error"
      />
    </div>
  );
}
