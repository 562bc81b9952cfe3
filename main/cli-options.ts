/**
 * `runnel ask`'s command line → options, or a usage error a person can act on: an unknown option
 * names the nearest real one, and every number is checked against what a timer can keep.
 */
import { parseArgs } from 'node:util';
import type { ChatParameters } from './chat/parameters';
import { defaultPolicy, MAX_TIMER_MS } from './chat/stream-policy';
import {
  PARAMETER_NOTE,
  PARAMETER_OPTIONS,
  PARAMETER_USAGE,
  parametersFromFlags,
} from './cli-parameters';

export interface AskOptions {
  baseURL: string;
  apiKey: string | undefined;
  model: string;
  system: string | undefined;
  stream: boolean;
  json: boolean;
  maxRetries: number;
  /** Unset: the engine's default. */
  idleTimeoutSeconds: number | undefined;
  deadlineSeconds: number | undefined;
  /** `--tools FILE`: tool definitions to offer (cli-tools.ts reads them). */
  toolsFile: string | undefined;
  /** `--tool-choice`: auto, none, required or a tool's name; needs `--tools`. */
  toolChoice: string | undefined;
  /** `--mcp FILE`: run the tools of the MCP servers in a Claude Desktop-shaped config (cli-mcp-ask.ts). */
  mcpFile: string | undefined;
  /** `--approve`: which of those calls run: asked on the terminal (default), read-only ones, or all. */
  approve: ApproveMode;
  /** `--attach PATH`, repeatable: files sent with the question (cli-attachments.ts reads them). */
  attach: string[];
  /** --temperature, --top-p, --max-tokens, --reasoning-effort, --seed, --stop: only those given. */
  parameters: ChatParameters;
  prompt: string;
}

export type ApproveMode = 'ask' | 'read-only' | 'all';
const APPROVE_MODES: readonly string[] = ['ask', 'read-only', 'all'];

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_MODEL = 'gpt-4o-mini';
const DEFAULT_RETRIES = defaultPolicy.maxAttempts - 1;
/** More than this many retries only makes a failure slower to report. */
const MAX_RETRIES = 10;

const OPTIONS = {
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  model: { type: 'string' },
  system: { type: 'string' },
  'no-stream': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'max-retries': { type: 'string' },
  'idle-timeout': { type: 'string' },
  deadline: { type: 'string' },
  tools: { type: 'string' },
  'tool-choice': { type: 'string' },
  mcp: { type: 'string' },
  approve: { type: 'string' },
  attach: { type: 'string', multiple: true },
  ...PARAMETER_OPTIONS,
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const seconds = (ms: number): string => String(ms / 1000);

export const USAGE = `Usage: runnel ask [options] PROMPT

Ask an OpenAI-compatible chat API and stream the answer to stdout.

Options:
  --base-url URL          API root, e.g. http://localhost:11434/v1 (env OPENAI_BASE_URL;
                          default ${DEFAULT_BASE_URL}). No user:password@ in it: use a key.
  --api-key KEY           API key (env OPENAI_API_KEY; local servers usually need none)
  --model NAME            Model id (env OPENAI_MODEL; default ${DEFAULT_MODEL})
  --system TEXT           System prompt
  --no-stream             Ask for one complete answer instead of a stream
  --json                  Print one JSON object at the end instead of streaming text:
                          {text, reasoning, finishReason, usage, toolCalls, attempts, resumed,
                          droppedParameters, toolsOff, cancelled, error}; toolCalls is [{id, name,
                          arguments}], droppedParameters [{parameter, reason}], each [] when none;
                          toolsOff {reason} when the model refused --tools, else null
  --max-retries N         Retries before the answer starts, 0 to ${MAX_RETRIES} (default ${DEFAULT_RETRIES})
  --idle-timeout SECONDS  Silence mid-answer that counts as an interruption (default
                          ${seconds(defaultPolicy.idleTimeoutMs)}); keep-alives alone end it after twice as long
  --deadline SECONDS      The most the whole answer may take, retries included (default
                          ${seconds(defaultPolicy.answerDeadlineMs)})
  --tools FILE            Offer the tools in FILE, a JSON array of OpenAI tool definitions; the
                          calls the model asks for are printed, never run
  --tool-choice CHOICE    auto, none, required, or the name of one of the tools (needs --tools)
  --mcp FILE              Start the MCP servers in FILE (Claude Desktop's claude_desktop_config.json
                          or a Cursor mcp.json) and let the model use their tools; each call and its
                          result is printed (in --json, with toolCalls). A local server runs with
                          your own rights
  --approve MODE          Which tool calls of --mcp run: ask (default: you answer each on the
                          terminal; refused without one), read-only (only tools the server marks
                          read-only), or all
  --attach PATH           Send a file with the question (repeatable): an image (resized to fit
                          2048 x 768), a text or code file (inlined, at most 512 KB) or a PDF (its
                          text, with page markers)
${PARAMETER_USAGE}
  -h, --help              Show this help

A server that has not started answering after ${seconds(defaultPolicy.firstByteTimeoutMs)} s is tried again. Redirects are
followed only to the same scheme, host and port; the key is never sent anywhere else.

${PARAMETER_NOTE}

The prompt may also come on stdin: echo "Why is the sky blue?" | runnel ask
Exit status: 0 answered, 1 failed, 130 interrupted (Ctrl+C).`;

/** A mistake on the command line: printed as one line, exit 1. */
export class UsageError extends Error {}

export function parseAskArguments(args: string[], env: NodeJS.ProcessEnv): AskOptions | 'help' {
  const parse = () =>
    parseArgs({
      args: withNegativeNumbersJoined(args),
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    throw usageErrorFrom(error);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const model = values.model ?? (env.OPENAI_MODEL || DEFAULT_MODEL);
  if (model.trim() === '')
    throw new UsageError('--model needs a model name. See runnel ask --help');
  return {
    baseURL: values['base-url'] ?? (env.OPENAI_BASE_URL || DEFAULT_BASE_URL),
    apiKey: values['api-key'] ?? (env.OPENAI_API_KEY || undefined),
    model,
    system: values.system,
    stream: !values['no-stream'],
    json: values.json,
    maxRetries: retries(values['max-retries']),
    idleTimeoutSeconds: timerSeconds(values['idle-timeout'], '--idle-timeout'),
    deadlineSeconds: timerSeconds(values.deadline, '--deadline'),
    toolsFile: values.tools,
    toolChoice: toolChoiceNeedsTools(values['tool-choice'], values.tools),
    mcpFile: mcpWithoutTools(values.mcp, values.tools),
    approve: approveModeFrom(values.approve, values.mcp),
    attach: values.attach ?? [],
    parameters: parametersFromFlags(values, (message) => {
      throw new UsageError(`${message} See runnel ask --help`);
    }),
    prompt: positionals.join(' '),
  };
}

/**
 * `--seed -42` as `--seed=-42`: parseArgs would read `-42` as an option and say `--seed` has no
 * value. Only a negative number after an option that takes a value is joined.
 */
function withNegativeNumbersJoined(args: string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    const next = args[index + 1];
    const option = OPTIONS[arg.slice(2) as keyof typeof OPTIONS] as { type: string } | undefined;
    if (
      arg.startsWith('--') &&
      option?.type === 'string' &&
      next !== undefined &&
      /^-(?:\d|\.\d)/.test(next)
    ) {
      out.push(`${arg}=${next}`);
      index += 1;
    } else out.push(arg);
  }
  return out;
}

function retries(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_RETRIES;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 0 || value > MAX_RETRIES) {
    throw new UsageError(
      `--max-retries needs a whole number from 0 to ${MAX_RETRIES}, not "${raw}".`,
    );
  }
  return value;
}

function toolChoiceNeedsTools(
  choice: string | undefined,
  file: string | undefined,
): string | undefined {
  if (choice !== undefined && file === undefined) {
    throw new UsageError(
      '--tool-choice needs --tools FILE: there is no tool to choose. See runnel ask --help',
    );
  }
  return choice;
}

/** `--tools` only prints calls; `--mcp` runs them: one answer cannot do both. */
function mcpWithoutTools(mcp: string | undefined, tools: string | undefined): string | undefined {
  if (mcp !== undefined && tools !== undefined) {
    throw new UsageError(
      '--mcp and --tools cannot go together: --tools offers tools and only prints the calls, --mcp runs the servers’ tools. Use one.',
    );
  }
  return mcp;
}

function approveModeFrom(raw: string | undefined, mcp: string | undefined): ApproveMode {
  if (raw === undefined) return 'ask';
  if (mcp === undefined) {
    throw new UsageError(
      '--approve needs --mcp FILE: it says which MCP tool calls may run. See runnel ask --help',
    );
  }
  if (!APPROVE_MODES.includes(raw)) {
    throw new UsageError(
      `--approve takes ask, read-only or all, not "${raw}". See runnel ask --help`,
    );
  }
  return raw as ApproveMode;
}

/** Seconds for a timer: more than 0, and no more than setTimeout can wait (2^31 - 1 ms). */
function timerSeconds(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const most = Math.floor(MAX_TIMER_MS / 1000);
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`${flag} needs a number of seconds, not "${raw}".`);
  }
  if (value <= 0) {
    throw new UsageError(
      `${flag} must be more than 0 seconds (it was ${raw}); a limit of 0 would end every answer at once.`,
    );
  }
  if (value * 1000 > MAX_TIMER_MS) {
    throw new UsageError(
      `${flag} can be at most ${most} seconds (about 24 days, the longest a timer can wait), not ${raw}.`,
    );
  }
  return value;
}

/** Node's parseArgs errors, in words that say what to type instead. */
function usageErrorFrom(error: unknown): UsageError {
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message : String(error);
  const named = /'(-{1,2}[^'\s=]+)/.exec(text)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && named !== undefined) {
    const nearest = nearestOption(named);
    const hint = nearest ? `; did you mean ${nearest}?` : '.';
    return new UsageError(`unknown option ${named}${hint} See runnel ask --help`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && named !== undefined) {
    const flag = named.startsWith('--') ? named : (longNameOf(named) ?? named);
    const takesValue = OPTIONS[flag.slice(2) as keyof typeof OPTIONS]?.type === 'string';
    return new UsageError(
      takesValue
        ? `${flag} needs a value. See runnel ask --help`
        : `${flag} takes no value. See runnel ask --help`,
    );
  }
  return new UsageError(`${text.split('. ')[0] ?? text}. See runnel ask --help`);
}

function longNameOf(short: string): string | undefined {
  const entry = Object.entries(OPTIONS).find(
    ([, option]) => 'short' in option && `-${option.short}` === short,
  );
  return entry ? `--${entry[0]}` : undefined;
}

/** The known option closest to a mistyped one (at most two edits away, or one it starts), if any. */
export function nearestOption(typed: string): string | null {
  const name = typed.replace(/^-+/, '').toLowerCase();
  let best: { option: string; distance: number } | null = null;
  for (const option of Object.keys(OPTIONS)) {
    const distance = option.startsWith(name) && name.length >= 2 ? 1 : editDistance(name, option);
    if (distance <= 2 && (best === null || distance < best.distance)) {
      best = { option, distance };
    }
  }
  return best ? `--${best.option}` : null;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit (`--modle`). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      const row = rows[i];
      if (row) row[j] = value;
    }
  }
  return at(a.length, b.length);
}
