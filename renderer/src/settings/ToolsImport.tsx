/**
 * Import the MCP servers of Claude Desktop's `claude_desktop_config.json` or a Cursor `mcp.json`:
 * the file is read here as text and main adds what it can; the page says what was added and what
 * was skipped, with main's reason for each.
 */
import { useId, useRef, useState, type ChangeEvent } from 'react';
import type { RunnelApi } from '../../../preload/contract';
import { FieldError } from './FieldError';

/** As the contract caps `runnel:tools:importConfig`. */
const MAX_IMPORT_BYTES = 1024 * 1024;

type Outcome = {
  file: string;
  added: string[];
  skipped: Array<{ name: string; reason: string }>;
};

export function ToolsImport({
  api,
  onImported,
}: {
  api: Pick<RunnelApi['tools'], 'importConfig'>;
  onImported: () => void;
}) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // The same file can be picked again after a fix.
    event.target.value = '';
    if (!file) return;
    setError(null);
    setOutcome(null);
    if (file.size > MAX_IMPORT_BYTES) {
      setError(
        `${file.name} is larger than 1 MB, so it is not an MCP configuration. Choose claude_desktop_config.json or mcp.json.`,
      );
      return;
    }
    setBusy(true);
    let text: string;
    try {
      text = await file.text();
    } catch {
      setBusy(false);
      setError(
        `${file.name} could not be read. Check that the file is still there, then try again.`,
      );
      return;
    }
    if (text.trim() === '') {
      setBusy(false);
      setError(`${file.name} is empty. Choose claude_desktop_config.json or mcp.json.`);
      return;
    }
    const result = await api.importConfig({ text });
    setBusy(false);
    if (!result.ok) {
      setError(`${file.name} was not imported: ${result.error.message}`);
      return;
    }
    setOutcome({
      file: file.name,
      added: result.value.added.map((server) => server.name),
      skipped: result.value.skipped,
    });
    onImported();
  };

  return (
    <>
      <input
        ref={input}
        id={inputId}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        tabIndex={-1}
        data-testid="mcp-import-file"
        onChange={(event) => void pick(event)}
      />
      <button
        type="button"
        className="button"
        data-testid="mcp-import"
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        {busy ? 'Importing…' : 'Import from Claude Desktop or Cursor…'}
      </button>
      <FieldError id={`${inputId}-error`} message={error} testId="mcp-import-error" />
      {outcome && (
        <div className="mcp-import-outcome" data-testid="mcp-import-outcome" role="status">
          <p>
            {outcome.added.length === 0
              ? `Nothing was added from ${outcome.file}.`
              : `Added from ${outcome.file}: ${outcome.added.join(', ')}.`}
          </p>
          {outcome.skipped.length > 0 && (
            <ul data-testid="mcp-import-skipped">
              {outcome.skipped.map((skip, index) => (
                <li key={`${skip.name}-${index}`}>
                  Skipped {skip.name}: {skip.reason}
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="button button-small button-ghost"
            data-testid="mcp-import-dismiss"
            onClick={() => setOutcome(null)}
          >
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
