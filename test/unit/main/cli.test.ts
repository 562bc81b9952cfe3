/**
 * `runnel ask` as a user runs it: a child process (through tsx) against the fault server, checking
 * stdout, stderr and exit codes.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_ANSWER, startFaultServer, type FaultServer } from '../../fault-server';
import { DEFAULT_TOOL_CALLS, TOOL_CALL_SHAPES } from '../../fault-server/tool-call-events';
import { API_KEY } from './chat/stream-helpers';

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
    onStart?: (child: ReturnType<typeof spawn>) => void;
  } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.onStart?.(child);
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
beforeEach(() => {
  server.reset();
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
      toolCalls: [],
      droppedParameters: [],
      toolsOff: null,
      attempts: 1,
      resumed: 1,
      cancelled: false,
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
    expect(run.stderr).toMatch(
      /^runnel: .*refused the API key \(401\)\. Check the key given with --api-key or OPENAI_API_KEY\./,
    );
    expect(run.stderr).not.toContain("provider's settings");
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
    expect(run.stderr).toContain('--max-retries needs a whole number from 0 to 10, not "many"');
  });
});

/** stderr as lines, each checked to be one `runnel: …` line. */
function stderrLines(run: Run): string[] {
  const lines = run.stderr.trimEnd().split('\n');
  for (const line of lines) expect(line).toMatch(/^runnel: \S/);
  return lines;
}

describe('runnel ask on the command line', () => {
  it('names the option meant when one is mistyped', async () => {
    const run = await runnel(['ask', '--modle', 'x', 'Hi']);
    expect(run).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'runnel: unknown option --modle; did you mean --model? See runnel ask --help\n',
    });
  });

  it('refuses idle timeouts and deadlines a timer cannot keep, each with its reason', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--idle-timeout', '0'], /--idle-timeout must be more than 0 seconds \(it was 0\)/],
      [['--idle-timeout=-5'], /--idle-timeout must be more than 0 seconds/],
      [['--idle-timeout', 'soon'], /--idle-timeout needs a number of seconds, not "soon"/],
      [['--idle-timeout', '2147484'], /--idle-timeout can be at most 2147483 seconds/],
      [['--deadline', '1e10'], /--deadline can be at most 2147483 seconds/],
      [['--model'], /--model needs a value/],
    ];
    const runs = await Promise.all(cases.map(([flags]) => runnel(['ask', 'Hi', ...flags])));
    runs.forEach((run, index) => {
      expect(run.code).toBe(1);
      expect(stderrLines(run)).toHaveLength(1);
      expect(run.stderr).toMatch(cases[index]?.[1] ?? /never/);
    });
  });

  it('documents its defaults and OPENAI_MODEL in --help', async () => {
    const run = await runnel(['ask', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('env OPENAI_MODEL; default gpt-4o-mini');
    expect(run.stdout).toMatch(/--idle-timeout SECONDS .*\(default\s+60\)/s);
    expect(run.stdout).toMatch(/--deadline SECONDS .*\(default\s+600\)/s);
    expect(run.stdout).toContain('not started answering after 30 s');
  });

  it('takes the model from OPENAI_MODEL', async () => {
    const run = await runnel(['ask', 'Hi'], {
      env: { OPENAI_BASE_URL: server.baseURL, OPENAI_MODEL: 'model-from-env' },
    });
    expect(run.code).toBe(0);
    expect(server.requests.at(-1)?.body?.model).toBe('model-from-env');
  });

  it('prints a refused connection once: retries are short notes, the detail comes with the final error', async () => {
    const closed = await startFaultServer();
    const baseURL = closed.baseURL;
    await closed.close();
    const run = await runnel(['ask', '--base-url', baseURL, '--max-retries', '2', 'Hi']);
    expect(run.code).toBe(1);
    const lines = stderrLines(run);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^runnel: Nothing is listening at 127\.0\.0\.1:\d+: is the server running\? Retrying in \d\.\d s \(attempt 2 of 3\)\.$/,
    );
    expect(lines[1]).toMatch(/^runnel: Failed again\. Retrying in \d\.\d s \(attempt 3 of 3\)\.$/);
    expect(lines[2]).toMatch(/^runnel: Nothing is listening at .*ECONNREFUSED.*\(tried 3 times\)$/);
    expect(run.stderr.match(/ECONNREFUSED/g)?.length).toBe(
      lines[2]?.match(/ECONNREFUSED/g)?.length,
    );
  });

  it('says how to give a key when a server wants one, in terminal terms', async () => {
    const run = await runnel([
      'ask',
      '--base-url',
      server.baseURL,
      '--model',
      'fault:status=401,times=all',
      '--max-retries',
      '0',
      'Hi',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `runnel: 127.0.0.1:${server.port} needs an API key (401). Pass --api-key KEY or set OPENAI_API_KEY.\n`,
    );
  });

  it('reports cancelled: true in --json after Ctrl+C, still exiting 130', async () => {
    server.script({ delayMs: 50, chunkChars: 4 });
    let interrupted = false;
    const run = await runnel(['ask', '--base-url', server.baseURL, '--json', 'Hi'], {
      onStdout: () => undefined,
      onStart: (child) => {
        const poll = setInterval(() => {
          if (!interrupted && server.requests.length > 0) {
            interrupted = true;
            clearInterval(poll);
            setTimeout(() => child.kill('SIGINT'), 150);
          }
        }, 20);
      },
    });
    expect(run.code).toBe(130);
    expect(JSON.parse(run.stdout)).toMatchObject({ cancelled: true, error: null });
  });

  it('says a blocked port is blocked, and why', async () => {
    const run = await runnel(['ask', '--base-url', 'http://127.0.0.1:9/v1', 'Hi']);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([
      expect.stringMatching(/^runnel: Port 9 is blocked: .* Nothing was sent\./),
    ]);
  });

  it('refuses a base URL with a password without printing it', async () => {
    const baseURL = server.baseURL.replace('http://', 'http://me:hunter2-secret@');
    const run = await runnel(['ask', '--base-url', baseURL, '--json', 'Hi']);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toHaveLength(1);
    expect(run.stderr).toContain('user name or password');
    expect(run.stderr + run.stdout).not.toContain('hunter2');
  });
});

describe('runnel ask against hostile servers: each ends within its bound, one line, exit 1', () => {
  let elsewhere: FaultServer;
  beforeAll(async () => {
    elsewhere = await startFaultServer();
  });
  afterAll(async () => {
    await elsewhere.close();
  });

  const timed = async (args: string[]): Promise<Run & { ms: number }> => {
    const started = Date.now();
    const run = await runnel(['ask', '--base-url', server.baseURL, '--api-key', API_KEY, ...args]);
    return { ...run, ms: Date.now() - started };
  };

  it('a redirect to another host: not followed, the key never sent there', async () => {
    server.script({ redirect: { status: 307, location: `${elsewhere.baseURL}/chat/completions` } });
    const run = await timed(['Hi']);
    expect(run.code).toBe(1);
    const [line] = stderrLines(run);
    expect(stderrLines(run)).toHaveLength(1);
    expect(line).toContain(
      `127.0.0.1:${server.port} redirected the request to another server, 127.0.0.1:${elsewhere.port}`,
    );
    expect(line).toContain('the key and the conversation were not sent');
    expect(elsewhere.requests).toHaveLength(0);
    expect(run.stderr + run.stdout).not.toContain(API_KEY);
  });

  it('only keep-alives: ends at twice the idle timeout', async () => {
    const run = await timed([
      '--idle-timeout',
      '0.5',
      '--model',
      'fault:endless=keep-alive,delay=50',
      'Hi',
    ]);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([
      expect.stringMatching(/sent nothing that adds to the answer for 1 s \(only keep-alives/),
    ]);
    expect(run.ms).toBeLessThan(6000);
  });

  it('only malformed events: ends at once, quoting the first', async () => {
    const run = await timed(['--model', 'fault:endless=malformed,delay=20', 'Hi']);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([
      expect.stringMatching(
        /not an OpenAI-compatible chat stream.*The first was: "<html>upstream sent this, key=\[redacted\]<\/html>"/,
      ),
    ]);
    expect(run.ms).toBeLessThan(6000);
  });

  it('an endless answer: stops at the answer cap', async () => {
    const run = await timed(['--json', '--model', 'fault:endless=text,chunk=16000', 'Hi']);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([expect.stringContaining('grew past 8,388,608 characters')]);
    const summary = JSON.parse(run.stdout) as { text: string; error: { code: string } };
    expect(summary.error.code).toBe('bad_response');
    expect(summary.text.length).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it('an endless body of bytes that frame no event: stops after 16 MB of them', async () => {
    const run = await timed(['--model', 'fault:endless=unframed', 'Hi']);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([
      expect.stringContaining('sent 16 MB without any of the answer, so the stream was stopped'),
    ]);
  });

  it('a slow answer: stops at --deadline, keeping what was printed', async () => {
    const run = await timed(['--deadline', '1', '--model', 'fault:delay=100,chunk=2', 'Hi']);
    expect(run.code).toBe(1);
    expect(run.stdout.length).toBeGreaterThan(1);
    expect(stderrLines(run)).toEqual([
      'runnel: The answer took longer than 1 s, the most one answer may take, so it was stopped.',
    ]);
    expect(run.ms).toBeLessThan(6000);
  });
});

describe('runnel ask --tools', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'runnel-cli-tools-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const TOOLS = [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    },
    { type: 'function', function: { name: 'add' } },
  ];
  const toolsFile = path.join(dir, 'tools.json');
  writeFileSync(toolsFile, JSON.stringify(TOOLS));
  const exact = DEFAULT_TOOL_CALLS.map(({ id, name, arguments: args }) => ({
    id,
    name,
    arguments: args,
  }));
  const ask = (...args: string[]) =>
    runnel(['ask', '--base-url', server.baseURL, '--tools', toolsFile, ...args, 'Weather?']);

  it.each(TOOL_CALL_SHAPES)(
    'prints the exact calls in --json, streamed as %s, and sends the tools',
    async (shape) => {
      server.script({
        text: 'Looking.',
        toolCalls: DEFAULT_TOOL_CALLS,
        toolCallShape: shape,
        chunkChars: 3,
        writeBytes: 7,
      });
      const run = await ask('--json', '--tool-choice', 'get_weather');
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toMatchObject({
        text: 'Looking.',
        finishReason: 'tool_calls',
        toolCalls: exact,
        error: null,
      });
      expect(server.requests[0]?.body).toMatchObject({
        tools: TOOLS,
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
      });
    },
  );

  const corpus = fileURLToPath(
    new URL('../../../../shared/acceptance-data/toolcall-corpus/', import.meta.url),
  );
  const recordings = readdirSync(corpus).filter((file) => file.endsWith('.sse'));

  it.each(recordings)('prints the exact calls of the recorded stream %s', async (file) => {
    const expected = JSON.parse(
      readFileSync(path.join(corpus, file.replace(/\.sse$/, '.json')), 'utf8'),
    ) as { expected_text: string; expected_tool_calls: unknown[] };
    server.script({ body: readFileSync(path.join(corpus, file), 'utf8'), writeBytes: 5 });
    const run = await ask('--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      text: expected.expected_text,
      toolCalls: expected.expected_tool_calls,
    });
  });

  it('prints each call on its own line after the text, without calling it an early stop', async () => {
    server.script({ text: 'Looking.', toolCalls: DEFAULT_TOOL_CALLS.slice(0, 2) });
    const run = await ask();
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      [
        'Looking.',
        '[tool call call_weather_1] get_weather {"city": "Lyon", "unit": "celsius"}',
        '[tool call call_weather_2] get_weather {"city": "Hô Chi Minh (胡志明市)"}',
        '',
      ].join('\n'),
    );
  });

  it("reports arguments that are not JSON on stderr and as the call's error, exit 0", async () => {
    server.script({ text: '', toolCalls: [{ id: 'c1', name: 'add', arguments: '{"a": 1' }] });
    const run = await ask('--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      toolCalls: [
        { id: 'c1', name: 'add', arguments: '{"a": 1', error: { code: 'invalid_arguments' } },
      ],
    });
    expect(stderrLines(run)).toEqual([
      expect.stringMatching(/^runnel: tool call c1: The arguments for "add" are not valid JSON/),
    ]);
  });

  it('asks again without the tools when the model takes none, saying so on stderr and in --json', async () => {
    const ollama = await startFaultServer({
      refuseFields: [
        {
          field: 'tools',
          body: JSON.stringify({
            error: {
              message: 'registry.ollama.ai/library/gemma3:4b does not support tools',
              type: 'api_error',
              param: null,
              code: null,
            },
          }),
        },
      ],
    });
    try {
      const flags = ['ask', '--base-url', ollama.baseURL, '--model', 'gemma3:4b'];
      const plain = await runnel([...flags, '--tools', toolsFile, 'Hi']);
      expect(plain).toMatchObject({ code: 0, stdout: `${DEFAULT_ANSWER}\n` });
      expect(stderrLines(plain)).toEqual([
        `runnel: gemma3:4b takes no tools at 127.0.0.1:${ollama.port}; asked without --tools. registry.ollama.ai/library/gemma3:4b does not support tools`,
      ]);
      const json = await runnel([...flags, '--tools', toolsFile, '--json', 'Hi']);
      expect(JSON.parse(json.stdout)).toMatchObject({
        text: DEFAULT_ANSWER,
        toolCalls: [],
        toolsOff: { reason: 'registry.ollama.ai/library/gemma3:4b does not support tools' },
        error: null,
      });
      expect(ollama.requests.map((request) => request.body?.tools !== undefined)).toEqual([
        true,
        false,
        true,
        false,
      ]);
      expect(ollama.requests[1]?.body).not.toHaveProperty('tool_choice');
    } finally {
      await ollama.close();
    }
  });

  it('refuses a missing or broken tools file before sending anything', async () => {
    const missing = path.join(dir, 'missing.json');
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '[{"type": "function"');
    const runs = [
      await runnel(['ask', '--base-url', server.baseURL, '--tools', missing, 'Hi']),
      await runnel(['ask', '--base-url', server.baseURL, '--tools', broken, 'Hi']),
      await runnel(['ask', '--base-url', server.baseURL, '--tool-choice', 'auto', 'Hi']),
      await ask('--tool-choice', 'get_wether'),
    ];
    expect(runs.map((run) => run.code)).toEqual([1, 1, 1, 1]);
    expect(runs.map((run) => stderrLines(run))).toEqual([
      [
        `runnel: --tools: ${missing} does not exist. Give the path of a JSON file with the tool definitions.`,
      ],
      [expect.stringMatching(/^runnel: --tools: broken\.json is not valid JSON \(.+\)\.$/)],
      [
        'runnel: --tool-choice needs --tools FILE: there is no tool to choose. See runnel ask --help',
      ],
      [
        'runnel: --tool-choice "get_wether" is not auto, none, required or the name of a tool given with --tools (get_weather, add).',
      ],
    ]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('runnel ask: request parameters', () => {
  it('sends each parameter flag exactly as given, and none that is not given', async () => {
    const run = await runnel([
      'ask',
      '--base-url',
      server.baseURL,
      '--temperature',
      '0.70',
      '--top-p',
      '1',
      '--max-tokens',
      '128',
      '--reasoning-effort',
      'low',
      '--seed',
      '-42',
      '--stop',
      'END',
      '--stop',
      '\n\n',
      'Hi',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(server.requests[0]?.body).toMatchObject({
      temperature: 0.7,
      top_p: 1,
      max_tokens: 128,
      reasoning_effort: 'low',
      seed: -42,
      stop: ['END', '\n\n'],
    });
    server.reset();
    await runnel(['ask', '--base-url', server.baseURL, 'Hi']);
    for (const field of [
      'temperature',
      'top_p',
      'max_tokens',
      'reasoning_effort',
      'seed',
      'stop',
    ]) {
      expect(server.requests[0]?.body).not.toHaveProperty(field);
    }
  });

  it('refuses a bad value with one line naming the flag, sending nothing', async () => {
    const cases: Array<[string[], string]> = [
      [['--temperature', '3'], '--temperature needs a number from 0 to 2, not "3".'],
      [['--temperature', 'warm'], '--temperature needs a number from 0 to 2, not "warm".'],
      [['--temperature', '0x1'], '--temperature needs a number from 0 to 2, not "0x1".'],
      [['--top-p', '1.5'], '--top-p needs a number from 0 to 1, not "1.5".'],
      [['--max-tokens', '0'], '--max-tokens needs a whole number from 1 to 2147483647, not "0".'],
      [
        ['--max-tokens', '1e3'],
        '--max-tokens needs a whole number from 1 to 2147483647, not "1e3".',
      ],
      [
        ['--reasoning-effort', 'hgih'],
        '--reasoning-effort needs one of none, minimal, low, medium, high, xhigh, max, default, not "hgih".',
      ],
      [
        ['--seed', '99999999999999999999'],
        '--seed needs a whole number from -9007199254740991 to 9007199254740991, not "99999999999999999999".',
      ],
      [
        ['--stop', ''],
        '--stop needs some text: an empty stop sequence would end every answer at once.',
      ],
      [
        ['--stop', 'a', '--stop', 'b', '--stop', 'c', '--stop', 'd', '--stop', 'e'],
        '--stop can be given at most 4 times (it was given 5).',
      ],
      [['--temperature'], '--temperature needs a value. See runnel ask --help'],
    ];
    const runs = await Promise.all(
      cases.map(([flags]) => runnel(['ask', '--base-url', server.baseURL, 'Hi', ...flags])),
    );
    runs.forEach((run, index) => {
      const expected = cases[index]?.[1] ?? '';
      expect(run.code).toBe(1);
      expect(stderrLines(run)).toEqual([
        `runnel: ${expected}${expected.endsWith('--help') ? '' : ' See runnel ask --help'}`,
      ]);
    });
    expect(server.requests).toHaveLength(0);
  });

  it('names the parameter flag meant when one is mistyped', async () => {
    const run = await runnel(['ask', '--temprature', '0.2', 'Hi']);
    expect(run.stderr).toBe(
      'runnel: unknown option --temprature; did you mean --temperature? See runnel ask --help\n',
    );
  });

  it('asks again without a parameter the provider refuses, saying so, and lists it in --json', async () => {
    const strict = await startFaultServer({
      refuseFields: [
        {
          field: 'seed',
          body: JSON.stringify({
            error: {
              message: "property 'seed' is unsupported, did you mean 'stop'?",
              type: 'invalid_request_error',
            },
          }),
        },
      ],
    });
    try {
      const flags = ['ask', '--base-url', strict.baseURL, '--model', 'm', '--seed', '7'];
      const plain = await runnel([...flags, 'Hi']);
      expect(plain).toMatchObject({ code: 0, stdout: `${DEFAULT_ANSWER}\n` });
      expect(stderrLines(plain)).toEqual([
        `runnel: 127.0.0.1:${strict.port} does not take --seed for m; asked without it. property 'seed' is unsupported, did you mean 'stop'?`,
      ]);
      const json = await runnel([...flags, '--json', 'Hi']);
      expect(JSON.parse(json.stdout)).toMatchObject({
        text: DEFAULT_ANSWER,
        droppedParameters: [{ parameter: 'seed', reason: expect.stringContaining('unsupported') }],
        error: null,
      });
      expect(strict.requests.map((request) => request.body?.seed)).toEqual([
        7,
        undefined,
        7,
        undefined,
      ]);
    } finally {
      await strict.close();
    }
  });

  it('documents the parameter flags in --help', async () => {
    const run = await runnel(['ask', '--help']);
    for (const flag of [
      '--temperature T',
      '--top-p P',
      '--max-tokens N',
      '--reasoning-effort E',
      '--seed N',
      '--stop TEXT',
      'droppedParameters',
      'toolsOff',
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });
});
