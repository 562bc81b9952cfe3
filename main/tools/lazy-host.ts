/**
 * The MCP host started only once a server is enabled: a person who sets up none never gets the extra
 * process. Until it starts, it has no tools and no statuses, and answers never wait on it.
 */
import type { McpHostClient } from '../mcp/host-client';
import type { McpServerConfig } from '../mcp/server-config';

export type LazyHost = Pick<
  McpHostClient,
  | 'configure'
  | 'listTools'
  | 'callTool'
  | 'onEvent'
  | 'serverStatuses'
  | 'restartServer'
  | 'stop'
  | 'hostStatus'
>;

export function lazyHost(client: McpHostClient): LazyHost {
  let started = false;
  return {
    async configure(servers: McpServerConfig[]) {
      if (!started && servers.length === 0) return;
      if (!started) {
        client.start();
        started = true;
      }
      await client.configure(servers);
    },
    listTools: () => (started ? client.listTools() : Promise.resolve([])),
    callTool: (name, args, options) => client.callTool(name, args, options),
    onEvent: (listener) => client.onEvent(listener),
    serverStatuses: () => (started ? client.serverStatuses() : new Map()),
    hostStatus: () => (started ? client.hostStatus() : { state: 'stopped' }),
    restartServer: (id) => (started ? client.restartServer(id) : Promise.resolve()),
    stop: () => (started ? client.stop() : Promise.resolve()),
  };
}
