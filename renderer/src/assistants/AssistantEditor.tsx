/**
 * Creating or editing one assistant: name and emoji, model, system prompt and parameters, and the
 * messages its chats open with. Nothing is saved until Save; each problem shows beside its field.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { ProviderView } from '../../../preload/contract';
import { reasoningEfforts } from '../chat/parameters-form';
import { FieldError } from '../settings/FieldError';
import type { AssistantOpeningMessage } from '../history/types';
import {
  readAssistantForm,
  type AssistantField,
  type AssistantForm,
  type AssistantValues,
} from './assistant-form';

interface EditorProps {
  heading: string;
  initial: AssistantForm;
  providers: readonly ProviderView[];
  onSave: (values: AssistantValues) => Promise<void>;
  onCancel: () => void;
}

type NumberField = 'temperature' | 'topP' | 'maxTokens' | 'seed';

const numberFields: ReadonlyArray<{ field: NumberField; label: string; hint: string }> = [
  { field: 'temperature', label: 'Temperature', hint: '0 to 2; empty: Settings’ value.' },
  { field: 'topP', label: 'top_p', hint: '0 to 1; empty: the provider’s default.' },
  { field: 'maxTokens', label: 'Max output tokens', hint: 'Empty: the provider’s default.' },
  { field: 'seed', label: 'Seed', hint: 'A whole number, for repeatable answers where supported.' },
];

export function AssistantEditor({ heading, initial, providers, onSave, onCancel }: EditorProps) {
  const [form, setForm] = useState(initial);
  // As typed, blank lines and all; the sequences are its non-empty lines.
  const [stopText, setStopText] = useState(initial.parameters.stop.join('\n'));
  const [problems, setProblems] = useState<Partial<Record<AssistantField, string>>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const base = useId();
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => nameInput.current?.focus(), []);

  const id = (field: string) => `${base}-${field}`;
  const errorId = (field: AssistantField) => `${base}-${field}-error`;
  const invalid = (field: AssistantField) =>
    problems[field] ? { 'aria-invalid': true, 'aria-describedby': errorId(field) } : {};
  /** A field edited after a failed Save: its message goes until the next Save checks it again. */
  const edited = (field: AssistantField) =>
    setProblems((shown) => {
      if (!(field in shown)) return shown;
      const { [field]: _fixed, ...rest } = shown;
      return rest;
    });
  const setParameter = (
    field: Exclude<keyof AssistantForm['parameters'], 'stop'>,
    value: string,
  ) => {
    edited(field);
    setForm((f) => ({ ...f, parameters: { ...f.parameters, [field]: value } }));
  };
  const setOpening = (index: number, patch: Partial<AssistantOpeningMessage>) => {
    edited('openingMessages');
    setForm((f) => ({
      ...f,
      openingMessages: f.openingMessages.map((m, i) => (i === index ? { ...m, ...patch } : m)),
    }));
  };
  const provider = providers.find((p) => p.id === form.providerId);

  const submit = async () => {
    const stop = stopText.split('\n').filter((line) => line !== '');
    const read = readAssistantForm({ ...form, parameters: { ...form.parameters, stop } });
    if (!read.ok) {
      setProblems(read.problems);
      return;
    }
    setProblems({});
    setSaving(true);
    setSaveError(null);
    try {
      await onSave(read.values);
    } catch (error) {
      setSaveError(
        `The assistant was not saved: ${error instanceof Error ? error.message : String(error)}`,
      );
      setSaving(false);
    }
  };

  return (
    <form
      className="assistant-editor card"
      data-testid="assistant-editor"
      aria-labelledby={id('heading')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <h3 id={id('heading')}>{heading}</h3>
      <div className="assistant-editor-names">
        <div className="field assistant-emoji-field">
          <label htmlFor={id('emoji')}>Emoji</label>
          <input
            id={id('emoji')}
            data-testid="assistant-emoji"
            value={form.emoji}
            placeholder="🤖"
            onChange={(event) => {
              edited('emoji');
              setForm((f) => ({ ...f, emoji: event.target.value }));
            }}
            {...invalid('emoji')}
          />
          <FieldError id={errorId('emoji')} message={problems.emoji} />
        </div>
        <div className="field assistant-name-field">
          <label htmlFor={id('name')}>Name</label>
          <input
            ref={nameInput}
            id={id('name')}
            data-testid="assistant-name"
            value={form.name}
            placeholder="For example: Tutor"
            onChange={(event) => {
              edited('name');
              setForm((f) => ({ ...f, name: event.target.value }));
            }}
            {...invalid('name')}
          />
          <FieldError id={errorId('name')} message={problems.name} testId="assistant-name-error" />
        </div>
      </div>

      <div className="field">
        <label htmlFor={id('system-prompt')}>System prompt</label>
        <textarea
          id={id('system-prompt')}
          data-testid="assistant-system-prompt"
          rows={5}
          value={form.parameters.systemPrompt}
          placeholder={
            form.noSystemPrompt
              ? 'None: chats with this assistant are sent no system prompt.'
              : 'Instructions for every chat with this assistant. Empty: Settings’ system prompt.'
          }
          onChange={(event) => setParameter('systemPrompt', event.target.value)}
          {...invalid('systemPrompt')}
        />
        <FieldError id={errorId('systemPrompt')} message={problems.systemPrompt} />
        <label className="check">
          <input
            type="checkbox"
            data-testid="assistant-no-system-prompt"
            checked={form.noSystemPrompt && form.parameters.systemPrompt.trim() === ''}
            disabled={form.parameters.systemPrompt.trim() !== ''}
            onChange={(event) => setForm((f) => ({ ...f, noSystemPrompt: event.target.checked }))}
          />
          No system prompt, not even Settings’ (when the prompt above is empty)
        </label>
      </div>

      <fieldset className="field assistant-model">
        <legend>Model</legend>
        <div className="field-row">
          <select
            aria-label="Provider"
            data-testid="assistant-provider"
            value={form.providerId}
            onChange={(event) => {
              edited('model');
              setForm((f) => ({ ...f, providerId: event.target.value }));
            }}
          >
            <option value="">Settings’ default model</option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            {form.providerId !== '' && !provider && (
              <option value={form.providerId}>{form.providerId} (not set up here)</option>
            )}
          </select>
          <input
            aria-label="Model"
            data-testid="assistant-model"
            value={form.model}
            disabled={form.providerId === ''}
            placeholder={provider ? `${provider.defaultModel} (its default)` : 'Model'}
            onChange={(event) => {
              edited('model');
              setForm((f) => ({ ...f, model: event.target.value }));
            }}
            {...invalid('model')}
          />
        </div>
        <FieldError id={errorId('model')} message={problems.model} />
      </fieldset>

      <details className="assistant-parameters" open={hasParameters(form)}>
        <summary>Parameters</summary>
        <div className="assistant-parameter-grid">
          {numberFields.map(({ field, label, hint }) => (
            <div className="field" key={field}>
              <label htmlFor={id(field)}>{label}</label>
              <input
                id={id(field)}
                data-testid={`assistant-${field}`}
                inputMode="decimal"
                value={form.parameters[field]}
                title={hint}
                placeholder="Default"
                onChange={(event) => setParameter(field, event.target.value)}
                {...invalid(field)}
              />
              <FieldError id={errorId(field)} message={problems[field]} />
            </div>
          ))}
          <div className="field">
            <label htmlFor={id('effort')}>Reasoning effort</label>
            <select
              id={id('effort')}
              data-testid="assistant-reasoningEffort"
              value={form.parameters.reasoningEffort}
              onChange={(event) => setParameter('reasoningEffort', event.target.value)}
            >
              <option value="">Not sent</option>
              {reasoningEfforts.map((effort) => (
                <option key={effort} value={effort}>
                  {effort}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={id('stop')}>Stop sequences, one a line</label>
          <textarea
            id={id('stop')}
            data-testid="assistant-stop"
            rows={2}
            value={stopText}
            onChange={(event) => {
              edited('stop');
              setStopText(event.target.value);
            }}
            {...invalid('stop')}
          />
          <FieldError id={errorId('stop')} message={problems.stop} />
        </div>
      </details>

      <fieldset className="field assistant-opening">
        <legend>Opening messages</legend>
        <p className="hint">Shown as the first messages of every chat with this assistant.</p>
        {form.openingMessages.map((message, index) => (
          <div className="assistant-opening-row" key={index} data-testid="assistant-opening-row">
            <select
              aria-label={`Opening message ${index + 1}: who says it`}
              value={message.role}
              onChange={(event) =>
                setOpening(index, { role: event.target.value === 'user' ? 'user' : 'assistant' })
              }
            >
              <option value="assistant">Assistant</option>
              <option value="user">You</option>
            </select>
            <textarea
              aria-label={`Opening message ${index + 1}`}
              rows={2}
              value={message.content}
              onChange={(event) => setOpening(index, { content: event.target.value })}
            />
            <button
              type="button"
              className="button button-small button-ghost"
              aria-label={`Remove opening message ${index + 1}`}
              onClick={() =>
                setForm((f) => ({
                  ...f,
                  openingMessages: f.openingMessages.filter((_, i) => i !== index),
                }))
              }
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-small"
          data-testid="assistant-add-opening"
          onClick={() =>
            setForm((f) => ({
              ...f,
              openingMessages: [...f.openingMessages, { role: 'assistant', content: '' }],
            }))
          }
        >
          Add an opening message
        </button>
        <FieldError id={errorId('openingMessages')} message={problems.openingMessages} />
      </fieldset>

      {saveError && (
        <p className="notice notice-error" role="alert">
          {saveError}
        </p>
      )}
      <div className="form-buttons">
        <button
          type="submit"
          className="button button-primary"
          data-testid="assistant-save"
          disabled={saving}
        >
          Save
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const hasParameters = (form: AssistantForm): boolean =>
  numberFields.some(({ field }) => form.parameters[field] !== '') ||
  form.parameters.reasoningEffort !== '' ||
  form.parameters.stop.length > 0;
