/**
 * Main's side of the MCP host: starts the host process, sends it requests with ids and time limits,
 * checks every message it sends back, and restarts it with backoff when it crashes or stops answering,
 * saying so in events. Nothing here waits synchronously or parses more than one bounded message at a
 * time, so a server that hangs or floods costs main nothing: that happens in the host.
 */
import {
  fromHostMessageSchema,
  hostMethods,
  type HostEvent,
  type HostMethod,
  type HostParams,
  type HostResult,
  type McpError,
  type ServerStatus,
} from './host-protocol';
import type { HostProcess, StartHost } from './host-process';
import type { McpServerConfig } from './server-config';

export class McpHostError extends Error {
  readonly mcpError: McpError;
  constructor(mcpError: McpError) {
    super(mcpError.message);
    this.name = 'McpHostError';
    this.mcpError = mcpError;
  }
}

export type HostStatus =
  | { state: 'starting' }
  | { state: 'running'; pid: number }
  | { state: 'restarting'; attempt: number; delayMs: number; reason: string }
  | { state: 'failed'; reason: string }
  | { state: 'stopped' };

export type HostClientEvent = HostEvent | { type: 'hostStatusChanged'; status: HostStatus };

export interface HostClientOptions {
  startHost: StartHost;
  /** Waits before each restart after a crash; past the last, the host stays down (`failed`). */
  restartDelaysMs?: readonly number[];
  /** A host up this long has its restart count reset. */
  stableAfterMs?: number;
  /** Main's own limit for requests other than callTool; the host answers long before on its own. */
  requestTimeoutMs?: number;
  /** Added to a call's own limit, so the host's timeout (with its clear message) answers first. */
  callGraceMs?: number;
}

export interface McpHostClient {
  start(): void;
  configure(servers: McpServerConfig[]): Promise<void>;
  listTools(): Promise<HostResult<'listTools'>['tools']>;
  callTool(
    name: string,
    args: Record<string, unknown>,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<HostResult<'callTool'>>;
  restartServer(serverId: string): Promise<void>;
  ping(): Promise<number>;
  hostStatus(): HostStatus;
  /** The last status each server reported. */
  serverStatuses(): ReadonlyMap<string, ServerStatus>;
  onEvent(listener: (event: HostClientEvent) => void): () => void;
  stop(): Promise<void>;
}

interface Pending {
  method: HostMethod;
  resolve: (value: unknown) => void;
  reject: (error: McpHostError) => void;
  timer: ReturnType<typeof setTimeout>;
  cleanup: () => void;
}

const DEFAULT_RESTART_DELAYS = [250, 1_000, 5_000, 15_000, 30_000];

export function createMcpHostClient(options: HostClientOptions): McpHostClient {
  const restartDelays = options.restartDelaysMs ?? DEFAULT_RESTART_DELAYS;
  const stableAfterMs = options.stableAfterMs ?? 30_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const callGraceMs = options.callGraceMs ?? 5_000;
  const listeners = new Set<(event: HostClientEvent) => void>();
  const pending = new Map<number, Pending>();
  const statuses = new Map<string, ServerStatus>();
  let host: HostProcess | null = null;
  let status: HostStatus = { state: 'stopped' };
  let nextId = 1;
  let restarts = 0;
  let startedAt = 0;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let stopping = false;
  /** Sent again to every new host, so a restart brings the same servers back. */
  let lastConfig: McpServerConfig[] | null = null;

  const emit = (event: HostClientEvent): void => {
    for (const listener of listeners) listener(event);
  };
  const setStatus = (next: HostStatus): void => {
    status = next;
    emit({ type: 'hostStatusChanged', status: next });
  };

  function rejectAll(error: McpError): void {
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.cleanup();
      entry.reject(new McpHostError(error));
    }
  }

  function onMessage(raw: unknown): void {
    const parsed = fromHostMessageSchema.safeParse(raw);
    if (!parsed.success) return; // A message of no known shape answers nothing; its request times out.
    const message = parsed.data;
    if (message.kind === 'event') {
      const event = message.event;
      // A removed server's last word (stopped) is passed on but not kept: it is no longer configured.
      if (
        event.type === 'serverStatusChanged' &&
        lastConfig?.some((server) => server.id === event.serverId)
      ) {
        statuses.set(event.serverId, event.status);
      }
      if (event.type === 'hostReady') setStatus({ state: 'running', pid: event.pid });
      emit(event);
      return;
    }
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    entry.cleanup();
    if (!message.ok) {
      entry.reject(new McpHostError(message.error));
      return;
    }
    const value = hostMethods[entry.method].result.safeParse(message.value);
    if (value.success) entry.resolve(value.data);
    else
      entry.reject(
        new McpHostError({
          code: 'protocol-error',
          message: `The MCP host answered ${entry.method} with something Runnel does not understand.`,
        }),
      );
  }

  function launch(): void {
    setStatus({ state: 'starting' });
    const started = options.startHost();
    host = started;
    startedAt = Date.now();
    started.onMessage(onMessage);
    started.onExit((exit) => {
      if (host !== started) return;
      host = null;
      const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
      if (Date.now() - startedAt > stableAfterMs) restarts = 0;
      const delay = stopping ? undefined : restartDelays[restarts];
      const next = stopping
        ? ''
        : delay === undefined
          ? '; tools are off until Runnel restarts'
          : '; Runnel is restarting it with its servers, so ask again in a moment';
      rejectAll({
        code: 'host-crashed',
        message: `Runnel's MCP host (the process its tool servers run in) stopped (${how}) during this call${next}.`,
      });
      for (const id of statuses.keys()) {
        statuses.set(id, { state: 'stopped' });
        emit({ type: 'serverStatusChanged', serverId: id, status: { state: 'stopped' } });
      }
      if (stopping) {
        setStatus({ state: 'stopped' });
        return;
      }
      if (delay === undefined) {
        setStatus({
          state: 'failed',
          reason: `The MCP host stopped ${restarts > 0 ? `${restarts + 1} times in a row (last: ${how})` : `(${how})`}; tools are off until Runnel restarts.`,
        });
        return;
      }
      restarts += 1;
      setStatus({
        state: 'restarting',
        attempt: restarts,
        delayMs: delay,
        reason: `The MCP host stopped (${how}).`,
      });
      restartTimer = setTimeout(() => {
        restartTimer = null;
        launch();
      }, delay);
    });
    if (lastConfig) void request('configure', { servers: lastConfig }).catch(() => undefined);
  }

  function request<M extends HostMethod>(
    method: M,
    params: HostParams<M>,
    limits: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<HostResult<M>> {
    return new Promise((resolve, reject) => {
      const target = host;
      if (!target) {
        const why =
          status.state === 'failed'
            ? status.reason
            : 'The MCP host is not running; it is being restarted.';
        reject(
          new McpHostError({
            code: status.state === 'stopped' ? 'host-stopped' : 'host-crashed',
            message: why,
          }),
        );
        return;
      }
      if (limits.signal?.aborted) {
        reject(
          new McpHostError({
            code: 'cancelled',
            message: 'The call was stopped before it started.',
          }),
        );
        return;
      }
      const id = nextId++;
      const timeoutMs = limits.timeoutMs ?? requestTimeoutMs;
      const timer = setTimeout(() => {
        pending.delete(id);
        cleanup();
        reject(
          new McpHostError({
            code: 'host-crashed',
            message: `The MCP host did not answer ${method} within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}; Runnel restarts it.`,
          }),
        );
        // A host that misses its own deadline is stuck: only a new one helps.
        if (host === target) target.kill();
      }, timeoutMs);
      const onAbort = (): void => {
        if (!pending.has(id)) return;
        pending.delete(id);
        cleanup();
        target.send({ kind: 'cancel', id });
        reject(new McpHostError({ code: 'cancelled', message: `The call was stopped.` }));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        limits.signal?.removeEventListener('abort', onAbort);
      };
      limits.signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(id, {
        method,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
        cleanup,
      });
      target.send({ kind: 'request', id, method, params });
    });
  }

  return {
    start() {
      if (host || restartTimer) return;
      stopping = false;
      launch();
    },
    async configure(servers) {
      lastConfig = servers;
      for (const id of statuses.keys())
        if (!servers.some((server) => server.id === id)) statuses.delete(id);
      await request('configure', { servers });
    },
    async listTools() {
      return (await request('listTools', {})).tools;
    },
    callTool(name, args, { timeoutMs, signal }) {
      return request(
        'callTool',
        { name, arguments: args, timeoutMs },
        { timeoutMs: timeoutMs + callGraceMs, ...(signal ? { signal } : {}) },
      );
    },
    async restartServer(serverId) {
      await request('restartServer', { serverId });
    },
    async ping() {
      const sent = performance.now();
      await request('ping', {});
      return performance.now() - sent;
    },
    hostStatus: () => status,
    serverStatuses: () => statuses,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      restartTimer = null;
      const current = host;
      if (!current) {
        setStatus({ state: 'stopped' });
        return;
      }
      await new Promise<void>((resolve) => {
        current.onExit(() => resolve());
        current.close(3_000);
      });
    },
  };
}
