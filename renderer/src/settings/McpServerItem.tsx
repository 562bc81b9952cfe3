/**
 * One MCP server in Settings → Tools: its name, an on/off switch, its status in words (a failure with
 * the tail of what it wrote to stderr, folded), Restart, Edit, Remove (after a confirmation: its sealed
 * values cannot come back with an Undo), and its tools with their descriptions, folded.
 */
import { useState } from 'react';
import type { IpcResult, McpServerEntry, RunnelApi } from '../../../preload/contract';
import { FieldError } from './FieldError';
import { inputFromServer, statusWords } from './mcp-server-form-model';

interface McpServerItemProps {
  server: McpServerEntry;
  api: Pick<RunnelApi['tools'], 'saveServer' | 'removeServer' | 'restartServer'>;
  onEdit: () => void;
}

const summaryOf = (server: McpServerEntry): string =>
  server.transport.kind === 'stdio'
    ? [server.transport.command, ...server.transport.args].join(' ')
    : server.transport.url;

export function McpServerItem({ server, api, onEdit }: McpServerItemProps) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { status } = server;
  const state = server.enabled ? status.state : 'off';
  const errorId = `mcp-server-error-${server.id}`;

  const run = async (action: () => Promise<IpcResult<unknown>>): Promise<boolean> => {
    setError(null);
    setBusy(true);
    const result = await action();
    setBusy(false);
    if (!result.ok) setError(result.error.message);
    return result.ok;
  };

  return (
    <li
      className="mcp-server"
      data-testid="mcp-server"
      data-server-id={server.id}
      data-state={state}
      aria-busy={busy || undefined}
    >
      <div className="mcp-server-head">
        <label className="mcp-switch">
          <input
            type="checkbox"
            role="switch"
            data-testid="mcp-server-enabled"
            checked={server.enabled}
            disabled={busy}
            aria-label={`${server.name} on`}
            onChange={(event) =>
              void run(() =>
                api.saveServer(inputFromServer(server, { enabled: event.target.checked })),
              )
            }
          />
          <span className="mcp-switch-track" aria-hidden="true" />
        </label>
        <div className="mcp-server-summary">
          <span className="mcp-server-name">{server.name}</span>
          <span className="muted mcp-server-meta" title={summaryOf(server)}>
            {summaryOf(server)}
          </span>
        </div>
        <div className="provider-buttons">
          {server.enabled && (
            <button
              type="button"
              className="button button-small"
              data-testid="mcp-server-restart"
              aria-label={`Restart ${server.name}`}
              disabled={busy}
              onClick={() => void run(() => api.restartServer({ id: server.id }))}
            >
              Restart
            </button>
          )}
          <button
            type="button"
            className="button button-small"
            data-testid="mcp-server-edit"
            aria-label={`Edit ${server.name}`}
            onClick={onEdit}
          >
            Edit
          </button>
          <button
            type="button"
            className="button button-small button-ghost"
            data-testid="mcp-server-remove"
            aria-label={`Remove ${server.name}`}
            onClick={() => setConfirming(true)}
          >
            Remove
          </button>
        </div>
      </div>

      <p className={`mcp-status mcp-status-${state}`} data-testid="mcp-server-status" role="status">
        {statusWords(server.enabled, status)}
      </p>
      {server.enabled && status.state === 'failed' && status.stderrTail.trim() !== '' && (
        <details className="mcp-stderr" data-testid="mcp-server-stderr">
          <summary>What the server wrote last</summary>
          <pre>{status.stderrTail}</pre>
        </details>
      )}

      {confirming && (
        <div className="mcp-confirm" role="group" aria-label={`Remove ${server.name}?`}>
          <p>
            Remove {server.name}? Its saved settings, including any encrypted values, are deleted;
            adding it again means typing them again.
          </p>
          <button
            type="button"
            className="button button-small button-danger"
            data-testid="mcp-server-remove-confirm"
            onClick={() =>
              void run(() => api.removeServer({ id: server.id })).then(
                (ok) => ok || setConfirming(false),
              )
            }
          >
            Remove
          </button>
          <button
            type="button"
            className="button button-small"
            data-testid="mcp-server-remove-cancel"
            onClick={() => setConfirming(false)}
          >
            Keep it
          </button>
        </div>
      )}
      <FieldError id={errorId} message={error} testId="mcp-server-error" />

      {server.tools.length > 0 && (
        <details className="mcp-tools" data-testid="mcp-server-tools">
          <summary>What its tools do</summary>
          <ul>
            {server.tools.map((tool) => (
              <li key={tool.name} data-testid="mcp-tool" data-read-only={tool.readOnly}>
                <span className="mcp-tool-name">{tool.name}</span>
                {tool.readOnly && <span className="badge">read-only</span>}
                {tool.description && <p className="hint">{tool.description}</p>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}
