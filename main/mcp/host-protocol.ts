/**
 * The messages between main and the MCP host process, declared once. Both sides parse every message
 * with these schemas: the host runs code from anywhere (a server can make it print anything), and main
 * must not trust it further than its shape. Each method names its params and its result, so the client
 * and the host service are both typed from this one table.
 */
import { z } from 'zod';
import { serverConfigSchema } from './server-config';

/** No message crosses to main larger than this: parsing one blocks main's event loop for its length. */
export const MAX_MESSAGE_CHARS = 2 * 1024 * 1024;
/** One tool result, as JSON; a larger one is refused in the host with `result-too-large`. */
export const MAX_TOOL_RESULT_CHARS = 1024 * 1024;

export const mcpErrorCodeSchema = z.enum([
  /** The command of a stdio server is not on PATH, or its file does not exist. */
  'command-not-found',
  /** The server could not be started or reached, or exited before it answered. */
  'start-failed',
  /** The server closed while a call was running. */
  'server-crashed',
  /** No server with that id is configured, or it is disabled. */
  'server-not-found',
  /** The server is configured but not connected now (starting, or failed). */
  'server-not-connected',
  'tool-not-found',
  'timeout',
  'cancelled',
  'result-too-large',
  /** The server answered something that is not MCP. */
  'protocol-error',
  /** The host process exited or stopped answering; main restarts it. */
  'host-crashed',
  'host-stopped',
  'bad-request',
]);
export type McpErrorCode = z.infer<typeof mcpErrorCodeSchema>;

export const mcpErrorSchema = z.object({ code: mcpErrorCodeSchema, message: z.string().max(8192) });
export type McpError = z.infer<typeof mcpErrorSchema>;

export const serverStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('stopped') }),
  z.object({ state: z.literal('starting'), attempt: z.number().int().min(1) }),
  z.object({
    state: z.literal('connected'),
    toolCount: z.number().int().min(0),
    transport: z.enum(['stdio', 'streamable-http', 'sse']),
  }),
  z.object({
    state: z.literal('failed'),
    error: mcpErrorSchema,
    stderrTail: z.string().max(16_384),
  }),
]);
export type ServerStatus = z.infer<typeof serverStatusSchema>;

/** A tool as main sees it: already namespaced, with where it comes from. */
export const hostToolSchema = z.object({
  namespacedName: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  serverId: z.string(),
  serverName: z.string(),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: z.record(z.string(), z.unknown()),
  annotations: z.looseObject({ readOnlyHint: z.boolean().optional() }).optional(),
});
export type HostTool = z.infer<typeof hostToolSchema>;

/** The content blocks as the server sent them (text, image, resource link…); shown and sent on later. */
export const toolResultSchema = z.object({
  content: z.array(z.looseObject({ type: z.string() })),
  structuredContent: z.record(z.string(), z.unknown()).optional(),
  isError: z.boolean().optional(),
  /** How long the call took in the host, in milliseconds. */
  durationMs: z.number().min(0),
});
export type ToolResult = z.infer<typeof toolResultSchema>;

export const hostMethods = {
  configure: {
    params: z.object({ servers: z.array(serverConfigSchema).max(100) }),
    result: z.null(),
  },
  listTools: { params: z.object({}), result: z.object({ tools: z.array(hostToolSchema) }) },
  callTool: {
    params: z.object({
      name: z.string().max(64),
      arguments: z.record(z.string(), z.unknown()),
      timeoutMs: z.number().int().min(1).max(3_600_000),
    }),
    result: toolResultSchema,
  },
  restartServer: { params: z.object({ serverId: z.string() }), result: z.null() },
  statuses: {
    params: z.object({}),
    result: z.object({ servers: z.record(z.string(), serverStatusSchema) }),
  },
  ping: { params: z.object({}), result: z.object({ at: z.number() }) },
} as const;

export type HostMethod = keyof typeof hostMethods;
export type HostParams<M extends HostMethod> = z.infer<(typeof hostMethods)[M]['params']>;
export type HostResult<M extends HostMethod> = z.infer<(typeof hostMethods)[M]['result']>;

const methodNames = Object.keys(hostMethods) as [HostMethod, ...HostMethod[]];

export const toHostMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('request'),
    id: z.number().int(),
    method: z.enum(methodNames),
    params: z.unknown(),
  }),
  /** Stop the request with this id; its reply still comes, as `cancelled`. */
  z.object({ kind: z.literal('cancel'), id: z.number().int() }),
]);
export type ToHostMessage = z.infer<typeof toHostMessageSchema>;

export const hostEventSchema = z.discriminatedUnion('type', [
  /** The host is up and reads messages. */
  z.object({ type: z.literal('hostReady'), pid: z.number().int() }),
  z.object({
    type: z.literal('serverStatusChanged'),
    serverId: z.string(),
    status: serverStatusSchema,
  }),
  /** A server's tools changed (connected, `notifications/tools/list_changed`, stopped): list again. */
  z.object({ type: z.literal('toolsChanged'), serverId: z.string() }),
]);
export type HostEvent = z.infer<typeof hostEventSchema>;

export const fromHostMessageSchema = z.union([
  z.object({
    kind: z.literal('reply'),
    id: z.number().int(),
    ok: z.literal(true),
    value: z.unknown(),
  }),
  z.object({
    kind: z.literal('reply'),
    id: z.number().int(),
    ok: z.literal(false),
    error: mcpErrorSchema,
  }),
  z.object({ kind: z.literal('event'), event: hostEventSchema }),
]);
export type FromHostMessage = z.infer<typeof fromHostMessageSchema>;

/** The message the host sends instead of one that would be too large to cross. */
export function boundedReply(
  id: number,
  value: unknown,
  limit = MAX_MESSAGE_CHARS,
): FromHostMessage {
  const reply: FromHostMessage = { kind: 'reply', id, ok: true, value };
  const size = JSON.stringify(reply).length;
  if (size <= limit) return reply;
  return {
    kind: 'reply',
    id,
    ok: false,
    error: {
      code: 'result-too-large',
      message: `The answer was ${formatSize(size)}, more than the ${formatSize(limit)} Runnel takes in one message.`,
    },
  };
}

export function formatSize(chars: number): string {
  if (chars < 1024 * 1024) return `${Math.ceil(chars / 1024)} KB`;
  return `${(chars / 1024 / 1024).toFixed(1)} MB`;
}
