/**
 * Settings → Tools, main's side: the servers a person set up (server-store.ts) kept in step with the
 * MCP host, each with its live status and tools, and the "always allow" answers to list and revoke.
 * Electron-free: the host client and the stores are parameters.
 */
import type { HostStatus, McpHostClient } from '../mcp/host-client';
import type { HostTool, ServerStatus } from '../mcp/host-protocol';
import type { Approvals, Remembered } from './approvals';
import type { ServerInput, ServerStore, ServerView } from './server-store';

export interface ServerEntry extends ServerView {
  /** What the host last said of it; `stopped` for a disabled server or before the host started. */
  status: ServerStatus;
  tools: Array<{ name: string; description: string | null; readOnly: boolean }>;
}

/** The host process as Settings shows it: its pid is no one's business there. */
export type HostView =
  | { state: 'starting' | 'stopped' }
  | { state: 'running'; restarted?: { reason: string; at: number } }
  | { state: 'restarting'; attempt: number; delayMs: number; reason: string }
  | { state: 'failed'; reason: string };

/** The host's status, with its last restart when it runs again after one. */
export function hostView(
  status: HostStatus,
  lastRestart: { reason: string; at: number } | null,
): HostView {
  if (status.state !== 'running') return status;
  return lastRestart ? { state: 'running', restarted: lastRestart } : { state: 'running' };
}

export interface ToolsSettings {
  list(): Promise<{ host?: HostView; servers: ServerEntry[]; alwaysAllowed: Remembered[] }>;
  save(input: ServerInput): Promise<ServerView>;
  remove(id: string): Promise<void>;
  importConfig(
    text: string,
  ): Promise<{ added: ServerView[]; skipped: Array<{ name: string; reason: string }> }>;
  restart(id: string): Promise<void>;
  revoke(ref: { serverId: string; tool: string }): void;
  /** Sends the enabled servers to the host (at start, and after every change). */
  apply(): Promise<void>;
}

export function createToolsSettings(deps: {
  store: ServerStore;
  host: Pick<
    McpHostClient,
    'configure' | 'serverStatuses' | 'restartServer' | 'onEvent' | 'hostStatus'
  >;
  approvals: Pick<Approvals, 'list' | 'revoke'>;
  tools: () => Promise<HostTool[]>;
  /** Tells every window that servers, statuses or tools changed (here, or in the host). */
  changed: () => void;
  now?: () => number;
}): ToolsSettings {
  const now = deps.now ?? Date.now;
  /** The host's last crash, kept once it runs again so Settings still says it happened. */
  let lastRestart: { reason: string; at: number } | null = null;
  deps.host.onEvent((event) => {
    if (event.type === 'hostStatusChanged' && event.status.state === 'restarting')
      lastRestart = { reason: event.status.reason, at: now() };
    deps.changed();
  });
  const apply = async (): Promise<void> => {
    await deps.host.configure(deps.store.enabledConfigs());
    deps.changed();
  };
  return {
    apply,
    async list() {
      const statuses = deps.host.serverStatuses();
      const tools = await deps.tools();
      return {
        host: hostView(deps.host.hostStatus(), lastRestart),
        servers: deps.store.list().map((server) => ({
          ...server,
          status: server.enabled
            ? (statuses.get(server.id) ?? { state: 'stopped' })
            : { state: 'stopped' },
          tools: tools
            .filter((tool) => tool.serverId === server.id)
            .map((tool) => ({
              name: tool.name,
              description: tool.description ?? null,
              readOnly: tool.annotations?.readOnlyHint === true,
            })),
        })),
        alwaysAllowed: deps.approvals.list(),
      };
    },
    async save(input) {
      const view = deps.store.save(input);
      await apply();
      return view;
    },
    async remove(id) {
      deps.store.remove(id);
      await apply();
    },
    async importConfig(text) {
      const result = deps.store.importConfig(text);
      await apply();
      return result;
    },
    async restart(id) {
      await deps.host.restartServer(id);
    },
    revoke(ref) {
      deps.approvals.revoke(ref);
      deps.changed();
    },
  };
}
