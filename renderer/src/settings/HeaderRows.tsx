/** Extra HTTP headers as name/value rows (OpenRouter's HTTP-Referer, a gateway's api-key, ...). */
import { headerRow, type HeaderRow } from './provider-form-model';

interface HeaderRowsProps {
  rows: HeaderRow[];
  onChange: (rows: HeaderRow[]) => void;
  errorId?: string;
}

export function HeaderRows({ rows, onChange, errorId }: HeaderRowsProps) {
  const update = (key: number, patch: Partial<HeaderRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <fieldset className="header-rows" aria-describedby={errorId}>
      <legend>Extra headers</legend>
      {rows.map((row, index) => (
        <div className="header-row" key={row.key} data-testid="provider-header-row">
          <input
            aria-label={`Header ${index + 1} name`}
            placeholder="Header-Name"
            data-testid="provider-header-name"
            value={row.name}
            onChange={(event) => update(row.key, { name: event.target.value })}
          />
          <input
            aria-label={`Header ${index + 1} value`}
            placeholder="value"
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
