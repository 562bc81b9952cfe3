/**
 * `runnel ask` as a user runs it: a child process (through tsx) against the fault server, checking
 * stdout, stderr and exit codes.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANSWER, startFaultServer, type FaultServer } from '../../fault-server';
import { API_KEY } from './stream-helpers';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runnel(
  args: string[],
  options: {
    env?: Record<string, string>;
    onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
  } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      options.onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

describe('runnel ask', () => {
  it('streams the answer to stdout and exits 0, reading the URL and key from the environment', async () => {
    const run = await runnel(
      ['ask', '--model', 'fault-model', '--system', 'Be brief.', 'Tell me about rivers'],
      {
        env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: API_KEY },
      },
    );
    expect(run).toMatchObject({ code: 0, stdout: `${DEFAULT_ANSWER}\n`, stderr: '' });
    const sent = server.requests.at(-1);
    expect(sent?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent?.body?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Tell me about rivers' },
    ]);
  });

  it('reports retries and resumes on stderr and prints one JSON object with --json', async () => {
    const run = await runnel([
      'ask',
      '--base-url',
      server.baseURL,
      '--model',
      'fault:drop-after=1500',
      '--json',
      'Tell me about rivers',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('resumed (1)');
    expect(JSON.parse(run.stdout)).toEqual({
      text: DEFAULT_ANSWER,
      reasoning: '',
      finishReason: 'stop',
      usage: expect.objectContaining({ totalTokens: expect.any(Number) }),
      attempts: 1,
      resumed: 1,
      error: null,
    });
  });

  it('asks without streaming with --no-stream', async () => {
    const run = await runnel(['ask', '--base-url', server.baseURL, '--no-stream', 'Hi']);
    expect(run).toMatchObject({ code: 0, stdout: `${DEFAULT_ANSWER}\n` });
    expect(server.requests.at(-1)?.body?.stream).toBe(false);
  });

  it('exits 1 with one line on stderr, without the key, when the key is refused', async () => {
    const run = await runnel([
      'ask',
      '--base-url',
      server.baseURL,
      '--api-key',
      API_KEY,
      '--model',
      'fault:status=401',
      '--max-retries',
      '0',
      '--json',
      'Hi',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^runnel: .*refused the API key \(401\)/);
    expect(run.stderr + run.stdout).not.toContain(API_KEY);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { code: 'auth', status: 401 },
      text: '',
      attempts: 1,
    });
  });

  it('exits 130 on Ctrl+C, keeping what was printed', async () => {
    let interrupted = false;
    const run = await runnel(
      ['ask', '--base-url', server.baseURL, '--model', 'fault:stall-after=1200', 'Hi'],
      {
        onStdout: (stdout, child) => {
          if (!interrupted && stdout.length > 0) {
            interrupted = true;
            child.kill('SIGINT');
          }
        },
      },
    );
    expect(run.code).toBe(130);
    expect(DEFAULT_ANSWER.startsWith(run.stdout.trimEnd())).toBe(true);
    expect(run.stdout.length).toBeGreaterThan(0);
  });

  it('refuses a bad flag with exit 1', async () => {
    const run = await runnel(['ask', '--max-retries', 'many', 'Hi']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--max-retries needs a number');
  });
});
