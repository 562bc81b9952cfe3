/**
 * The MCP host's whole job, Electron-free: it reads the messages main sends (checked against
 * host-protocol.ts), keeps one ServerConnection per enabled server, and answers. The process around it
 * (host-entry.ts) only moves messages; so the host is tested here in plain Node, forked as in the app.
 */
import {
  boundedReply,
  hostMethods,
  MAX_MESSAGE_CHARS,
  toHostMessageSchema,
  type FromHostMessage,
  type HostEvent,
  type HostMethod,
  type HostParams,
  type HostResult,
  type HostTool,
} from './host-protocol';
import {
  CallFailure,
  createServerConnection,
  type ConnectionDeps,
  type ServerConnection,
} from './server-connection';
import type { McpServerConfig } from './server-config';
import { namespaceTools } from './tool-names';

export interface HostServiceDeps extends Pick<
  ConnectionDeps,
  'resolveCommand' | 'serverPath' | 'restartDelaysMs'
> {
  send: (message: FromHostMessage) => void;
}

export interface HostService {
  handle(raw: unknown): void;
  /** Stops every server; the process may exit after. */
  shutdown(): Promise<void>;
}

type Handlers = {
  [M in HostMethod]: (params: HostParams<M>, signal: AbortSignal) => Promise<HostResult<M>>;
};

export function createHostService(deps: HostServiceDeps): HostService {
  const connections = new Map<string, ServerConnection>();
  const running = new Map<number, AbortController>();
  const emit = (event: HostEvent): void => deps.send({ kind: 'event', event });

  function connectionFor(config: McpServerConfig): ServerConnection {
    return createServerConnection(config, {
      resolveCommand: deps.resolveCommand,
      serverPath: deps.serverPath,
      restartDelaysMs: deps.restartDelaysMs,
      onStatus: (status) => emit({ type: 'serverStatusChanged', serverId: config.id, status }),
      onToolsChanged: () => emit({ type: 'toolsChanged', serverId: config.id }),
    });
  }

  function namespace() {
    return namespaceTools(
      [...connections.values()].map((connection) => ({
        serverId: connection.config.id,
        tools: connection.tools(),
      })),
    );
  }

  const handlers: Handlers = {
    async configure({ servers }) {
      const wanted = new Map(
        servers.filter((server) => server.enabled).map((server) => [server.id, server]),
      );
      const stopping: Promise<void>[] = [];
      for (const [id, connection] of connections) {
        const next = wanted.get(id);
        // Any change to how a server starts means a new process; a rename alone does too, for simplicity.
        if (!next || JSON.stringify(next) !== JSON.stringify(connection.config)) {
          connections.delete(id);
          stopping.push(connection.stop());
        }
      }
      await Promise.all(stopping);
      for (const [id, config] of wanted) {
        if (connections.has(id)) continue;
        const connection = connectionFor(config);
        connections.set(id, connection);
        // Servers start side by side; configure answers at once, and the statuses follow as events.
        void connection.start();
      }
      return null;
    },
    async listTools() {
      const tools: HostTool[] = namespace().tools.map((tool) => ({
        namespacedName: tool.namespacedName,
        serverId: tool.origin.serverId,
        serverName: connections.get(tool.origin.serverId)?.config.name ?? tool.origin.serverId,
        name: tool.name,
        ...(tool.title ? { title: tool.title } : {}),
        ...(tool.description ? { description: tool.description } : {}),
        inputSchema: tool.inputSchema,
        ...(tool.annotations ? { annotations: tool.annotations } : {}),
      }));
      return { tools };
    },
    async callTool({ name, arguments: args, timeoutMs }, signal) {
      const origin = namespace().origins.get(name);
      if (!origin) {
        throw new CallFailure({
          code: 'tool-not-found',
          message: `No connected server offers a tool called ${name}.`,
        });
      }
      const connection = connections.get(origin.serverId);
      if (!connection)
        throw new CallFailure({
          code: 'server-not-found',
          message: `The server of ${name} is not configured.`,
        });
      return connection.callTool(origin.toolName, args, { timeoutMs, signal });
    },
    async restartServer({ serverId }) {
      const connection = connections.get(serverId);
      if (!connection) {
        throw new CallFailure({
          code: 'server-not-found',
          message: `There is no enabled server with the id “${serverId}”.`,
        });
      }
      await connection.restart();
      return null;
    },
    async statuses() {
      return {
        servers: Object.fromEntries(
          [...connections].map(([id, connection]) => [id, connection.status()]),
        ),
      };
    },
    async ping() {
      return { at: Date.now() };
    },
  };

  async function run(id: number, method: HostMethod, rawParams: unknown): Promise<void> {
    const params = hostMethods[method].params.safeParse(rawParams);
    if (!params.success) {
      deps.send({
        kind: 'reply',
        id,
        ok: false,
        error: { code: 'bad-request', message: `${method}: ${params.error.message}` },
      });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    try {
      const handler = handlers[method] as (
        params: unknown,
        signal: AbortSignal,
      ) => Promise<unknown>;
      const value = await handler(params.data, controller.signal);
      deps.send(boundedReply(id, value, MAX_MESSAGE_CHARS));
    } catch (error) {
      const mcpError =
        error instanceof CallFailure
          ? error.mcpError
          : {
              code: 'protocol-error' as const,
              message: `The MCP host failed: ${error instanceof Error ? error.message : String(error)}`,
            };
      deps.send({ kind: 'reply', id, ok: false, error: mcpError });
    } finally {
      running.delete(id);
    }
  }

  return {
    handle(raw) {
      const message = toHostMessageSchema.safeParse(raw);
      if (!message.success) return; // Only main writes here; a message of another shape is not ours to answer.
      if (message.data.kind === 'cancel') {
        running.get(message.data.id)?.abort();
        return;
      }
      void run(message.data.id, message.data.method, message.data.params);
    },
    async shutdown() {
      for (const controller of running.values()) controller.abort();
      await Promise.all([...connections.values()].map((connection) => connection.stop()));
      connections.clear();
    },
  };
}
