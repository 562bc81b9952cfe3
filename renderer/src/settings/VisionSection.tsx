/**
 * Which models read images: the person's per-model switch (vision-overrides.ts), which the composer
 * checks before the provider's model list and the known families. Set one for any model of any
 * provider (the model switcher's list offers the names), and see, change or forget those set; for
 * each, and for the model typed, it says what Runnel goes by and where that answer comes from.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { CatalogModel, ProviderView } from '../../../preload/contract';
import {
  resolveVision,
  visionSourceLabel,
  type VisionCapability,
} from '../attachments/vision-capability';
import { pageVisionOverrides, type VisionSwitch } from '../attachments/vision-overrides';
import { useModelCatalog } from '../chat/use-model-catalog';
import { useStores } from '../store/context';
import './vision-settings.css';

type Choice = 'vision' | 'text';

const choiceOf = (vision: boolean): Choice => (vision ? 'vision' : 'text');

/** What Runnel goes by, saying where it comes from where the reason does not already. */
function answerText(answer: VisionCapability): string {
  if (answer.source === 'unknown') return 'Runnel does not know, and sends images as they are.';
  if (answer.source === 'known-family') {
    return `${answer.reason} (${visionSourceLabel(answer.source)})`;
  }
  return answer.reason;
}

export function VisionSection({ providers }: { providers: readonly ProviderView[] }) {
  const { models } = useStores();
  const catalog = useModelCatalog(models);
  const overrides = useMemo(() => pageVisionOverrides(), []);
  const [switches, setSwitches] = useState<VisionSwitch[]>(() => overrides.list());
  const [providerId, setProviderId] = useState(providers[0]?.id ?? '');
  const [model, setModel] = useState('');
  const [choice, setChoice] = useState<Choice>('text');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  // The names to pick from are fetched once the model field is used, as the switcher does when it
  // opens: merely opening Settings asks no provider for its list.
  const { load } = catalog;
  // What the lists already fetched say, read from main's cache: that asks no provider either.
  const [cached, setCached] = useState<readonly CatalogModel[]>([]);
  useEffect(() => {
    if (!models) return;
    let current = true;
    models.list({ cachedOnly: true }).then(
      (result) => {
        if (current && result.ok) setCached(result.value.models);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [models]);
  const known = catalog.state.status === 'ready' ? catalog.state.catalog.models : cached;
  /** What Runnel goes by for a model, with or without the person's switch. */
  const answerFor = (pid: string, name: string, withSwitch: boolean): VisionCapability => {
    const listedInput = known.find((m) => m.providerId === pid && m.model === name)?.input;
    const userOverride = withSwitch ? overrides.get(pid, name) : undefined;
    return resolveVision({
      modelId: name,
      ...(listedInput === undefined ? {} : { listedInput }),
      ...(userOverride === undefined ? {} : { userOverride }),
    });
  };

  const shownProvider = providers.some((p) => p.id === providerId)
    ? providerId
    : (providers[0]?.id ?? '');
  const offered =
    catalog.state.status === 'ready'
      ? catalog.state.catalog.models.filter((m) => m.providerId === shownProvider)
      : [];
  const nameOf = (pid: string): string =>
    providers.find((p) => p.id === pid)?.name ?? 'A provider no longer set up';

  const set = (pid: string, name: string, vision: boolean | undefined): void => {
    overrides.set(pid, name, vision);
    setSwitches(overrides.list());
  };

  const add = (): void => {
    const name = model.trim();
    if (shownProvider === '') return setProblem('Set up a provider first.');
    if (name === '') return setProblem('Type the model’s name, as the provider lists it.');
    if (name.length > 200) return setProblem('A model name can be at most 200 characters.');
    setProblem(null);
    set(shownProvider, name, choice === 'vision');
    setModel('');
  };

  return (
    <section
      className="settings-section"
      aria-labelledby={`${id}-heading`}
      data-testid="vision-section"
    >
      <h2 id={`${id}-heading`}>Which models read images</h2>
      <p className="hint">
        Runnel goes by what the provider’s model list says, then by known model families. Where that
        is wrong, set the model here: your choice comes first. Sending images to a model marked text
        only asks first.
      </p>
      <div className="field-row vision-add">
        <select
          aria-label="Provider"
          data-testid="vision-provider"
          value={shownProvider}
          onChange={(event) => setProviderId(event.target.value)}
        >
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <input
          aria-label="Model"
          data-testid="vision-model"
          list={`${id}-models`}
          value={model}
          placeholder="Model, for example llava:13b"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(event) => setModel(event.target.value)}
          onFocus={() => load()}
          onKeyDown={(event) => {
            if (event.key === 'Enter') add();
          }}
        />
        <datalist id={`${id}-models`}>
          {offered.map((m) => (
            <option key={m.model} value={m.model} />
          ))}
        </datalist>
        <select
          aria-label="Reads images"
          data-testid="vision-choice"
          value={choice}
          onChange={(event) => setChoice(event.target.value === 'vision' ? 'vision' : 'text')}
        >
          <option value="text">Text only</option>
          <option value="vision">Reads images</option>
        </select>
        <button type="button" className="button" data-testid="vision-add" onClick={add}>
          Set
        </button>
      </div>
      {problem && (
        <p className="field-error" id={`${id}-problem`} role="alert" data-testid="vision-problem">
          {problem}
        </p>
      )}
      {shownProvider !== '' && model.trim() !== '' && (
        <p className="hint" data-testid="vision-current" aria-live="polite">
          For {model.trim()} now: {answerText(answerFor(shownProvider, model.trim(), true))}
        </p>
      )}
      {switches.length === 0 ? (
        <p className="hint" data-testid="vision-none">
          No model set by hand: every model goes by its provider and family.
        </p>
      ) : (
        <ul className="vision-list" data-testid="vision-list">
          {[...switches].reverse().map((s) => {
            const without = answerFor(s.providerId, s.model, false);
            return (
              <li key={`${s.providerId}\n${s.model}`} data-testid="vision-item">
                <span className="vision-name">
                  <strong>{s.model}</strong> <span className="hint">{nameOf(s.providerId)}</span>
                </span>
                <select
                  aria-label={`${s.model} reads images`}
                  data-testid="vision-item-choice"
                  value={choiceOf(s.vision)}
                  onChange={(event) => set(s.providerId, s.model, event.target.value === 'vision')}
                >
                  <option value="text">Text only</option>
                  <option value="vision">Reads images</option>
                </select>
                <button
                  type="button"
                  className="button"
                  data-testid="vision-item-forget"
                  aria-label={`Forget the choice for ${s.model}`}
                  onClick={() => set(s.providerId, s.model, undefined)}
                >
                  Forget
                </button>
                <span className="hint vision-without" data-testid="vision-item-without">
                  Without it: {answerText(without)}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
