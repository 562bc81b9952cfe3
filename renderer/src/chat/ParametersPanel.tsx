/**
 * The conversation's own parameters, opened from its header: system prompt, temperature, top_p,
 * max output tokens, reasoning effort, seed and stop sequences. An empty field follows Settings (its
 * placeholder says what that is); a bad value gets the contract's sentence beside it and is not saved.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ChatParametersView } from '../../../preload/contract';
import { useChat, useSettings, useStores } from '../store/context';
import { storedParametersProblem, usableParameters } from '../store/conversation-model';
import {
  addStop,
  emptyForm,
  formFrom,
  placeholders,
  readForm,
  reasoningEfforts,
  setCount,
  type ParameterField,
  type ParametersForm,
} from './parameters-form';

const EMPTY: ChatParametersView = {};

/** The parameters the conversation holds as stored (not yet checked), or the new chat's. */
function useStoredParameters(conversationId: string | null): unknown {
  return useChat((s) =>
    conversationId === null
      ? s.newChat.parameters
      : (s.conversations.find((c) => c.id === conversationId)?.parameters ?? EMPTY),
  );
}

/** The header's button: opens the panel, and says how many parameters the conversation sets. */
export function ParametersButton({ conversationId }: { conversationId: string | null }) {
  const stored = useStoredParameters(conversationId);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const count = setCount(usableParameters(stored));
  return (
    <div className="parameters-anchor">
      <button
        ref={button}
        type="button"
        className="parameters-button"
        data-testid="parameters-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((was) => !was)}
        title="Parameters for this conversation"
      >
        Parameters{count > 0 ? ` · ${count}` : ''}
      </button>
      {open && (
        <ParametersPanel
          conversationId={conversationId}
          stored={stored}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </div>
  );
}

interface PanelProps {
  conversationId: string | null;
  stored: unknown;
  onClose: () => void;
}

export function ParametersPanel({ conversationId, stored, onClose }: PanelProps) {
  const { chat } = useStores();
  const preferences = useSettings((s) => s.view?.preferences ?? null);
  const [form, setForm] = useState<ParametersForm>(() => formFrom(usableParameters(stored)));
  const [stopDraft, setStopDraft] = useState('');
  const [stopProblem, setStopProblem] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const storedProblem = storedParametersProblem(stored);
  const { parameters, problems } = readForm(form);
  const hints = placeholders(preferences);
  const headingId = useId();
  const first = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useEffect(() => first.current?.focus(), []);

  const set = <F extends ParameterField>(field: F, value: ParametersForm[F]) =>
    setForm((was) => ({ ...was, [field]: value }));
  const reset = (field: ParameterField) => set(field, emptyForm[field]);

  const save = () => {
    setTried(true);
    if (Object.keys(problems).length > 0) return;
    void chat.setParameters(conversationId, parameters);
    onClose();
  };

  const problemOf = (field: ParameterField): string | undefined =>
    tried || form[field] !== emptyForm[field] ? problems[field] : undefined;

  const field = (
    name: ParameterField,
    label: string,
    control: (props: { id: string; invalid: boolean; describedBy?: string }) => ReactNode,
    note?: string,
  ) => {
    const problem = problemOf(name);
    const controlId = `${id}-${name}`;
    const isSet = name === 'stop' ? form.stop.length > 0 : form[name] !== emptyForm[name];
    const describedBy = problem ? `${controlId}-problem` : note ? `${controlId}-note` : undefined;
    return (
      <div className="parameter-field" data-testid={`parameter-${name}`}>
        <div className="parameter-field-head">
          <label htmlFor={controlId}>{label}</label>
          {isSet && (
            <button
              type="button"
              className="button button-small button-ghost"
              data-testid={`parameter-${name}-reset`}
              onClick={() => reset(name)}
              aria-label={`Reset ${label.toLowerCase()} to the default`}
            >
              Reset
            </button>
          )}
        </div>
        {control({
          id: controlId,
          invalid: problem !== undefined,
          ...(describedBy ? { describedBy } : {}),
        })}
        {note && !problem && (
          <p className="parameter-note" id={`${controlId}-note`}>
            {note}
          </p>
        )}
        {problem && (
          <p
            className="field-error"
            id={`${controlId}-problem`}
            data-testid={`parameter-${name}-problem`}
          >
            {problem}
          </p>
        )}
      </div>
    );
  };

  const numberField = (
    name: 'temperature' | 'topP' | 'maxTokens' | 'seed',
    label: string,
    note?: string,
  ) =>
    field(
      name,
      label,
      ({ id: controlId, invalid, describedBy }) => (
        <input
          id={controlId}
          type="text"
          inputMode={name === 'maxTokens' || name === 'seed' ? 'numeric' : 'decimal'}
          value={form[name]}
          placeholder={hints[name]}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => set(name, event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') save();
          }}
        />
      ),
      note,
    );

  return (
    <section
      className="parameters-panel"
      role="dialog"
      aria-labelledby={headingId}
      data-testid="parameters-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          // The panel closes; an answer streaming behind it goes on.
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="parameters-panel-head">
        <h2 id={headingId}>Parameters for this conversation</h2>
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={onClose}
          aria-label="Close parameters"
        >
          ✕
        </button>
      </header>
      <p className="parameter-note">
        Empty fields follow Settings, or the provider’s own default. Changes apply to the next
        answer.
      </p>
      {storedProblem && (
        <p className="field-error" role="alert" data-testid="parameters-stored-problem">
          The saved parameters are not used: {storedProblem} Set them again here.
        </p>
      )}
      <div className="parameters-panel-fields">
        {field('systemPrompt', 'System prompt', ({ id: controlId, invalid, describedBy }) => (
          <textarea
            ref={first}
            id={controlId}
            rows={4}
            value={form.systemPrompt}
            placeholder={hints.systemPrompt}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            onChange={(event) => set('systemPrompt', event.target.value)}
          />
        ))}
        <div className="parameters-row">
          {numberField('temperature', 'Temperature', '0 to 2; lower is more focused.')}
          {numberField('topP', 'top_p', '0 to 1.')}
        </div>
        <div className="parameters-row">
          {numberField('maxTokens', 'Max output tokens')}
          {numberField('seed', 'Seed', 'A whole number, for repeatable answers where supported.')}
        </div>
        {field(
          'reasoningEffort',
          'Reasoning effort',
          ({ id: controlId, invalid, describedBy }) => (
            <select
              id={controlId}
              value={form.reasoningEffort}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              onChange={(event) => set('reasoningEffort', event.target.value)}
            >
              <option value="">Not sent</option>
              {reasoningEfforts.map((effort) => (
                <option key={effort} value={effort}>
                  {effort}
                </option>
              ))}
            </select>
          ),
          'Sent only when set, for models that think before answering. A model that refuses it answers without it, and the answer says so.',
        )}
        {field('stop', 'Stop sequences', ({ id: controlId, invalid, describedBy }) => (
          <div className="stop-chips">
            <ul className="stop-chip-list" aria-label="Stop sequences">
              {form.stop.map((sequence, index) => (
                <li key={`${index}-${sequence}`} className="stop-chip" data-testid="stop-chip">
                  <span className="stop-chip-text">{JSON.stringify(sequence).slice(1, -1)}</span>
                  <button
                    type="button"
                    className="stop-chip-remove"
                    aria-label={`Remove stop sequence ${sequence}`}
                    onClick={() =>
                      set(
                        'stop',
                        form.stop.filter((_, at) => at !== index),
                      )
                    }
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ul>
            <div className="stop-chip-add">
              <input
                id={controlId}
                type="text"
                value={stopDraft}
                placeholder={
                  form.stop.length === 0 ? 'None; type one and press Enter' : 'Add another'
                }
                aria-invalid={invalid || stopProblem !== null}
                aria-describedby={stopProblem ? `${controlId}-add-problem` : describedBy}
                data-testid="stop-input"
                onChange={(event) => {
                  setStopDraft(event.target.value);
                  setStopProblem(null);
                }}
                onKeyDown={(event) => {
                  if (event.key !== 'Enter') return;
                  event.preventDefault();
                  const added = addStop(form.stop, stopDraft);
                  setStopProblem(added.problem);
                  if (!added.problem) {
                    set('stop', added.stop);
                    setStopDraft('');
                  }
                }}
              />
              <button
                type="button"
                className="button button-small"
                data-testid="stop-add"
                onClick={() => {
                  const added = addStop(form.stop, stopDraft);
                  setStopProblem(added.problem);
                  if (!added.problem) {
                    set('stop', added.stop);
                    setStopDraft('');
                  }
                }}
              >
                Add
              </button>
            </div>
            {stopProblem && (
              <p className="field-error" id={`${controlId}-add-problem`} data-testid="stop-problem">
                {stopProblem}
              </p>
            )}
          </div>
        ))}
      </div>
      <footer className="parameters-panel-foot">
        <button
          type="button"
          className="button button-ghost"
          data-testid="parameters-reset-all"
          onClick={() => setForm(emptyForm)}
        >
          Reset all
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="parameters-save"
          onClick={save}
        >
          Save
        </button>
      </footer>
    </section>
  );
}
