/**
 * `runnel mcp list FILE` on a Claude Desktop-shaped config, through the real forked host: one server
 * that works, one whose command is missing, one that exits at start, one disabled, one broken entry.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMcpCommand } from '../../../main/cli-mcp';
import { nodeHostStarter } from '../../../main/mcp/node-host-process';

const root = path.resolve(import.meta.dirname, '../../..');
const faultServer = path.join(root, 'test/fault-mcp-server/server.ts');
const startHost = nodeHostStarter({
  entry: path.join(root, 'main/mcp/host-entry.ts'),
  execArgv: ['--import', 'tsx'],
  options: { useLoginShell: false, restartDelaysMs: [] },
});

let folder: string;
let config: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'runnel-cli-mcp-'));
  config = path.join(folder, 'claude_desktop_config.json');
  await writeFile(
    config,
    JSON.stringify({
      mcpServers: {
        fault: { command: 'node', args: ['--import', 'tsx', faultServer], cwd: root },
        github: {
          command: 'no-such-npx',
          args: ['-y', '@modelcontextprotocol/server-github'],
          env: { GITHUB_TOKEN: 'ghp_x' },
        },
        early: {
          command: 'node',
          args: ['--import', 'tsx', faultServer, '--exit-at-start'],
          cwd: root,
        },
        off: { command: 'node', args: ['server.js'], disabled: true },
        broken: { args: ['no command'] },
      },
    }),
  );
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runMcpCommand(args, {
    startHost,
    write: (text) => (out += text),
    writeError: (text) => (err += text),
  });
  return { code, out, err };
}

describe('runnel mcp list', () => {
  it('prints each server’s status and tools, with the failures in words, and exits 1 when one failed', async () => {
    const { code, out, err } = await run(['list', config]);
    expect(code).toBe(1);
    expect(err).toBe(
      'runnel: skipped "broken": it has neither a "command" to start nor a "url" to reach\n',
    );
    const lines = out.split('\n');
    expect(lines[0]).toBe('✓ fault: connected over stdio, 6 tools');
    expect(lines[1]).toBe('    fault__echo  Answers with the text it was given.');
    expect(out).toMatch(
      /\n✗ github: Could not start “no-such-npx”: command not found on PATH \(searched [^\n]+\)\. Install it, or give its full path as the command\.\n/,
    );
    expect(out).toContain(
      '✗ early: “early” exited before it answered. Its last output is below.\n',
    );
    expect(out).toContain('    │ Error: missing FAULT_TOKEN\n');
    expect(out).toContain('- off: disabled in the file, not started\n');
  });

  it('prints JSON with --json', async () => {
    const { out } = await run(['list', '--json', config]);
    const parsed = JSON.parse(out) as {
      servers: { id: string; status: { state: string }; tools: unknown[] }[];
    };
    expect(
      parsed.servers.map((server) => [server.id, server.status.state, server.tools.length]),
    ).toEqual([
      ['fault', 'connected', 6],
      ['github', 'failed', 0],
      ['early', 'failed', 0],
      ['off', 'stopped', 0],
    ]);
  });

  it('says what is wrong with the file or the arguments', async () => {
    expect((await run(['list', path.join(folder, 'missing.json')])).err).toBe(
      `runnel: cannot use ${path.join(folder, 'missing.json')}: it does not exist.\n`,
    );
    const notConfig = path.join(folder, 'package.json');
    await writeFile(notConfig, '{"name": "x"}');
    expect((await run(['list', notConfig])).err).toContain('has no "mcpServers" object');
    expect(await run(['call', config])).toMatchObject({
      code: 1,
      err: 'runnel: unknown mcp command "call". Try: runnel mcp list FILE\n',
    });
    expect((await run(['list'])).err).toContain('name the config file');
    expect((await run(['--help'])).out).toContain('Usage: runnel mcp list');
  });
});
