/**
 * `server-everything` from npm behind the real MCP host (forked under Node, as the app runs it in a
 * utility process): what the tool tests drive. Resolves once the server is connected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createMcpHostClient, type McpHostClient } from '../../main/mcp/host-client';
import { nodeHostStarter } from '../../main/mcp/node-host-process';
import { serverConfigSchema } from '../../main/mcp/server-config';

const root = path.resolve(import.meta.dirname, '../..');

export const everythingServer = path.join(
  root,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);

/** The PNG server-everything's `get-tiny-image` returns, as its base64 (read from its source). */
export function everythingTinyImage(): string {
  const source = readFileSync(
    path.join(path.dirname(everythingServer), 'tools/get-tiny-image.js'),
    'utf8',
  );
  const data = /MCP_TINY_IMAGE\s*=\s*"([A-Za-z0-9+/=]+)"/.exec(source)?.[1];
  if (!data) throw new Error('server-everything no longer holds MCP_TINY_IMAGE');
  return data;
}

/** A host client, not yet started: the MCP host as main starts it, under plain Node. */
export const nodeMcpHost = (): McpHostClient =>
  createMcpHostClient({
    startHost: nodeHostStarter({
      entry: path.join(root, 'main/mcp/host-entry.ts'),
      execArgv: ['--import', 'tsx'],
      options: { useLoginShell: false },
    }),
  });

/** A started host with server-everything connected, and the namespaced name of its `echo` tool. */
export async function startEverything(): Promise<{ host: McpHostClient; echoName: string }> {
  const host = nodeMcpHost();
  host.start();
  const connected = new Promise<void>((resolve) => {
    host.onEvent((event) => {
      if (event.type === 'serverStatusChanged' && event.status.state === 'connected') resolve();
    });
  });
  await host.configure([
    serverConfigSchema.parse({
      id: 'everything',
      name: 'Everything',
      transport: { kind: 'stdio', command: process.execPath, args: [everythingServer, 'stdio'] },
    }),
  ]);
  await connected;
  const echo = (await host.listTools()).find((tool) => tool.name === 'echo');
  if (!echo) throw new Error('server-everything lists no echo tool');
  return { host, echoName: echo.namespacedName };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * server-everything in one of its HTTP modes on a loopback port (it reads PORT), resolved once it
 * says it listens: Streamable HTTP at `/mcp`, the older HTTP+SSE at `/sse`.
 */
export async function everythingOverHttp(
  mode: 'streamableHttp' | 'sse',
): Promise<{ url: string; child: ChildProcess; stop: () => void }> {
  const port = await freePort();
  const child = spawn(process.execPath, [everythingServer, mode], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (/listening|running/i.test(said)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server-everything exited (${code}): ${said}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/${mode === 'sse' ? 'sse' : 'mcp'}`,
    child,
    stop: () => void child.kill(),
  };
}

/** The fault MCP server's command line (test/fault-mcp-server/server.ts) and the folder to run it in. */
export const faultMcpServer = (...flags: string[]) => ({
  command: process.execPath,
  args: ['--import', 'tsx', path.join(root, 'test/fault-mcp-server/server.ts'), ...flags],
  cwd: root,
});
