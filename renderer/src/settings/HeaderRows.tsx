/**
 * Extra HTTP headers as name/value rows (OpenRouter's HTTP-Referer, a gateway's api-key, ...). Values
 * are secrets like the key: a saved one is never shown; its row can keep it (leave the value empty),
 * replace it (type a new one) or remove the header.
 */
import { headerRow, type HeaderRow } from './provider-form-model';

/** What the rows are called; Settings → Tools uses the same rows for environment variables. */
export interface SealedRowWords {
  legend: string;
  hint: string;
  /** One row's noun in labels: "Header 2 name". */
  noun: string;
  namePlaceholder: string;
  addLabel: string;
  /** Test ids: `${testId}-row`, `-name`, `-value`, `-remove`, `-add`. */
  testId: string;
}

interface HeaderRowsProps {
  rows: HeaderRow[];
  onChange: (rows: HeaderRow[]) => void;
  errorId?: string;
  words?: SealedRowWords;
}

const valuePlaceholder = (row: HeaderRow): string => {
  if (!row.stored) return 'value';
  return row.stored.hasValue ? 'Saved. Leave empty to keep it' : 'No value saved: enter one';
};

export function HeaderRows({ rows, onChange, errorId, words }: HeaderRowsProps) {
  const id = (part: string, providerId: string) => (words ? `${words.testId}-${part}` : providerId);
  const noun = words?.noun ?? 'Header';
  const update = (key: number, patch: Partial<HeaderRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <fieldset className="header-rows" aria-describedby={errorId}>
      <legend>{words?.legend ?? 'Extra headers'}</legend>
      <p className="hint">
        {words?.hint ??
          'Header values are stored encrypted, like the API key, and are never shown again.'}
      </p>
      {rows.map((row, index) => (
        <div
          className="header-row"
          key={row.key}
          data-testid={id('row', 'provider-header-row')}
          data-stored={row.stored ? (row.stored.hasValue ? 'value' : 'no-value') : undefined}
        >
          <input
            aria-label={`${noun} ${index + 1} name`}
            placeholder={words?.namePlaceholder ?? 'Header-Name'}
            data-testid={id('name', 'provider-header-name')}
            value={row.name}
            readOnly={row.stored !== null}
            title={
              row.stored
                ? `To rename a saved ${noun.toLowerCase()}, remove it and add a new one.`
                : undefined
            }
            onChange={(event) => update(row.key, { name: event.target.value })}
          />
          <input
            aria-label={`${noun} ${index + 1} value`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={valuePlaceholder(row)}
            data-testid={id('value', 'provider-header-value')}
            value={row.value}
            onChange={(event) => update(row.key, { value: event.target.value })}
          />
          <button
            type="button"
            className="button button-small button-ghost"
            aria-label={`Remove ${noun.toLowerCase()} ${index + 1}`}
            data-testid={id('remove', 'provider-header-remove')}
            onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button-small"
        data-testid={id('add', 'provider-add-header')}
        onClick={() => onChange([...rows, headerRow()])}
      >
        {words?.addLabel ?? 'Add header'}
      </button>
    </fieldset>
  );
}
