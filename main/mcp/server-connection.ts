/**
 * One MCP server, as the host keeps it: started (stdio) or reached (HTTP, falling back to the older SSE
 * transport), its tools listed and followed through `notifications/tools/list_changed`, calls made with
 * a time limit and a way to stop them, and its status said as it changes. Runs in the host process only,
 * so nothing here can block main however a server behaves.
 */
import { homedir } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  McpError as SdkMcpError,
  ToolListChangedNotificationSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { redactSecrets } from '../chat/errors';
import { cappedFetch } from './capped-fetch';
import type { CommandResolution } from './command-resolution';
import {
  formatSize,
  MAX_TOOL_RESULT_CHARS,
  type McpError,
  type ServerStatus,
  type ToolResult,
} from './host-protocol';
import type { McpServerConfig, StdioTransport } from './server-config';
import { createStderrTail } from './stderr-tail';

/** The most a stdio server may send in one line; a larger answer is cut off and the server restarted. */
export const MAX_STDIO_MESSAGE_BYTES = 8 * 1024 * 1024;
/** The most one HTTP answer to a call may be; past it the answer is cut off and the call fails. */
export const MAX_HTTP_ANSWER_BYTES = 8 * 1024 * 1024;
export const START_TIMEOUT_MS = 30_000;
/** Pages of `tools/list` followed before giving up on a server that pages forever. */
const MAX_TOOL_PAGES = 20;
const CLIENT_INFO = { name: 'Runnel', version: '0.1.0' };

export class CallFailure extends Error {
  readonly mcpError: McpError;
  constructor(mcpError: McpError) {
    super(mcpError.message);
    this.name = 'CallFailure';
    this.mcpError = mcpError;
  }
}

export interface ConnectionDeps {
  /** Finds the program of a stdio server; PATH and platform are the resolver's business. */
  resolveCommand: (transport: StdioTransport) => Promise<CommandResolution>;
  /** The PATH a started server gets, so `npx`'s own `#!/usr/bin/env node` finds node too. */
  serverPath: () => Promise<string>;
  onStatus: (status: ServerStatus) => void;
  onToolsChanged: () => void;
  /** Waits before each automatic restart after a drop; its length is the number of tries. */
  restartDelaysMs: readonly number[];
  setTimeout?: (run: () => void, ms: number) => unknown;
  clearTimeout?: (timer: unknown) => void;
}

export interface ServerConnection {
  readonly config: McpServerConfig;
  status(): ServerStatus;
  tools(): readonly Tool[];
  start(): Promise<void>;
  /** Stops and starts again, whatever the state; the restart tries start over. */
  restart(): Promise<void>;
  callTool(
    name: string,
    args: Record<string, unknown>,
    options: { timeoutMs: number; signal: AbortSignal },
  ): Promise<ToolResult>;
  stop(): Promise<void>;
}

function oneLine(text: string, max = 300): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * Why an HTTP server could not be reached, from the network error under fetch's bare "fetch failed"
 * (undici puts it in `cause`), said so a person knows what to check; null when it is no such error.
 * The address is shown without its query, where a token may be.
 */
export function unreachableWords(error: unknown, url: string): string | null {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (!(error instanceof TypeError) || typeof code !== 'string') return null;
  let where = url;
  let host = url;
  try {
    const parsed = new URL(url);
    where = `${parsed.origin}${parsed.pathname}`;
    host = parsed.hostname;
  } catch {
    // The address was checked when it was saved; as it is, it is still the best thing to name.
  }
  switch (code) {
    case 'ECONNREFUSED':
      return ` at ${where}: nothing answers there (connection refused). Check the address, and that the server is running.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `: the host name “${host}” was not found. Check the address, and your network.`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return ` at ${where}: the connection timed out. Check the address, and your network.`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return ` at ${where}: the connection was closed before it answered.`;
    default:
      return /CERT|SSL|TLS/.test(code)
        ? ` at ${where}: its certificate was refused (${code}).`
        : ` at ${where} (${code}).`;
  }
}

export function createServerConnection(
  config: McpServerConfig,
  deps: ConnectionDeps,
): ServerConnection {
  const stderrTail = createStderrTail();
  const schedule = deps.setTimeout ?? ((run, ms) => setTimeout(run, ms));
  const cancelTimer = deps.clearTimeout ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
  let status: ServerStatus = { state: 'stopped' };
  let tools: Tool[] = [];
  let client: Client | null = null;
  /** Bumped by every start and stop, so a late event of an old connection changes nothing. */
  let generation = 0;
  let restartsInARow = 0;
  let restartTimer: unknown = null;
  /**
   * Counts answers cut off for size (a stdio line over MAX_STDIO_MESSAGE_BYTES, an HTTP answer over
   * MAX_HTTP_ANSWER_BYTES): the error that follows reads as noise or a closed connection, not as size.
   */
  let oversized = 0;
  let oversizedAtStart = 0;
  const httpFetch = cappedFetch(MAX_HTTP_ANSWER_BYTES, () => {
    oversized += 1;
  });
  /** The last line the server wrote that was not MCP (a stray `console.log` on stdout). */
  let lastNoise: string | null = null;

  const setStatus = (next: ServerStatus): void => {
    status = next;
    deps.onStatus(next);
  };
  // A server may print its own environment or echo a header; statuses go to the UI and to logs.
  const secrets = Object.values(
    config.transport.kind === 'stdio' ? config.transport.env : config.transport.headers,
  );
  const fail = (error: McpError): void => {
    setStatus({
      state: 'failed',
      error: { ...error, message: redactSecrets(error.message, secrets) },
      stderrTail: redactSecrets(stderrTail.text(), secrets),
    });
  };
  const name = `“${config.name}”`;

  async function openStdio(transport: StdioTransport): Promise<{ client: Client; kind: 'stdio' }> {
    const resolved = await deps.resolveCommand(transport);
    if (!resolved.ok)
      throw new CallFailure({ code: 'command-not-found', message: resolved.message });
    const stdio = new StdioClientTransport({
      command: resolved.path,
      args: transport.args,
      env: { ...getDefaultEnvironment(), PATH: await deps.serverPath(), ...transport.env },
      cwd: transport.cwd ?? homedir(),
      stderr: 'pipe',
      maxBufferSize: MAX_STDIO_MESSAGE_BYTES,
    });
    stdio.stderr?.on('data', (chunk: Buffer) => stderrTail.push(chunk.toString('utf8')));
    return { client: await connect(stdio), kind: 'stdio' };
  }

  async function openHttp(
    url: string,
    headers: Record<string, string>,
  ): Promise<{ client: Client; kind: 'streamable-http' | 'sse' }> {
    try {
      return {
        client: await connect(
          new StreamableHTTPClientTransport(new URL(url), {
            requestInit: { headers },
            fetch: httpFetch,
          }),
        ),
        kind: 'streamable-http',
      };
    } catch (error) {
      // The SDK's documented fallback: a 4xx to the Streamable HTTP POST means a server of the older
      // HTTP+SSE kind (modelcontextprotocol/typescript-sdk, docs/client.md, "backwards compatibility").
      const status = error instanceof StreamableHTTPError ? (error.code ?? 0) : 0;
      if (status < 400 || status >= 500) throw error;
      return {
        client: await connect(
          new SSEClientTransport(new URL(url), { requestInit: { headers }, fetch: httpFetch }),
        ),
        kind: 'sse',
      };
    }
  }

  async function connect(transport: Transport): Promise<Client> {
    const next = new Client(CLIENT_INFO, { capabilities: {} });
    next.onerror = (error) => {
      if (/exceeded maximum size/.test(error.message)) oversized += 1;
      if (error.name === 'ZodError' || error instanceof SyntaxError)
        lastNoise = oneLine(error.message, 200);
    };
    try {
      await next.connect(transport, { timeout: START_TIMEOUT_MS });
    } catch (error) {
      await next.close().catch(() => undefined);
      throw error;
    }
    return next;
  }

  async function listAllTools(from: Client): Promise<Tool[]> {
    const all: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_TOOL_PAGES; page += 1) {
      const result = await from.listTools(cursor ? { cursor } : {});
      all.push(...result.tools);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return all;
  }

  function startError(error: unknown): McpError {
    if (error instanceof CallFailure) return error.mcpError;
    if (config.transport.kind === 'http') {
      const unreachable = unreachableWords(error, config.transport.url);
      if (unreachable)
        return { code: 'start-failed', message: `Could not reach ${name}${unreachable}` };
    }
    const reason = oneLine(error instanceof Error ? error.message : String(error));
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT')
      return { code: 'command-not-found', message: `Could not start ${name}: ${reason}` };
    if (error instanceof SdkMcpError && error.code === ErrorCode.ConnectionClosed) {
      return {
        code: 'start-failed',
        message: `${name} exited before it answered. Its last output is below.`,
      };
    }
    if (error instanceof SdkMcpError && error.code === ErrorCode.RequestTimeout) {
      return {
        code: 'start-failed',
        message: `${name} did not answer within ${START_TIMEOUT_MS / 1000} s of starting.`,
      };
    }
    return { code: 'start-failed', message: `Could not start ${name}: ${reason}` };
  }

  async function start(): Promise<void> {
    generation += 1;
    const mine = generation;
    oversizedAtStart = oversized;
    lastNoise = null;
    setStatus({ state: 'starting', attempt: restartsInARow + 1 });
    let opened: { client: Client; kind: 'stdio' | 'streamable-http' | 'sse' };
    let listed: Tool[];
    try {
      opened =
        config.transport.kind === 'stdio'
          ? await openStdio(config.transport)
          : await openHttp(config.transport.url, config.transport.headers);
      listed = await listAllTools(opened.client).catch(async (error: unknown) => {
        await opened.client.close().catch(() => undefined);
        throw error;
      });
    } catch (error) {
      // The stderr pipe may still hold the server's last words when the exit is seen; let them land.
      await new Promise((resolve) => setImmediate(resolve));
      if (mine === generation) fail(startError(error));
      return;
    }
    if (mine !== generation) {
      await opened.client.close().catch(() => undefined);
      return;
    }
    client = opened.client;
    tools = listed;
    const connectedAt = Date.now();
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      if (mine !== generation || !client) return;
      try {
        tools = await listAllTools(client);
      } catch {
        return; // A server that announces a change and then cannot list keeps its last list.
      }
      if (mine !== generation) return;
      setStatus({ state: 'connected', toolCount: tools.length, transport: opened.kind });
      deps.onToolsChanged();
    });
    client.onclose = () => {
      if (mine !== generation) return;
      dropped(Date.now() - connectedAt);
    };
    setStatus({ state: 'connected', toolCount: tools.length, transport: opened.kind });
    deps.onToolsChanged();
  }

  /** The connection closed on its own: say so, and start again after a wait, a few times in a row. */
  function dropped(upForMs: number): void {
    generation += 1;
    client = null;
    tools = [];
    deps.onToolsChanged();
    if (upForMs > 60_000) restartsInARow = 0;
    const tooLarge = oversized > oversizedAtStart;
    const error: McpError = tooLarge
      ? {
          code: 'result-too-large',
          message: `${name} sent a message larger than ${formatSize(MAX_STDIO_MESSAGE_BYTES)}; Runnel stopped reading it and closed the server.`,
        }
      : { code: 'server-crashed', message: `${name} stopped unexpectedly.` };
    const delay = deps.restartDelaysMs[restartsInARow];
    if (delay === undefined) {
      const tries = restartsInARow > 0 ? ` It was restarted ${restartsInARow} times in a row.` : '';
      fail({
        ...error,
        message: `${error.message}${tries} Restart it in Settings → Tools when it is fixed.`,
      });
      return;
    }
    fail({ ...error, message: `${error.message} Restarting in ${Math.ceil(delay / 1000)} s.` });
    restartsInARow += 1;
    restartTimer = schedule(() => {
      restartTimer = null;
      void start();
    }, delay);
  }

  function callError(
    error: unknown,
    toolName: string,
    timeoutMs: number,
    signal: AbortSignal,
    cutOff: boolean,
  ): McpError {
    if (error instanceof CallFailure) return error.mcpError;
    if (signal.aborted)
      return { code: 'cancelled', message: `The call to ${toolName} was stopped.` };
    if (cutOff && config.transport.kind === 'http') {
      return {
        code: 'result-too-large',
        message: `${name} answered ${toolName} with more than ${formatSize(MAX_HTTP_ANSWER_BYTES)}; Runnel stopped reading it.`,
      };
    }
    if (error instanceof SdkMcpError && error.code === ErrorCode.RequestTimeout) {
      const noise = lastNoise ? ` It wrote output that is not MCP: ${lastNoise}` : '';
      return {
        code: 'timeout',
        message: `${name} did not answer the call to ${toolName} within ${Math.round(timeoutMs / 1000)} s.${noise}`,
      };
    }
    if (error instanceof SdkMcpError && error.code === ErrorCode.ConnectionClosed) {
      if (cutOff) {
        return {
          code: 'result-too-large',
          message: `${name} answered ${toolName} with more than ${formatSize(MAX_STDIO_MESSAGE_BYTES)}; Runnel stopped reading and closed the server.`,
        };
      }
      return { code: 'server-crashed', message: `${name} stopped while running ${toolName}.` };
    }
    if (error instanceof SdkMcpError) {
      return {
        code: 'protocol-error',
        message: `${name} refused the call to ${toolName}: ${oneLine(error.message)}`,
      };
    }
    return {
      code: 'protocol-error',
      message: `The call to ${toolName} on ${name} failed: ${oneLine(error instanceof Error ? error.message : String(error))}`,
    };
  }

  return {
    config,
    status: () => status,
    tools: () => tools,
    start,
    async restart() {
      restartsInARow = 0;
      await this.stop();
      await start();
    },
    async callTool(toolName, args, { timeoutMs, signal }) {
      const current = client;
      if (!current || status.state !== 'connected') {
        const why =
          status.state === 'failed'
            ? ` ${status.error.message}`
            : status.state === 'starting'
              ? ' It is still starting.'
              : '';
        throw new CallFailure({
          code: 'server-not-connected',
          message: `${name} is not connected.${why}`,
        });
      }
      if (!tools.some((tool) => tool.name === toolName)) {
        throw new CallFailure({
          code: 'tool-not-found',
          message: `${name} has no tool called ${toolName} (any more).`,
        });
      }
      const started = Date.now();
      const oversizedBefore = oversized;
      let result;
      try {
        result = await current.callTool({ name: toolName, arguments: args }, undefined, {
          timeout: timeoutMs,
          signal,
        });
      } catch (error) {
        throw new CallFailure(
          callError(error, toolName, timeoutMs, signal, oversized > oversizedBefore),
        );
      }
      const size = JSON.stringify(result).length;
      if (size > MAX_TOOL_RESULT_CHARS) {
        throw new CallFailure({
          code: 'result-too-large',
          message: `${toolName} on ${name} returned ${formatSize(size)}; Runnel takes at most ${formatSize(MAX_TOOL_RESULT_CHARS)} from one call.`,
        });
      }
      const content = Array.isArray(result.content)
        ? (result.content as ToolResult['content'])
        : [];
      return {
        content,
        ...(result.structuredContent
          ? { structuredContent: result.structuredContent as Record<string, unknown> }
          : {}),
        ...(result.isError === true ? { isError: true } : {}),
        durationMs: Date.now() - started,
      };
    },
    async stop() {
      generation += 1;
      if (restartTimer !== null) cancelTimer(restartTimer);
      restartTimer = null;
      const closing = client;
      client = null;
      if (tools.length > 0) deps.onToolsChanged();
      tools = [];
      if (status.state !== 'stopped') setStatus({ state: 'stopped' });
      await closing?.close().catch(() => undefined);
    },
  };
}
