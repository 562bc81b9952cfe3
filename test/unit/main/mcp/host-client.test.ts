/**
 * The MCP host as the app runs it, under plain Node: main's client forks host-entry.ts and drives the
 * fault server (test/fault-mcp-server) through each way a server goes wrong. Each ends in a clear error
 * or status, the host is restarted after it dies, and main's event loop keeps its pace meanwhile.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMcpHostClient,
  McpHostError,
  type HostClientEvent,
  type McpHostClient,
} from '../../../../main/mcp/host-client';
import type { ServerStatus } from '../../../../main/mcp/host-protocol';
import type { HostProcess } from '../../../../main/mcp/host-process';
import {
  describeResponsiveness,
  watchMain,
  type Responsiveness,
} from '../../../support/main-responsiveness';
import { nodeHostStarter } from '../../../../main/mcp/node-host-process';
import type { McpServerConfigInput } from '../../../../main/mcp/server-config';
import { serverConfigSchema } from '../../../../main/mcp/server-config';

const root = path.resolve(import.meta.dirname, '../../../..');
const entry = path.join(root, 'main/mcp/host-entry.ts');
const faultServer = path.join(root, 'test/fault-mcp-server/server.ts');

function faultConfig(id: string, ...flags: string[]): McpServerConfigInput {
  return {
    id,
    name: `Fault ${id}`,
    transport: {
      kind: 'stdio',
      command: 'node',
      args: ['--import', 'tsx', faultServer, ...flags],
      cwd: root,
    },
  };
}

let clients: McpHostClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((client) => client.stop()));
  clients = [];
});

function startClient(): McpHostClient {
  const client = createMcpHostClient({
    startHost: nodeHostStarter({
      entry,
      execArgv: ['--import', 'tsx'],
      options: { restartDelaysMs: [50, 50], useLoginShell: false },
    }),
    restartDelaysMs: [100, 100, 100],
  });
  clients.push(client);
  client.start();
  return client;
}

/** Resolves with the first event that matches; no fixed sleeps. */
function nextEvent(
  client: McpHostClient,
  match: (event: HostClientEvent) => boolean,
  timeoutMs = 15_000,
): Promise<HostClientEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = client.onEvent((event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      stop();
      resolve(event);
    });
  });
}

function serverReaches(
  client: McpHostClient,
  serverId: string,
  state: ServerStatus['state'],
): Promise<ServerStatus> {
  const now = client.serverStatuses().get(serverId);
  if (now?.state === state) return Promise.resolve(now);
  return nextEvent(
    client,
    (event) =>
      event.type === 'serverStatusChanged' &&
      event.serverId === serverId &&
      event.status.state === state,
  ).then((event) => (event as { status: ServerStatus }).status);
}

async function connected(client: McpHostClient, ...configs: McpServerConfigInput[]): Promise<void> {
  const waits = configs.map((config) => serverReaches(client, config.id, 'connected'));
  await client.configure(configs.map((config) => serverConfigSchema.parse(config)));
  await Promise.all(waits);
}

async function failureOf(promise: Promise<unknown>): Promise<McpHostError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof McpHostError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Main's event loop while `during` runs, printed so a run's figures can be read. */
async function responsiveness(
  client: McpHostClient,
  during: Promise<unknown>,
): Promise<Responsiveness> {
  const result = await watchMain(() => client.ping(), during);
  console.log(describeResponsiveness(result));
  return result;
}

/**
 * What counts as main blocking here. The 16 ms aim is the benchmark's (`npm run bench -- --only mcp`, a
 * quiet machine); inside the parallel test suite on two cores the scheduler alone has delayed a timer
 * by 16.7 ms, so the tests look for real blocking, which the self-check below reads as over 30 ms.
 */
const BLOCKED_LIMIT_MS = 25;

describe('the MCP host under plain Node, against the fault server', () => {
  it('lists the tools namespaced and calls one', async () => {
    const client = startClient();
    await connected(client, faultConfig('fault'));
    const tools = await client.listTools();
    expect(tools.map((tool) => tool.namespacedName)).toEqual([
      'fault__echo',
      'fault__crash',
      'fault__hang',
      'fault__malformed',
      'fault__huge',
      'fault__add_tool',
    ]);
    expect(tools[0]).toMatchObject({
      serverId: 'fault',
      serverName: 'Fault fault',
      name: 'echo',
      annotations: { readOnlyHint: true },
    });
    const result = await client.callTool('fault__echo', { text: 'héllo' }, { timeoutMs: 5_000 });
    expect(result.content).toEqual([{ type: 'text', text: 'héllo' }]);
    expect(client.serverStatuses().get('fault')).toEqual({
      state: 'connected',
      toolCount: 6,
      transport: 'stdio',
    });
  });

  it('a server that never answers: the call times out in words while main stays responsive', async () => {
    const client = startClient();
    await connected(client, faultConfig('fault'));
    const call = client.callTool('fault__hang', {}, { timeoutMs: 1_500 });
    const { maxBlockedMs, p90PingMs } = await responsiveness(client, call);
    const error = await failureOf(call);
    expect(error.mcpError).toEqual({
      code: 'timeout',
      message: '“Fault fault” did not answer the call to hang within 2 s.',
    });
    expect(maxBlockedMs).toBeLessThan(BLOCKED_LIMIT_MS);
    expect(p90PingMs).toBeLessThan(50);
    // The server itself is still fine.
    expect(
      (await client.callTool('fault__echo', { text: 'still here' }, { timeoutMs: 5_000 })).content,
    ).toHaveLength(1);
  });

  it('the responsiveness measure sees main blocking (so the checks above can fail)', async () => {
    const client = startClient();
    await client.ping();
    const busy = new Promise<void>((resolve) =>
      setTimeout(() => {
        // 40 ms of main's own CPU in one go, as parsing a huge message would take (CPU time, not wall
        // time: on a busy machine a wall-clock loop may get the core for only part of its 40 ms).
        const from = process.cpuUsage();
        while (process.cpuUsage(from).user < 40_000) {
          // busy
        }
        setTimeout(resolve, 20);
      }, 20),
    );
    expect((await responsiveness(client, busy)).maxBlockedMs).toBeGreaterThan(30);
  });

  it('a call can be stopped', async () => {
    const client = startClient();
    await connected(client, faultConfig('fault'));
    const controller = new AbortController();
    const call = client.callTool(
      'fault__hang',
      {},
      { timeoutMs: 60_000, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 100);
    expect((await failureOf(call)).mcpError.code).toBe('cancelled');
    expect(
      (await client.callTool('fault__echo', { text: 'next' }, { timeoutMs: 5_000 })).content,
    ).toHaveLength(1);
  });

  it('a server that crashes mid-call: the call fails, the status says so with its stderr, and it restarts', async () => {
    const client = startClient();
    await connected(client, faultConfig('fault'));
    const failed = serverReaches(client, 'fault', 'failed');
    const error = await failureOf(client.callTool('fault__crash', {}, { timeoutMs: 5_000 }));
    expect(error.mcpError).toEqual({
      code: 'server-crashed',
      message: '“Fault fault” stopped while running crash.',
    });
    const status = await failed;
    expect(status).toMatchObject({
      state: 'failed',
      error: {
        code: 'server-crashed',
        message: '“Fault fault” stopped unexpectedly. Restarting in 1 s.',
      },
    });
    expect(status.state === 'failed' && status.stderrTail).toContain(
      'crashing in the middle of a call',
    );
    await serverReaches(client, 'fault', 'connected');
    expect(
      (await client.callTool('fault__echo', { text: 'back' }, { timeoutMs: 5_000 })).content,
    ).toEqual([{ type: 'text', text: 'back' }]);
  });

  it('malformed JSON-RPC: ignored as noise, named in the timeout message', async () => {
    const client = startClient();
    await connected(client, faultConfig('fault'));
    const error = await failureOf(client.callTool('fault__malformed', {}, { timeoutMs: 1_000 }));
    expect(error.mcpError.code).toBe('timeout');
    expect(error.mcpError.message).toMatch(
      /^“Fault fault” did not answer the call to malformed within 1 s\. It wrote output that is not MCP: /,
    );
  });

  it('a 50 MB result is refused before it crosses to main, and the server comes back', async () => {
    const client = startClient();
    await connected(client, faultConfig('fault'));
    const call = client.callTool('fault__huge', { megabytes: 50 }, { timeoutMs: 20_000 });
    const { maxBlockedMs } = await responsiveness(client, call);
    const error = await failureOf(call);
    expect(error.mcpError).toEqual({
      code: 'result-too-large',
      message:
        '“Fault fault” answered huge with more than 8.0 MB; Runnel stopped reading and closed the server.',
    });
    expect(maxBlockedMs).toBeLessThan(BLOCKED_LIMIT_MS);
    await serverReaches(client, 'fault', 'connected');
  });

  it('a 2 MB result is refused in words and the server stays connected', async () => {
    const client = startClient();
    await connected(client, faultConfig('fault'));
    const error = await failureOf(
      client.callTool('fault__huge', { megabytes: 2 }, { timeoutMs: 10_000 }),
    );
    expect(error.mcpError).toEqual({
      code: 'result-too-large',
      message: 'huge on “Fault fault” returned 2.0 MB; Runnel takes at most 1.0 MB from one call.',
    });
    expect(client.serverStatuses().get('fault')?.state).toBe('connected');
  });

  it('endless stderr: the server keeps working and main stays responsive', async () => {
    const client = startClient();
    await connected(client, faultConfig('flood', '--stderr-flood'));
    const calls = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.callTool('flood__echo', { text: `${i}` }, { timeoutMs: 5_000 }),
      ),
    );
    const { maxBlockedMs } = await responsiveness(client, calls);
    expect((await calls).map((result) => result.content[0]?.text)).toEqual(
      Array.from({ length: 20 }, (_, i) => `${i}`),
    );
    expect(maxBlockedMs).toBeLessThan(BLOCKED_LIMIT_MS);
  });

  it('a server that exits at start fails with its last stderr lines and is not retried', async () => {
    const client = startClient();
    const failed = serverReaches(client, 'early', 'failed');
    await client.configure([serverConfigSchema.parse(faultConfig('early', '--exit-at-start'))]);
    const status = await failed;
    expect(status).toMatchObject({
      state: 'failed',
      error: {
        code: 'start-failed',
        message: '“Fault early” exited before it answered. Its last output is below.',
      },
    });
    expect(status.state === 'failed' && status.stderrTail).toContain('Error: missing FAULT_TOKEN');
    const error = await failureOf(client.callTool('early__echo', {}, { timeoutMs: 1_000 }));
    expect(error.mcpError.code).toBe('tool-not-found');
  });

  it('a secret the server prints is redacted from its status', async () => {
    const client = startClient();
    const failed = serverReaches(client, 'leaky', 'failed');
    const config = faultConfig('leaky', '--exit-at-start');
    const transport = { ...(config.transport as object), env: { FAULT_TOKEN: 'tok-5f2a9c81e7' } };
    await client.configure([serverConfigSchema.parse({ ...config, transport })]);
    const status = await failed;
    expect(status.state === 'failed' && status.stderrTail).toContain(
      'Error: FAULT_TOKEN=[redacted] was refused',
    );
    expect(JSON.stringify(status)).not.toContain('tok-5f2a9c81e7');
  });

  it('a command that is not on PATH is named in the status', async () => {
    const client = startClient();
    const failed = serverReaches(client, 'missing', 'failed');
    await client.configure([
      serverConfigSchema.parse({
        id: 'missing',
        name: 'Missing',
        transport: { kind: 'stdio', command: 'no-such-mcp-command' },
      }),
    ]);
    const status = await failed;
    expect(status.state === 'failed' && status.error.code).toBe('command-not-found');
    expect(status.state === 'failed' && status.error.message).toMatch(
      /^Could not start “no-such-mcp-command”: command not found on PATH \(searched /,
    );
  });

  it('follows notifications/tools/list_changed', async () => {
    const client = startClient();
    await connected(client, faultConfig('fault'));
    const changed = nextEvent(
      client,
      (event) => event.type === 'toolsChanged' && event.serverId === 'fault',
    );
    await client.callTool('fault__add_tool', {}, { timeoutMs: 5_000 });
    await changed;
    expect((await client.listTools()).map((tool) => tool.namespacedName)).toContain(
      'fault__added_6',
    );
  });

  it('namespaces long and non-ASCII tool names from a real server within the API’s limit', async () => {
    const client = startClient();
    await connected(client, faultConfig('odd', '--odd-names'));
    const tools = await client.listTools();
    const odd = tools.slice(6);
    expect(odd.map((tool) => tool.name)).toEqual(['a'.repeat(80), '天気を調べる', 'read.file v2']);
    for (const tool of odd)
      expect(tool.namespacedName).toMatch(/^odd__([a-zA-Z0-9_-]+_)?[0-9a-f]{8}$/);
    const japanese = odd[1]?.namespacedName ?? '';
    expect(
      (await client
        .callTool(japanese, {}, { timeoutMs: 5_000 })
        .catch((error: McpHostError) => error.mcpError)) as unknown,
    ).toMatchObject({
      code: 'protocol-error',
    });
  });

  it('a host that dies is restarted with its servers, and the calls it held fail in words', async () => {
    const client = startClient();
    await connected(client, faultConfig('fault'));
    const status = client.hostStatus();
    expect(status.state).toBe('running');
    const call = client.callTool('fault__hang', {}, { timeoutMs: 60_000 });
    const restarting = nextEvent(
      client,
      (event) => event.type === 'hostStatusChanged' && event.status.state === 'restarting',
    );
    process.kill(status.state === 'running' ? status.pid : 0, 'SIGKILL');
    const error = await failureOf(call);
    expect(error.mcpError).toEqual({
      code: 'host-crashed',
      message:
        "Runnel's MCP host (the process its tool servers run in) stopped (signal SIGKILL) during this call; Runnel is restarting it with its servers, so ask again in a moment.",
    });
    expect(await restarting).toMatchObject({
      status: { state: 'restarting', attempt: 1, delayMs: 100 },
    });
    await serverReaches(client, 'fault', 'connected');
    expect(client.hostStatus().state).toBe('running');
    expect(
      (await client.callTool('fault__echo', { text: 'again' }, { timeoutMs: 5_000 })).content,
    ).toHaveLength(1);
  });
});

describe('main’s client of the host, against a stand-in host process', () => {
  /** A host that records what it is sent and answers only when told to. */
  function standInHost() {
    const started: {
      sent: unknown[];
      killed: boolean;
      reply: (message: unknown) => void;
      exit: () => void;
    }[] = [];
    const startHost = (): HostProcess => {
      let onMessage: (message: unknown) => void = () => undefined;
      let onExit: (exit: { code: number | null; signal: string | null }) => void = () => undefined;
      const record = {
        sent: [] as unknown[],
        killed: false,
        reply: (message: unknown) => onMessage(message),
        exit: () => onExit({ code: null, signal: 'SIGKILL' }),
      };
      started.push(record);
      return {
        pid: 1000 + started.length,
        send: (message) => record.sent.push(message),
        onMessage: (listener) => (onMessage = listener),
        onExit: (listener) => (onExit = listener),
        kill: () => {
          record.killed = true;
          record.exit();
        },
        close: () => record.exit(),
      };
    };
    return { started, startHost };
  }

  it('a host that misses its own deadline is killed and started again', async () => {
    const { started, startHost } = standInHost();
    const client = createMcpHostClient({ startHost, restartDelaysMs: [10], requestTimeoutMs: 100 });
    clients.push(client);
    client.start();
    const error = await failureOf(client.ping());
    expect(error.mcpError).toEqual({
      code: 'host-crashed',
      message: 'The MCP host did not answer ping within 100 ms; Runnel restarts it.',
    });
    expect(started[0]?.killed).toBe(true);
    await nextEvent(
      client,
      (event) => event.type === 'hostStatusChanged' && event.status.state === 'starting',
    );
    expect(started).toHaveLength(2);
  });

  it('a reply of the wrong shape is refused in words, and one that is no message at all is ignored', async () => {
    const { started, startHost } = standInHost();
    const client = createMcpHostClient({ startHost, requestTimeoutMs: 2_000 });
    clients.push(client);
    client.start();
    const listing = client.listTools();
    const request = started[0]?.sent[0] as { id: number };
    started[0]?.reply('not a message');
    started[0]?.reply({
      kind: 'reply',
      id: request.id,
      ok: true,
      value: { tools: [{ namespacedName: 'has spaces' }] },
    });
    expect((await failureOf(listing)).mcpError).toEqual({
      code: 'protocol-error',
      message: 'The MCP host answered listTools with something Runnel does not understand.',
    });
  });

  it('stops restarting after its last wait and says tools are off', async () => {
    const { started, startHost } = standInHost();
    const client = createMcpHostClient({ startHost, restartDelaysMs: [10] });
    clients.push(client);
    client.start();
    started[0]?.exit();
    await nextEvent(
      client,
      (event) => event.type === 'hostStatusChanged' && event.status.state === 'starting',
    );
    const failed = nextEvent(
      client,
      (event) => event.type === 'hostStatusChanged' && event.status.state === 'failed',
    );
    started[1]?.exit();
    expect(await failed).toMatchObject({
      status: {
        reason:
          'The MCP host stopped 2 times in a row (last: signal SIGKILL); tools are off until Runnel restarts.',
      },
    });
    expect((await failureOf(client.ping())).mcpError.code).toBe('host-crashed');
  });
});

describe('configuring the host', () => {
  it('starts enabled servers only, stops removed ones, and restarts one whose command changed', async () => {
    const client = startClient();
    const off = { ...faultConfig('off'), enabled: false };
    await connected(client, faultConfig('kept'), faultConfig('gone'));
    await client.configure(
      [faultConfig('kept'), off].map((config) => serverConfigSchema.parse(config)),
    );
    expect((await client.listTools()).map((tool) => tool.serverId)).toEqual(Array(6).fill('kept'));
    expect(client.serverStatuses().get('gone')).toBeUndefined();
    expect(client.serverStatuses().has('off')).toBe(false);
    const restarted = serverReaches(client, 'kept', 'starting');
    await client.configure([serverConfigSchema.parse(faultConfig('kept', '--odd-names'))]);
    await restarted;
    await serverReaches(client, 'kept', 'connected');
    expect(await client.listTools()).toHaveLength(9);
  });
});
