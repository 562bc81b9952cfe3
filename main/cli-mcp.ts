/**
 * `runnel mcp list FILE`: starts the MCP servers of a Claude Desktop `claude_desktop_config.json` or a
 * Cursor `mcp.json` through the same isolated host the app uses, and prints each one's status and tools.
 * The smallest useful command: it checks a config (is `npx` found, does the server start, what does it
 * offer) with no API key and no model. `runnel ask --mcp FILE` (cli-mcp-ask.ts) runs their tools.
 *
 *   runnel mcp list [--json] [--timeout SECONDS] FILE
 *
 * Exit 0 when every enabled server connected, 1 otherwise.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { importMcpServers, MAX_IMPORT_CHARS } from './mcp/config-import';
import { createMcpHostClient, type McpHostClient } from './mcp/host-client';
import type { HostTool, ServerStatus } from './mcp/host-protocol';
import type { StartHost } from './mcp/host-process';
import { nodeHostStarter } from './mcp/node-host-process';
import type { McpServerConfig } from './mcp/server-config';

type McpImport = { servers: McpServerConfig[]; skipped: Array<{ name: string; reason: string }> };

export const MCP_USAGE = `Usage: runnel mcp list [--json] [--timeout SECONDS] FILE

Start the MCP servers in FILE (Claude Desktop's claude_desktop_config.json or a Cursor-style mcp.json,
the "mcpServers" object) in Runnel's MCP host, and print each server's status and tools. Nothing is
called. A local server runs with your own rights, as any program you start.

Options:
  --json               Print one JSON object: {servers: [{id, name, status, tools}], skipped}
  --timeout SECONDS    How long to wait for the servers to start (default 30)
  -h, --help           Show this help`;

export interface McpCommandDeps {
  startHost?: StartHost;
  write: (text: string) => void;
  writeError: (text: string) => void;
}

/** The built CLI forks dist-cli/mcp-host.js beside itself; from source, the .ts entry under tsx. */
export function defaultStarter(onStderr: (text: string) => void): StartHost {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return nodeHostStarter({
      entry: fileURLToPath(new URL('./mcp/host-entry.ts', import.meta.url)),
      execArgv: ['--import', 'tsx'],
      options: { useLoginShell: false },
      onStderr,
    });
  }
  // A terminal already has the login shell's PATH: no need to ask for it again.
  return nodeHostStarter({
    entry: fileURLToPath(new URL('./mcp-host.js', import.meta.url)),
    options: { useLoginShell: false },
    onStderr,
  });
}

function statusLine(name: string, status: ServerStatus | undefined): string {
  if (!status || status.state === 'starting' || status.state === 'stopped')
    return `✗ ${name}: did not finish starting in time`;
  if (status.state === 'failed') return `✗ ${name}: ${status.error.message}`;
  const via =
    status.transport === 'stdio'
      ? 'stdio'
      : status.transport === 'sse'
        ? 'HTTP+SSE'
        : 'Streamable HTTP';
  return `✓ ${name}: connected over ${via}, ${status.toolCount} tool${status.toolCount === 1 ? '' : 's'}`;
}

function firstLine(text: string | undefined, max = 90): string {
  const line = (text ?? '').split('\n')[0]?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** A Claude Desktop or Cursor config read from a file: its servers, or why it cannot be used. */
export async function readMcpConfig(
  file: string,
): Promise<{ ok: true; imported: McpImport } | { ok: false; message: string }> {
  let text: string;
  try {
    if ((await stat(file)).size > MAX_IMPORT_CHARS)
      throw Object.assign(new Error('too large'), { code: 'EFBIG' });
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'EFBIG'
          ? 'it is larger than 1 MB'
          : code === 'EISDIR'
            ? 'it is a folder'
            : `it cannot be read (${String(code ?? error)})`;
    return { ok: false, message: `runnel: cannot use ${file}: ${why}.` };
  }
  const imported = importMcpServers(text);
  if (!imported.ok) return { ok: false, message: `runnel: ${file}: ${imported.message}` };
  return { ok: true, imported: { servers: imported.servers, skipped: imported.skipped } };
}

/**
 * Starts the servers in a started host and waits until each enabled one connected or failed (or the
 * time is up), then lists the tools of those that connected.
 */
export async function startServers(
  client: McpHostClient,
  servers: McpServerConfig[],
  timeoutMs: number,
): Promise<HostTool[]> {
  const enabled = servers.filter((server) => server.enabled);
  client.start();
  const settled = new Promise<void>((resolve) => {
    const check = (): void => {
      const statuses = client.serverStatuses();
      if (
        enabled.every((server) =>
          ['connected', 'failed'].includes(statuses.get(server.id)?.state ?? ''),
        )
      ) {
        stop();
        resolve();
      }
    };
    const stop = client.onEvent(check);
    check();
  });
  await client.configure(servers);
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  return client.listTools();
}

export async function runMcpCommand(args: string[], deps: McpCommandDeps): Promise<number> {
  const [verb, ...rest] = args;
  if (
    verb === undefined ||
    verb === '-h' ||
    verb === '--help' ||
    rest.includes('-h') ||
    rest.includes('--help')
  ) {
    deps.write(`${MCP_USAGE}\n`);
    return verb === undefined ? 1 : 0;
  }
  if (verb !== 'list') {
    deps.writeError(`runnel: unknown mcp command "${verb}". Try: runnel mcp list FILE\n`);
    return 1;
  }
  let json = false;
  let timeoutMs = 30_000;
  let file: string | undefined;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] ?? '';
    if (arg === '--json') json = true;
    else if (arg === '--timeout') {
      const seconds = Number(rest[++i]);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
        deps.writeError('runnel: --timeout takes a number of seconds between 1 and 600.\n');
        return 1;
      }
      timeoutMs = seconds * 1000;
    } else if (arg.startsWith('--')) {
      deps.writeError(`runnel: unknown option ${arg}. Try: runnel mcp --help\n`);
      return 1;
    } else file = arg;
  }
  if (!file) {
    deps.writeError(
      'runnel: name the config file. Try: runnel mcp list ~/Library/Application\\ Support/Claude/claude_desktop_config.json\n',
    );
    return 1;
  }
  const read = await readMcpConfig(file);
  if (!read.ok) {
    deps.writeError(`${read.message}\n`);
    return 1;
  }
  const imported = read.imported;
  for (const { name, reason } of imported.skipped)
    deps.writeError(`runnel: skipped "${name}": ${reason}\n`);
  const enabled = imported.servers.filter((server) => server.enabled);

  const client = createMcpHostClient({
    startHost: deps.startHost ?? defaultStarter(deps.writeError),
    restartDelaysMs: [],
  });
  let tools: HostTool[] = [];
  try {
    tools = await startServers(client, imported.servers, timeoutMs);
  } catch (error) {
    deps.writeError(
      `runnel: the MCP host failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await client.stop();
    return 1;
  }
  // A copy: stopping the host marks every server stopped.
  const statuses = new Map(client.serverStatuses());
  await client.stop();

  const report = imported.servers.map((server) => ({
    id: server.id,
    name: server.name,
    status: server.enabled
      ? (statuses.get(server.id) ?? { state: 'starting', attempt: 1 })
      : { state: 'stopped' as const },
    tools: tools
      .filter((tool) => tool.serverId === server.id)
      .map(({ namespacedName, name, description }) => ({ namespacedName, name, description })),
  }));
  if (json) {
    deps.write(`${JSON.stringify({ servers: report, skipped: imported.skipped }, null, 2)}\n`);
  } else {
    for (const server of report) {
      if (server.status.state === 'stopped') {
        deps.write(`- ${server.name}: disabled in the file, not started\n`);
        continue;
      }
      deps.write(`${statusLine(server.name, server.status)}\n`);
      if (server.status.state === 'failed' && server.status.stderrTail.trim()) {
        deps.write(
          `${server.status.stderrTail
            .trimEnd()
            .split('\n')
            .slice(-8)
            .map((line) => `    │ ${line}`)
            .join('\n')}\n`,
        );
      }
      for (const tool of server.tools)
        deps.write(`    ${tool.namespacedName}  ${firstLine(tool.description)}\n`);
    }
  }
  return enabled.every((server) => statuses.get(server.id)?.state === 'connected') ? 0 : 1;
}
