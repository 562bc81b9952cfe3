/**
 * Add or edit one MCP server: a command on this computer (arguments one per line, working folder,
 * environment) or an address (URL and headers), and how much its tools may do without asking.
 * Environment and header values are write-only like a provider's key: a saved one shows as "saved"
 * and can be kept, replaced or removed, never read back.
 */
import { useId, useState, type FormEvent } from 'react';
import type { McpServerView, RunnelApi } from '../../../preload/contract';
import { FieldError } from './FieldError';
import { HeaderRows, type SealedRowWords } from './HeaderRows';
import {
  formFromServer,
  inputFromForm,
  POLICIES,
  validateServerForm,
  type McpServerFormErrors,
  type McpServerFormValues,
} from './mcp-server-form-model';

const ENV_WORDS: SealedRowWords = {
  legend: 'Environment variables',
  hint: 'Values are stored encrypted, like API keys, and are never shown again.',
  noun: 'Variable',
  namePlaceholder: 'NAME',
  addLabel: 'Add variable',
  testId: 'mcp-env',
};
const HEADER_WORDS: SealedRowWords = {
  legend: 'Headers',
  hint: 'Values are stored encrypted, like API keys, and are never shown again.',
  noun: 'Header',
  namePlaceholder: 'Header-Name',
  addLabel: 'Add header',
  testId: 'mcp-header',
};

interface McpServerFormProps {
  original: McpServerView | null;
  api: Pick<RunnelApi['tools'], 'saveServer'>;
  onDone: () => void;
}

export function McpServerForm({ original, api, onDone }: McpServerFormProps) {
  const uid = useId();
  const [values, setValues] = useState<McpServerFormValues>(() => formFromServer(original));
  const [errors, setErrors] = useState<McpServerFormErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<McpServerFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    // A field's message goes once that field is edited.
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([key]) => !(key in patch))),
    );
  };
  const field = (name: string) => `${uid}-${name}`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateServerForm(values);
    setErrors(found);
    setSaveError(null);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    const result = await api.saveServer(inputFromForm(values, original?.id ?? null));
    setSaving(false);
    if (result.ok) onDone();
    else setSaveError(result.error.message);
  };

  return (
    <form
      className="mcp-form card"
      data-testid="mcp-server-form"
      aria-labelledby={field('heading')}
      onSubmit={(event) => void save(event)}
      noValidate
    >
      <h3 id={field('heading')}>{original ? `Edit ${original.name}` : 'Add an MCP server'}</h3>
      <div className="field">
        <label htmlFor={field('name')}>Name</label>
        <input
          id={field('name')}
          data-testid="mcp-name"
          value={values.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? field('name-error') : undefined}
          onChange={(event) => set({ name: event.target.value })}
        />
        <FieldError id={field('name-error')} message={errors.name} testId="mcp-name-error" />
      </div>

      <fieldset className="field">
        <legend>How Runnel reaches it</legend>
        <div className="mcp-kind">
          <label className="check">
            <input
              type="radio"
              name={field('kind')}
              data-testid="mcp-kind-stdio"
              checked={values.kind === 'stdio'}
              onChange={() => set({ kind: 'stdio' })}
            />
            A command on this computer
          </label>
          <label className="check">
            <input
              type="radio"
              name={field('kind')}
              data-testid="mcp-kind-http"
              checked={values.kind === 'http'}
              onChange={() => set({ kind: 'http' })}
            />
            An address (HTTP)
          </label>
        </div>
      </fieldset>

      {values.kind === 'stdio' ? (
        <>
          <div className="field">
            <label htmlFor={field('command')}>Command</label>
            <input
              id={field('command')}
              data-testid="mcp-command"
              placeholder="npx"
              spellCheck={false}
              value={values.command}
              aria-invalid={errors.command ? true : undefined}
              aria-describedby={errors.command ? field('command-error') : undefined}
              onChange={(event) => set({ command: event.target.value })}
            />
            <FieldError
              id={field('command-error')}
              message={errors.command}
              testId="mcp-command-error"
            />
          </div>
          <div className="field">
            <label htmlFor={field('args')}>Arguments</label>
            <textarea
              id={field('args')}
              data-testid="mcp-args"
              rows={3}
              // Unwrapped, so each line on screen is exactly one argument.
              wrap="off"
              spellCheck={false}
              placeholder={
                '-y\n@modelcontextprotocol/server-filesystem\nC:\\Users\\me\\My Documents'
              }
              value={values.args}
              aria-describedby={field('args-hint')}
              onChange={(event) => set({ args: event.target.value })}
            />
            <p className="hint" id={field('args-hint')}>
              One argument per line, as typed: no quotes needed around paths with spaces.
            </p>
          </div>
          <div className="field">
            <label htmlFor={field('cwd')}>Working folder (optional)</label>
            <input
              id={field('cwd')}
              data-testid="mcp-cwd"
              spellCheck={false}
              value={values.cwd}
              onChange={(event) => set({ cwd: event.target.value })}
            />
          </div>
          <HeaderRows
            rows={values.env}
            onChange={(env) => set({ env })}
            words={ENV_WORDS}
            {...(errors.env ? { errorId: field('env-error') } : {})}
          />
          <FieldError id={field('env-error')} message={errors.env} testId="mcp-env-error" />
        </>
      ) : (
        <>
          <div className="field">
            <label htmlFor={field('url')}>Address</label>
            <input
              id={field('url')}
              data-testid="mcp-url"
              type="url"
              placeholder="https://example.com/mcp"
              spellCheck={false}
              value={values.url}
              aria-invalid={errors.url ? true : undefined}
              aria-describedby={errors.url ? field('url-error') : undefined}
              onChange={(event) => set({ url: event.target.value })}
            />
            <FieldError id={field('url-error')} message={errors.url} testId="mcp-url-error" />
          </div>
          <HeaderRows
            rows={values.headers}
            onChange={(headers) => set({ headers })}
            words={HEADER_WORDS}
            {...(errors.headers ? { errorId: field('headers-error') } : {})}
          />
          <FieldError
            id={field('headers-error')}
            message={errors.headers}
            testId="mcp-headers-error"
          />
        </>
      )}

      <fieldset className="field mcp-policy">
        <legend>When its tools may run</legend>
        {POLICIES.map((policy) => (
          <label className="mcp-policy-choice" key={policy.value}>
            <input
              type="radio"
              name={field('policy')}
              value={policy.value}
              data-testid={`mcp-policy-${policy.value}`}
              checked={values.policy === policy.value}
              onChange={() => set({ policy: policy.value })}
            />
            <span>
              <span className="mcp-policy-label">{policy.label}</span>
              <span className="hint">{policy.detail}</span>
            </span>
          </label>
        ))}
        {values.policy === 'all' && (
          <p className="notice notice-warning" data-testid="mcp-policy-all-warning" role="note">
            With “Allow all”, this server’s tools run without asking you first. Choose it only for a
            server you trust with everything it can do.
          </p>
        )}
      </fieldset>

      <FieldError id={field('save-error')} message={saveError} testId="mcp-save-error" />
      <div className="form-buttons">
        <button
          type="submit"
          className="button button-primary"
          data-testid="mcp-save"
          disabled={saving}
        >
          {saving ? 'Saving…' : original ? 'Save' : 'Add server'}
        </button>
        <button type="button" className="button" data-testid="mcp-cancel" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
