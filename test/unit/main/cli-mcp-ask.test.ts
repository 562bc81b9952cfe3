/**
 * `runnel ask --mcp FILE --approve …` as a user runs it: a child process (through tsx) with a Claude
 * Desktop-shaped config that starts the real `server-everything` from npm, against the fault server
 * as the model. The calls the model asks for run (or not) by --approve, their results go back to the
 * model, and are printed; asking happens on a real terminal (a pty from `script`), and is refused
 * without one.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../fault-server';
import { everythingServer } from '../../support/mcp-everything';
import { API_KEY } from './chat/stream-helpers';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'runnel-cli-mcp-ask-'));
const config = path.join(dir, 'claude_desktop_config.json');
writeFileSync(
  config,
  JSON.stringify({
    mcpServers: { everything: { command: process.execPath, args: [everythingServer, 'stdio'] } },
  }),
);
const brokenConfig = path.join(dir, 'broken.json');
writeFileSync(
  brokenConfig,
  JSON.stringify({ mcpServers: { gone: { command: 'runnel-no-such-command-4711' } } }),
);

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
beforeEach(() => server.reset());
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const env = () => ({
  PATH: process.env.PATH ?? '',
  OPENAI_BASE_URL: server.baseURL,
  OPENAI_API_KEY: API_KEY,
  OPENAI_MODEL: 'fault-model',
});

function runnel(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], {
      cwd: root,
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The same under a real terminal: `script` gives the CLI a pty for stdin, stdout and stderr (so all
 * of it comes back as one stream), and `answer` is typed once the question shows.
 */
function runnelOnTerminal(
  args: string[],
  answer: string,
): Promise<{ code: number | null; output: string }> {
  const quoted = ['node', '--import', 'tsx', 'main/cli.ts', ...args]
    .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
    .join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', quoted, '/dev/null'], {
      cwd: root,
      env: { ...env(), PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let answered = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      if (!answered && output.includes('Allow? [y] once')) {
        answered = true;
        child.stdin.write(`${answer}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const echoCall = (message: string) => ({
  id: 'call_echo',
  name: 'everything__echo',
  arguments: JSON.stringify({ message }),
});
type SentMessage = { role: string; content: unknown; tool_call_id?: string };
const sent = (index: number) => (server.requests[index]?.body?.messages ?? []) as SentMessage[];

describe('runnel ask --mcp', () => {
  it('--approve all: runs the call in server-everything, sends the result back, and prints both with --json', async () => {
    server.script(
      { text: 'Echoing.', toolCalls: [echoCall('hello from the terminal')] },
      { text: 'The server echoed it.' },
    );
    const run = await runnel(['ask', '--mcp', config, '--approve', 'all', '--json', 'Echo it']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      text: string;
      toolCalls: Array<{ id: string; name: string; result?: { outcome: string; content: string } }>;
    };
    expect(summary.text).toBe('Echoing.\n\nThe server echoed it.');
    expect(summary.toolCalls).toEqual([
      {
        ...echoCall('hello from the terminal'),
        result: {
          outcome: 'ran',
          content: 'Echo: hello from the terminal',
          isError: false,
          durationMs: expect.any(Number),
        },
      },
    ]);
    // The model was offered the server's tools, and told the result.
    const offered = (server.requests[0]?.body?.tools ?? []) as Array<{
      function: { name: string };
    }>;
    expect(offered.map((tool) => tool.function.name)).toContain('everything__echo');
    expect(sent(1).at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'call_echo',
      content: 'Echo: hello from the terminal',
    });
  });

  it('prints each call and its result on lines of their own, with the images and links it returned', async () => {
    server.script(
      {
        text: 'Two things.',
        toolCalls: [
          echoCall('plain'),
          { id: 'call_pic', name: 'everything__get-tiny-image', arguments: '{}' },
        ],
      },
      { text: 'Done.' },
    );
    const run = await runnel(['ask', '--mcp', config, '--approve', 'all', 'Do both']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Two things.');
    expect(lines).toContain('[tool call call_echo] everything__echo {"message":"plain"}');
    expect(lines.find((line) => line.startsWith('[tool result call_echo]'))).toMatch(
      /^\[tool result call_echo\] ran in \d+ ms: Echo: plain$/,
    );
    expect(lines.find((line) => line.startsWith('[tool result call_pic]'))).toMatch(
      /^\[tool result call_pic\] ran in \d+ ms: .*\[image: image\/png, shown to the user, not to you\].* \(1 image\)$/,
    );
    expect(run.stdout.endsWith('Done.\n')).toBe(true);
  });

  it('--approve read-only: a tool its server marks read-only runs, another is refused and the model told why', async () => {
    server.script(
      {
        text: '',
        toolCalls: [
          echoCall('allowed'),
          { id: 'call_toggle', name: 'everything__toggle-simulated-logging', arguments: '{}' },
        ],
      },
      { text: 'One ran.' },
    );
    const run = await runnel(['ask', '--mcp', config, '--approve', 'read-only', '--json', 'Go']);
    expect(run.code).toBe(0);
    const { toolCalls } = JSON.parse(run.stdout) as {
      toolCalls: Array<{ id: string; result: { outcome: string; content: string } }>;
    };
    expect(toolCalls.map((call) => [call.id, call.result.outcome])).toEqual([
      ['call_echo', 'ran'],
      ['call_toggle', 'denied'],
    ]);
    const told = sent(1).find((message) => message.tool_call_id === 'call_toggle');
    expect(told?.content).toBe(
      'The call was not run: the user allowed only tools their server marks read-only, and "toggle-simulated-logging" is not marked so.',
    );
  });

  it('--approve ask on a terminal: the question names the server, the tool and the arguments; "y" runs it', async () => {
    server.script({ text: 'Asking.', toolCalls: [echoCall('asked first')] }, { text: 'Ran.' });
    const run = await runnelOnTerminal(['ask', '--mcp', config, 'Echo, but ask'], 'y');
    expect(run.output).toContain('“everything” wants to run echo: Echoes back the input string');
    expect(run.output).toContain('arguments: {"message":"asked first"}');
    expect(run.output).toMatch(/\[tool result call_echo\] ran in \d+ ms: Echo: asked first/);
    expect(run.code).toBe(0);
  });

  it('--approve ask on a terminal: "a" allows that tool for the rest of the run without asking again', async () => {
    server.script(
      { text: '', toolCalls: [echoCall('first')] },
      { text: '', toolCalls: [{ ...echoCall('second'), id: 'call_echo_2' }] },
      { text: 'Both ran.' },
    );
    const run = await runnelOnTerminal(['ask', '--mcp', config, 'Echo twice'], 'a');
    expect(run.output.split('Allow? [y] once')).toHaveLength(2);
    expect(run.output).toMatch(/\[tool result call_echo\] ran in \d+ ms: Echo: first/);
    expect(run.output).toMatch(/\[tool result call_echo_2\] ran in \d+ ms: Echo: second/);
    expect(run.code).toBe(0);
  });

  it('--approve ask on a terminal: anything but y or a denies, and the model is told', async () => {
    server.script({ text: 'Asking.', toolCalls: [echoCall('no thanks')] }, { text: 'Not run.' });
    const run = await runnelOnTerminal(['ask', '--mcp', config, 'Echo, but ask'], '');
    expect(run.output).toContain('[tool result call_echo] denied: The user denied this call.');
    expect(sent(1).at(-1)).toMatchObject({ role: 'tool', content: 'The user denied this call.' });
    expect(run.code).toBe(0);
  });

  it('refuses to ask without a terminal, before starting anything or asking the model', async () => {
    const run = await runnel(['ask', '--mcp', config, 'Echo']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'runnel: --approve ask (the default with --mcp) asks you before each tool call, but there is no terminal to ask on (stdin is not one). Decide in advance with --approve read-only (only tools their server marks read-only run) or --approve all.\n',
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('runnel ask --mcp: mistakes, in words', () => {
  it.each([
    [
      ['--approve', 'all'],
      'runnel: --approve needs --mcp FILE: it says which MCP tool calls may run. See runnel ask --help\n',
    ],
    [
      ['--mcp', config, '--approve', 'sometimes'],
      'runnel: --approve takes ask, read-only or all, not "sometimes". See runnel ask --help\n',
    ],
    [
      ['--mcp', config, '--tools', config, '--approve', 'all'],
      'runnel: --mcp and --tools cannot go together: --tools offers tools and only prints the calls, --mcp runs the servers’ tools. Use one.\n',
    ],
    [
      ['--mcp', path.join(dir, 'nope.json'), '--approve', 'all'],
      `runnel: --mcp: cannot use ${path.join(dir, 'nope.json')}: it does not exist.\n`,
    ],
  ])('%j', async (args, words) => {
    const run = await runnel(['ask', ...args, 'Hi']);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: words });
    expect(server.requests).toHaveLength(0);
  });

  it('names a server that cannot start, and asks nothing when no server offers a tool', async () => {
    const run = await runnel(['ask', '--mcp', brokenConfig, '--approve', 'all', 'Hi']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('runnel-no-such-command-4711');
    expect(run.stderr).toContain(
      `runnel: --mcp: no server in ${brokenConfig} offers a tool (see above). Check it with: runnel mcp list ${brokenConfig}\n`,
    );
    expect(server.requests).toHaveLength(0);
  });
});
