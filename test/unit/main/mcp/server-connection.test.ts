/**
 * One server connection against real MCP servers from npm, in this process: the reference
 * `server-everything` over stdio, over Streamable HTTP and over the older HTTP+SSE transport (reached
 * through the fallback), and `server-filesystem` on a temporary folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveCommand } from '../../../../main/mcp/command-resolution';
import type { ServerStatus } from '../../../../main/mcp/host-protocol';
import {
  createServerConnection,
  type ServerConnection,
} from '../../../../main/mcp/server-connection';
import { serverConfigSchema, type McpServerConfigInput } from '../../../../main/mcp/server-config';
import { startFaultMcpHttpServer } from '../../../fault-mcp-server/http-server';

const root = path.resolve(import.meta.dirname, '../../../..');
const everything = path.join(
  root,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);
const filesystem = path.join(
  root,
  'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js',
);

const open: ServerConnection[] = [];
const children: ChildProcess[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.stop()));
  for (const child of children.splice(0)) child.kill();
  await Promise.all(
    folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })),
  );
});

async function connect(
  config: McpServerConfigInput,
): Promise<{ connection: ServerConnection; statuses: ServerStatus[] }> {
  const statuses: ServerStatus[] = [];
  const connection = createServerConnection(serverConfigSchema.parse(config), {
    resolveCommand: (transport) =>
      resolveCommand(transport.command, {
        platform: process.platform,
        searchPath: process.env.PATH ?? '',
        cwd: root,
        isFile: async (file) => existsSync(file),
      }),
    serverPath: async () => process.env.PATH ?? '',
    onStatus: (status) => statuses.push(status),
    onToolsChanged: () => undefined,
    restartDelaysMs: [],
  });
  open.push(connection);
  await connection.start();
  return { connection, statuses };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts server-everything in an HTTP mode and waits for its "listening" line on stderr. */
async function everythingOverHttp(mode: 'streamableHttp' | 'sse'): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [everything, mode], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (/listening|running/i.test(said)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server-everything exited (${code}): ${said}`)));
  });
  return port;
}

const signal = new AbortController().signal;

describe('a server connection against real servers from npm', () => {
  it('server-everything over stdio: lists its tools and calls echo and get-sum', async () => {
    const { connection, statuses } = await connect({
      id: 'everything',
      name: 'Everything',
      transport: { kind: 'stdio', command: 'node', args: [everything, 'stdio'] },
    });
    expect(statuses.map((status) => status.state)).toEqual(['starting', 'connected']);
    const names = connection.tools().map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'get-sum', 'get-tiny-image']));
    expect(
      await connection.callTool('echo', { message: 'hi' }, { timeoutMs: 10_000, signal }),
    ).toMatchObject({ content: [{ type: 'text', text: 'Echo: hi' }] });
    const sum = await connection.callTool('get-sum', { a: 2, b: 3 }, { timeoutMs: 10_000, signal });
    expect(JSON.stringify(sum.content)).toContain('5');
  });

  it('server-everything over Streamable HTTP', async () => {
    const port = await everythingOverHttp('streamableHttp');
    const { connection } = await connect({
      id: 'remote',
      name: 'Remote',
      transport: { kind: 'http', url: `http://127.0.0.1:${port}/mcp` },
    });
    expect(connection.status()).toMatchObject({ state: 'connected', transport: 'streamable-http' });
    expect(
      await connection.callTool('echo', { message: 'over http' }, { timeoutMs: 10_000, signal }),
    ).toMatchObject({
      content: [{ type: 'text', text: 'Echo: over http' }],
    });
  });

  it('falls back to the older HTTP+SSE transport when Streamable HTTP gets a 4xx', async () => {
    const port = await everythingOverHttp('sse');
    const { connection } = await connect({
      id: 'legacy',
      name: 'Legacy',
      transport: { kind: 'http', url: `http://127.0.0.1:${port}/sse` },
    });
    expect(connection.status()).toMatchObject({ state: 'connected', transport: 'sse' });
    expect(
      await connection.callTool('echo', { message: 'old' }, { timeoutMs: 10_000, signal }),
    ).toMatchObject({ content: [{ type: 'text', text: 'Echo: old' }] });
  });

  it('an HTTP server that is not there fails in words', async () => {
    const port = await freePort();
    const { connection } = await connect({
      id: 'gone',
      name: 'Gone',
      transport: { kind: 'http', url: `http://127.0.0.1:${port}/mcp` },
    });
    const status = connection.status();
    expect(status).toMatchObject({
      state: 'failed',
      error: {
        code: 'start-failed',
        message: `Could not reach “Gone” at http://127.0.0.1:${port}/mcp: nothing answers there (connection refused). Check the address, and that the server is running.`,
      },
    });
  });

  it('an HTTP server whose host name does not resolve says so, without the address’s query', async () => {
    const { connection } = await connect({
      id: 'nowhere',
      name: 'Nowhere',
      transport: { kind: 'http', url: 'http://runnel-no-such-host.invalid/mcp?token=s3cret' },
    });
    const status = connection.status();
    expect(status).toMatchObject({
      state: 'failed',
      error: {
        code: 'start-failed',
        message:
          'Could not reach “Nowhere”: the host name “runnel-no-such-host.invalid” was not found. Check the address, and your network.',
      },
    });
    expect(JSON.stringify(status)).not.toContain('s3cret');
  });

  it('an HTTP answer of 50 MB is cut off at 8 MB in words, and the server stays usable', async () => {
    const fault = await startFaultMcpHttpServer();
    try {
      const { connection } = await connect({
        id: 'big',
        name: 'Big',
        transport: { kind: 'http', url: fault.url },
      });
      const call = connection.callTool('huge', { megabytes: 50 }, { timeoutMs: 20_000, signal });
      await expect(call).rejects.toMatchObject({
        mcpError: {
          code: 'result-too-large',
          message: '“Big” answered huge with more than 8.0 MB; Runnel stopped reading it.',
        },
      });
      expect(connection.status().state).toBe('connected');
      expect(
        await connection.callTool('echo', { text: 'after' }, { timeoutMs: 5_000, signal }),
      ).toMatchObject({ content: [{ text: 'after' }] });
    } finally {
      await fault.close();
    }
  });

  it('server-filesystem on a temporary folder: reads and writes inside it, refuses outside', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'runnel-mcp-fs-'));
    folders.push(folder);
    await writeFile(path.join(folder, 'note.txt'), 'hello from the folder');
    const { connection } = await connect({
      id: 'fs',
      name: 'Files',
      transport: { kind: 'stdio', command: 'node', args: [filesystem, folder] },
    });
    expect(connection.tools().map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['read_text_file', 'write_file', 'list_directory']),
    );
    const read = await connection.callTool(
      'read_text_file',
      { path: path.join(folder, 'note.txt') },
      { timeoutMs: 10_000, signal },
    );
    expect(read.content).toEqual([{ type: 'text', text: 'hello from the folder' }]);
    await connection.callTool(
      'write_file',
      { path: path.join(folder, 'made.txt'), content: 'written by a tool' },
      { timeoutMs: 10_000, signal },
    );
    expect(await readFile(path.join(folder, 'made.txt'), 'utf8')).toBe('written by a tool');
    const outside = await connection.callTool(
      'read_text_file',
      { path: '/etc/hostname' },
      { timeoutMs: 10_000, signal },
    );
    expect(outside.isError).toBe(true);
  });
});
