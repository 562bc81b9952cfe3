/**
 * Settings → Tools: the MCP servers (add, edit, switch on and off, restart, remove), importing the
 * servers of Claude Desktop or Cursor, and the tools a person told Runnel to always allow. The list
 * comes from main and is asked for again whenever main says servers, statuses or tools changed.
 */
import { useEffect, useState } from 'react';
import {
  TOOL_LIMIT_DEFAULTS,
  type AlwaysAllowedView,
  type McpServerView,
  type Preferences,
  type RunnelApi,
} from '../../../preload/contract';
import { useStores } from '../store/context';
import { useStore } from '../store/use-store';
import { FieldError } from './FieldError';
import { McpHostNotice } from './McpHostNotice';
import { McpServerForm } from './McpServerForm';
import { McpServerItem } from './McpServerItem';
import { IntegerField } from './PreferencesSection';
import { createToolsListing } from './tools-listing';
import { ToolsImport } from './ToolsImport';

type Editing = { kind: 'none' } | { kind: 'add' } | { kind: 'edit'; server: McpServerView };

export const TRUST_STATEMENT =
  'A local MCP server runs with your own rights: it can read and change what you can. Add only servers you trust.';

export function ToolsSection({ preferences }: { preferences: Preferences }) {
  const { tools } = useStores();
  if (!tools) return null;
  return <ToolsSettings api={tools} preferences={preferences} />;
}

function ToolsSettings({
  api,
  preferences,
}: {
  api: RunnelApi['tools'];
  preferences: Preferences;
}) {
  const [source] = useState(() => createToolsListing(api));
  const listing = useStore(source, (state) => state.listing);
  const loadError = useStore(source, (state) => state.loadError);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const refresh = source.refresh;

  useEffect(() => source.start(), [source]);

  const nameOf = (serverId: string): string =>
    listing?.servers.find((server) => server.id === serverId)?.name ?? serverId;

  const revoke = async (entry: AlwaysAllowedView) => {
    setRevokeError(null);
    const result = await api.revokeApproval({ serverId: entry.serverId, tool: entry.tool });
    if (!result.ok) setRevokeError(result.error.message);
    else void refresh();
  };

  const done = () => {
    setEditing({ kind: 'none' });
    void refresh();
  };

  return (
    <section
      className="settings-section tools-settings"
      aria-labelledby="tools-heading"
      data-testid="tools-section"
    >
      <h2 id="tools-heading">Tools</h2>
      <p className="hint">
        MCP servers give models tools: reading files, searching, calling services. Runnel asks
        before a tool runs unless you choose otherwise for a server.
      </p>
      <p className="notice notice-warning" data-testid="tools-trust">
        {TRUST_STATEMENT}
      </p>
      {loadError && (
        <p className="notice notice-error" data-testid="tools-load-error" role="alert">
          The servers could not be listed: {loadError}
        </p>
      )}

      <McpHostNotice host={listing?.host} />

      <IntegerField
        testId="pref-tool-call-timeout"
        label="Time limit per tool call (seconds)"
        hint="A tool that has not answered by then is stopped, and the model is told it timed out."
        field="toolCallTimeoutSec"
        min={5}
        max={600}
        value={preferences.toolCallTimeoutSec ?? TOOL_LIMIT_DEFAULTS.toolCallTimeoutSec}
      />
      <IntegerField
        testId="pref-tool-max-steps"
        label="Tool rounds per answer"
        hint="How many times the model may ask for tools in one answer before Runnel ends it with a note."
        field="toolMaxSteps"
        min={1}
        max={50}
        value={preferences.toolMaxSteps ?? TOOL_LIMIT_DEFAULTS.toolMaxSteps}
      />

      {listing && listing.servers.length === 0 && editing.kind === 'none' && (
        <p className="muted" data-testid="mcp-empty">
          No MCP server yet. Add one by its command or address, or import the servers you set up in
          Claude Desktop or Cursor.
        </p>
      )}
      {listing && listing.servers.length > 0 && (
        <ul className="mcp-server-list" data-testid="mcp-server-list">
          {listing.servers.map((server) => (
            <McpServerItem
              key={server.id}
              server={server}
              api={api}
              onEdit={() => setEditing({ kind: 'edit', server })}
            />
          ))}
        </ul>
      )}

      {editing.kind === 'none' ? (
        <div className="add-provider">
          <button
            type="button"
            className="button"
            data-testid="mcp-add"
            onClick={() => setEditing({ kind: 'add' })}
          >
            Add server
          </button>
          <ToolsImport api={api} onImported={() => void refresh()} />
        </div>
      ) : (
        <McpServerForm
          key={editing.kind === 'edit' ? editing.server.id : 'new'}
          original={editing.kind === 'edit' ? editing.server : null}
          api={api}
          onDone={done}
        />
      )}

      <h3 className="tools-subheading">Always allowed</h3>
      {listing && listing.alwaysAllowed.length === 0 && (
        <p className="muted" data-testid="always-allowed-empty">
          None. When a tool asks, “Always allow this tool” lists it here, where you can take it
          back.
        </p>
      )}
      {listing && listing.alwaysAllowed.length > 0 && (
        <ul className="always-allowed" data-testid="always-allowed-list">
          {listing.alwaysAllowed.map((entry) => (
            <li
              key={`${entry.serverId}/${entry.tool}`}
              data-testid="always-allowed-item"
              data-tool={entry.tool}
            >
              <span className="always-allowed-what">
                <span className="mcp-tool-name">{entry.tool}</span>
                <span className="muted">
                  {' '}
                  · {nameOf(entry.serverId)} · since {new Date(entry.since).toLocaleString()}
                </span>
              </span>
              <button
                type="button"
                className="button button-small"
                data-testid="always-allowed-revoke"
                aria-label={`Revoke ${entry.tool} of ${nameOf(entry.serverId)}`}
                onClick={() => void revoke(entry)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <FieldError id="always-allowed-error" message={revokeError} testId="always-allowed-error" />
    </section>
  );
}
