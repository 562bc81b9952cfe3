/**
 * `runnel ask`: the app's streaming engine from a terminal.
 *
 *   runnel ask [--base-url URL] [--api-key KEY] [--model NAME] [--system TEXT] [--no-stream] [--json]
 *              [--max-retries N] [--idle-timeout SECONDS] PROMPT
 *
 * The answer streams to stdout; retries, resumes and errors go to stderr, so `> answer.md` keeps only
 * the answer. Exit 0 on success, 1 on failure, 130 on Ctrl+C. `--json` prints one object at the end.
 */
import { parseArgs } from 'node:util';
import { createChatEngine } from './chat/engine';
import type { ChatError, ChatMessage, FinishReason, StreamEvent, Usage } from './chat/types';

const USAGE = `Usage: runnel ask [options] PROMPT

Ask an OpenAI-compatible chat API and stream the answer to stdout.

Options:
  --base-url URL          API root, e.g. http://localhost:11434/v1 (env OPENAI_BASE_URL;
                          default https://api.openai.com/v1)
  --api-key KEY           API key (env OPENAI_API_KEY; local servers usually need none)
  --model NAME            Model id (env OPENAI_MODEL; default gpt-4o-mini)
  --system TEXT           System prompt
  --no-stream             Ask for one complete answer instead of a stream
  --json                  Print one JSON object at the end instead of streaming text:
                          {text, reasoning, finishReason, usage, attempts, resumed, error}
  --max-retries N         Retries before the first byte (default 3)
  --idle-timeout SECONDS  Silence after which a stream counts as interrupted (default 90)
  -h, --help              Show this help

The prompt may also come on stdin: echo "Why is the sky blue?" | runnel ask
Exit status: 0 answered, 1 failed, 130 interrupted (Ctrl+C).`;

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_INTERRUPTED = 130;

interface AskOptions {
  baseURL: string;
  apiKey: string | undefined;
  model: string;
  system: string | undefined;
  stream: boolean;
  json: boolean;
  maxRetries: number;
  idleTimeoutSeconds: number;
  prompt: string;
}

interface AskSummary {
  text: string;
  reasoning: string;
  finishReason: FinishReason | null;
  usage: Usage | null;
  attempts: number;
  resumed: number;
  error: ChatError | null;
}

class UsageError extends Error {}

function parseAskArguments(args: string[], env: NodeJS.ProcessEnv): AskOptions | 'help' {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'base-url': { type: 'string' },
      'api-key': { type: 'string' },
      model: { type: 'string' },
      system: { type: 'string' },
      'no-stream': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'max-retries': { type: 'string' },
      'idle-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  return {
    baseURL: values['base-url'] ?? env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
    apiKey: values['api-key'] ?? (env.OPENAI_API_KEY || undefined),
    model: values.model ?? env.OPENAI_MODEL ?? 'gpt-4o-mini',
    system: values.system,
    stream: !values['no-stream'],
    json: values.json,
    maxRetries: wholeNumber(values['max-retries'], '--max-retries', 3),
    idleTimeoutSeconds: wholeNumber(values['idle-timeout'], '--idle-timeout', 90),
    prompt: positionals.join(' '),
  };
}

function wholeNumber(raw: string | undefined, flag: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new UsageError(`${flag} needs a number of 0 or more, not "${raw}".`);
  }
  return value;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8').trim();
}

async function ask(options: AskOptions): Promise<number> {
  const messages: ChatMessage[] = [];
  if (options.system) messages.push({ role: 'system', content: options.system });
  messages.push({ role: 'user', content: options.prompt });

  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);

  const engine = createChatEngine({ fetch: globalThis.fetch });
  const summary: AskSummary = {
    text: '',
    reasoning: '',
    finishReason: null,
    usage: null,
    attempts: 0,
    resumed: 0,
    error: null,
  };
  let cancelled = false;
  let retries = 0;
  const stream = engine.stream(
    {
      endpoint: { baseURL: options.baseURL, apiKey: options.apiKey },
      model: options.model,
      messages,
      stream: options.stream,
    },
    {
      signal: interrupt.signal,
      policy: {
        maxAttempts: options.maxRetries + 1,
        idleTimeoutMs: options.idleTimeoutSeconds * 1000,
      },
    },
  );
  for await (const event of stream) {
    if (event.type === 'retrying' && event.delayMs > 0) retries += 1;
    report(event, options);
    if (event.type === 'started') summary.attempts = event.attempt;
    if (event.type === 'resumed') summary.resumed = event.resumes;
    if (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled') {
      summary.text = event.text;
      summary.reasoning = event.reasoning;
    }
    if (event.type === 'done') {
      summary.finishReason = event.finishReason;
      summary.usage = event.usage;
    }
    if (event.type === 'failed') summary.error = event.error;
    if (event.type === 'cancelled') cancelled = true;
  }
  process.removeListener('SIGINT', onSigint);
  if (summary.attempts === 0) summary.attempts = retries + 1;

  if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else if (summary.text !== '' && !summary.text.endsWith('\n')) process.stdout.write('\n');
  if (cancelled) return EXIT_INTERRUPTED;
  if (summary.error) {
    process.stderr.write(`runnel: ${summary.error.message}\n`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

/** Text to stdout as it comes; everything about the connection to stderr. */
function report(event: StreamEvent, options: AskOptions): void {
  switch (event.type) {
    case 'delta':
      if (!options.json && event.text !== '') process.stdout.write(event.text);
      return;
    case 'retrying':
      process.stderr.write(
        event.delayMs > 0
          ? `runnel: ${event.reason} Retrying in ${(event.delayMs / 1000).toFixed(1)} s (${event.attempt}/${event.of}).\n`
          : `runnel: ${event.reason}\n`,
      );
      return;
    case 'resumed':
      process.stderr.write(`\nrunnel: connection lost mid-answer; resumed (${event.resumes}).\n`);
      return;
    case 'done':
      if (event.finishReason !== 'stop' && event.finishReason !== 'unspecified') {
        process.stderr.write(`runnel: the answer stopped early (${event.finishReason}).\n`);
      }
      return;
    default:
      return;
  }
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? EXIT_FAILED : EXIT_OK;
  }
  if (command !== 'ask') {
    process.stderr.write(`runnel: unknown command "${command}". Try: runnel ask --help\n`);
    return EXIT_FAILED;
  }
  let options: AskOptions | 'help';
  try {
    options = parseAskArguments(rest, env);
    if (options !== 'help' && options.prompt === '') options.prompt = await readStdin();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`runnel: ${message}\n`);
    return EXIT_FAILED;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (options.prompt === '') {
    process.stderr.write('runnel: no prompt given. Try: runnel ask "Why is the sky blue?"\n');
    return EXIT_FAILED;
  }
  return ask(options);
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`runnel: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_FAILED;
  },
);
