/**
 * Extra HTTP headers as name/value rows (OpenRouter's HTTP-Referer, a gateway's api-key, ...). Values
 * are secrets like the key: a saved one is never shown; its row can keep it (leave the value empty),
 * replace it (type a new one) or remove the header.
 */
import { headerRow, type HeaderRow } from './provider-form-model';

interface HeaderRowsProps {
  rows: HeaderRow[];
  onChange: (rows: HeaderRow[]) => void;
  errorId?: string;
}

const valuePlaceholder = (row: HeaderRow): string => {
  if (!row.stored) return 'value';
  return row.stored.hasValue ? 'Saved. Leave empty to keep it' : 'No value saved: enter one';
};

export function HeaderRows({ rows, onChange, errorId }: HeaderRowsProps) {
  const update = (key: number, patch: Partial<HeaderRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <fieldset className="header-rows" aria-describedby={errorId}>
      <legend>Extra headers</legend>
      <p className="hint">
        Header values are stored encrypted, like the API key, and are never shown again.
      </p>
      {rows.map((row, index) => (
        <div
          className="header-row"
          key={row.key}
          data-testid="provider-header-row"
          data-stored={row.stored ? (row.stored.hasValue ? 'value' : 'no-value') : undefined}
        >
          <input
            aria-label={`Header ${index + 1} name`}
            placeholder="Header-Name"
            data-testid="provider-header-name"
            value={row.name}
            readOnly={row.stored !== null}
            title={
              row.stored ? 'To rename a saved header, remove it and add a new one.' : undefined
            }
            onChange={(event) => update(row.key, { name: event.target.value })}
          />
          <input
            aria-label={`Header ${index + 1} value`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={valuePlaceholder(row)}
            data-testid="provider-header-value"
            value={row.value}
            onChange={(event) => update(row.key, { value: event.target.value })}
          />
          <button
            type="button"
            className="button button-small button-ghost"
            aria-label={`Remove header ${index + 1}`}
            data-testid="provider-header-remove"
            onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button-small"
        data-testid="provider-add-header"
        onClick={() => onChange([...rows, headerRow()])}
      >
        Add header
      </button>
    </fieldset>
  );
}
