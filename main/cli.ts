/**
 * `runnel ask`: the app's streaming engine from a terminal.
 *
 *   runnel ask [--base-url URL] [--api-key KEY] [--model NAME] [--system TEXT] [--no-stream] [--json]
 *              [--max-retries N] [--idle-timeout SECONDS] [--deadline SECONDS]
 *              [--tools FILE [--tool-choice CHOICE]] [--mcp FILE [--approve ask|read-only|all]]
 *              [--temperature T] [--top-p P] [--max-tokens N]
 *              [--reasoning-effort E] [--seed N] [--stop TEXT]... [--attach PATH]... PROMPT
 *
 * The answer streams to stdout; retries, resumes and errors go to stderr, so `> answer.md` keeps only
 * the answer. Each retry is one short note; the final error is printed once, in full. Exit 0 on
 * success, 1 on failure, 130 on Ctrl+C. `--json` prints one object at the end. With `--tools`, the
 * calls the model asks for are printed (one line each, or `toolCalls` in `--json`), never run; with
 * `--mcp`, they run through the app's tool loop once approved (cli-mcp-ask.ts), and each result is
 * printed under its call.
 */
import './cli-polyfills';
import { readAttachments, type ReadAttachment } from './cli-attachments';
import { parseAskArguments, USAGE, type AskOptions } from './cli-options';
import { PARAMETER_FLAGS } from './cli-parameters';
import { askTools, type AskTools } from './cli-tools';
import { runMcpCommand } from './cli-mcp';
import {
  checkCanAsk,
  cliApprover,
  startMcpForAsk,
  terminalAsker,
  type McpForAsk,
} from './cli-mcp-ask';
import { mcpRunner, toolDefinitions } from './tools/mcp-tools';
import {
  DEFAULT_CALL_TIMEOUT_MS,
  runToolLoop,
  type ToolLoopEvent,
  type ToolOutcome,
} from './tools/tool-loop';
import type { ToolMedia } from './tools/tool-media';
import { imageDetailFor, messageContent } from './chat/content-parts';
import { createChatEngine } from './chat/engine';
import { hostOf, redactSecrets } from './chat/errors';
import {
  isTerminal,
  type ChatError,
  type ChatMessage,
  type DroppedParameter,
  type FinishReason,
  type StreamEvent,
  type ToolCall,
  type ToolCallError,
  type ToolsOff,
  type Usage,
} from './chat/types';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_INTERRUPTED = 130;

interface AskSummary {
  text: string;
  reasoning: string;
  finishReason: FinishReason | null;
  usage: Usage | null;
  /**
   * Every call the model asked for, in order; `error` only on one that cannot be run as it is, and
   * `result` (with `--mcp`) once it ended: ran, failed, denied, timed out, invalid or cancelled.
   */
  toolCalls: Array<ToolCall & { error?: ToolCallError; result?: CallResult }>;
  /** Parameters the provider refused for this model: the answer was asked without them. */
  droppedParameters: DroppedParameter[];
  /** Set when the model refused the tools of `--tools`: the answer was asked without them. */
  toolsOff: ToolsOff | null;
  attempts: number;
  resumed: number;
  cancelled: boolean;
  error: ChatError | null;
}

interface CallResult {
  outcome: ToolOutcome;
  /** What the model was told. */
  content: string;
  isError: boolean;
  durationMs: number;
  media?: ToolMedia[];
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8').trim();
}

async function ask(
  options: AskOptions,
  tools: AskTools,
  attached: readonly ReadAttachment[] = [],
  mcp: McpForAsk | null = null,
): Promise<number> {
  const messages: ChatMessage[] = [];
  if (options.system) messages.push({ role: 'system', content: options.system });
  messages.push({
    role: 'user',
    content:
      attached.length === 0
        ? options.prompt
        : messageContent(
            options.prompt,
            attached.map((file) => file.attachment),
            { imageDetail: imageDetailFor(options.baseURL) },
          ),
  });

  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);

  const engine = createChatEngine({ fetch: globalThis.fetch });
  const summary: AskSummary = {
    text: '',
    reasoning: '',
    finishReason: null,
    usage: null,
    toolCalls: [],
    droppedParameters: [],
    toolsOff: null,
    attempts: 0,
    resumed: 0,
    cancelled: false,
    error: null,
  };
  let retries = 0;
  const notes = createRetryNotes();
  const request = {
    endpoint: { baseURL: options.baseURL, apiKey: options.apiKey },
    model: options.model,
    messages,
    stream: options.stream,
    parameters: options.parameters,
    ...tools,
  };
  const streamOptions = {
    signal: interrupt.signal,
    policy: {
      maxAttempts: options.maxRetries + 1,
      ...(options.idleTimeoutSeconds === undefined
        ? {}
        : { idleTimeoutMs: options.idleTimeoutSeconds * 1000 }),
      ...(options.deadlineSeconds === undefined
        ? {}
        : { answerDeadlineMs: options.deadlineSeconds * 1000 }),
    },
  };
  // With --mcp, the tool loop: calls approved by --approve run in the MCP host, results go back.
  const stream: AsyncIterable<ToolLoopEvent> = mcp
    ? runToolLoop(
        { ...request, tools: toolDefinitions(mcp.tools) },
        {
          engine,
          approve: cliApprover(
            options.approve,
            mcp.tools,
            terminalAsker(process.stdin, process.stderr),
          ),
          run: mcpRunner(mcp.callTool, DEFAULT_CALL_TIMEOUT_MS),
        },
        streamOptions,
      )
    : engine.stream(request, streamOptions);
  // Whether stdout is at the start of a line: tool calls print on lines of their own.
  let lineStart = true;
  for await (const event of stream) {
    if (event.type === 'retrying' && event.delayMs > 0) retries += 1;
    report(event, options, notes);
    if (event.type === 'delta' && event.text !== '') lineStart = event.text.endsWith('\n');
    if (event.type === 'toolCall') {
      summary.toolCalls.push(event.error ? { ...event.call, error: event.error } : event.call);
      if (!options.json) {
        process.stdout.write(`${lineStart ? '' : '\n'}${toolCallLine(event.call)}\n`);
        lineStart = true;
      }
      if (event.error) {
        process.stderr.write(`runnel: tool call ${event.call.id}: ${event.error.message}\n`);
      }
    }
    if (event.type === 'toolResult') {
      const { callId, outcome, result, durationMs } = event;
      const call = summary.toolCalls.find((one) => one.id === callId);
      if (call) call.result = { outcome, ...result, durationMs };
      if (!options.json) {
        process.stdout.write(`${lineStart ? '' : '\n'}${toolResultLine(event)}\n`);
        lineStart = true;
      }
    }
    if (event.type === 'stepLimit') {
      process.stderr.write(
        `runnel: stopped after ${event.steps} rounds of tool calls, the most one answer may take; the last calls were not run.\n`,
      );
    }
    if (event.type === 'started') {
      summary.attempts = event.attempt;
      if (event.dropped) summary.droppedParameters = event.dropped;
      if (event.toolsOff) summary.toolsOff = event.toolsOff;
    }
    if (event.type === 'resumed') summary.resumed = event.resumes;
    if (isTerminal(event)) {
      summary.text = event.text;
      summary.reasoning = event.reasoning;
    }
    if (event.type === 'done') {
      summary.finishReason = event.finishReason;
      summary.usage = event.usage;
    }
    if (event.type === 'failed') summary.error = inCliWords(event.error, options);
    if (event.type === 'cancelled') summary.cancelled = true;
  }
  process.removeListener('SIGINT', onSigint);
  if (summary.attempts === 0) summary.attempts = retries + 1;

  if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else if (!lineStart) process.stdout.write('\n');
  if (summary.cancelled) return EXIT_INTERRUPTED;
  if (summary.error) {
    process.stderr.write(`runnel: ${oneLine(summary.error.message)}\n`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

/**
 * The engine speaks to the app's user ("this provider's settings"); a terminal user passes flags and
 * environment variables, so a refused key is explained in those terms.
 */
function inCliWords(error: ChatError, options: AskOptions): ChatError {
  if (error.code !== 'auth' || error.status !== 401) return error;
  const host = hostOf(options.baseURL);
  if (!options.apiKey) {
    return {
      ...error,
      message: `${host} needs an API key (401). Pass --api-key KEY or set OPENAI_API_KEY.`,
    };
  }
  const said = /The server said: ".*"$/.exec(error.message)?.[0];
  return {
    ...error,
    message: `${host} refused the API key (401). Check the key given with --api-key or OPENAI_API_KEY.${said ? ` ${said}` : ''}`,
  };
}

/**
 * Retries as short notes: the reason without its technical detail (that comes once, with the final
 * error), and only "failed again" when it is the same reason as the note before.
 */
function createRetryNotes(): (reason: string) => string {
  let last: string | null = null;
  return (reason) => {
    const short = oneLine(reason).replace(/\s*\([^()]*\)\s*$/, '');
    const note = short === last ? 'Failed again.' : short;
    last = short;
    return note;
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Text to stdout as it comes; everything about the connection to stderr. */
function report(
  event: StreamEvent | ToolLoopEvent,
  options: AskOptions,
  note: (reason: string) => string,
): void {
  switch (event.type) {
    case 'delta':
      if (!options.json && event.text !== '') process.stdout.write(event.text);
      return;
    case 'retrying':
      process.stderr.write(
        event.delayMs > 0
          ? `runnel: ${note(event.reason)} Retrying in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt} of ${event.of}).\n`
          : `runnel: ${oneLine(event.reason)}\n`,
      );
      return;
    case 'started':
      for (const { parameter, reason } of event.dropped ?? []) {
        process.stderr.write(
          `runnel: ${hostOf(options.baseURL)} does not take ${PARAMETER_FLAGS[parameter]} for ${options.model}; asked without it. ${oneLine(reason)}\n`,
        );
      }
      if (event.toolsOff) {
        process.stderr.write(
          `runnel: ${options.model} takes no tools at ${hostOf(options.baseURL)}; asked without --tools. ${oneLine(event.toolsOff.reason)}\n`,
        );
      }
      return;
    case 'resumed':
      process.stderr.write(`\nrunnel: connection lost mid-answer; resumed (${event.resumes}).\n`);
      return;
    case 'done':
      // A model that asks for tools has finished its step; only length or a filter stops it early.
      if (!['stop', 'unspecified', 'tool_calls'].includes(event.finishReason)) {
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
  if (command === 'mcp') {
    return runMcpCommand(rest, {
      write: (text) => process.stdout.write(text),
      writeError: (text) => process.stderr.write(text),
    });
  }
  if (command !== 'ask') {
    process.stderr.write(
      `runnel: unknown command "${command}". Try: runnel ask --help, or runnel mcp --help\n`,
    );
    return EXIT_FAILED;
  }
  let options: AskOptions | 'help';
  let tools: AskTools = {};
  let attached: ReadAttachment[] = [];
  let mcp: McpForAsk | null = null;
  try {
    options = parseAskArguments(rest, env);
    // Before anything is read or started: asking needs a terminal.
    if (options !== 'help' && options.mcpFile !== undefined)
      checkCanAsk(options.approve, process.stdin.isTTY === true);
    if (options !== 'help' && options.prompt === '') options.prompt = await readStdin();
    if (options !== 'help') tools = await askTools(options);
    if (options !== 'help') attached = await readAttachments(options.attach);
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
  for (const { note } of attached) if (note) process.stderr.write(`runnel: ${note}\n`);
  if (options.mcpFile !== undefined) {
    try {
      mcp = await startMcpForAsk(options.mcpFile, {
        writeError: (text) => process.stderr.write(text),
      });
    } catch (error) {
      process.stderr.write(`runnel: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_FAILED;
    }
  }
  try {
    return await ask(options, tools, attached, mcp);
  } finally {
    await mcp?.stop();
  }
}

/**
 * `[tool result call_1] ran in 12 ms: Echo: hi`: how a call ended and the start of what the model
 * was told, on one line, with the images and links it returned counted.
 */
function toolResultLine(event: Extract<ToolLoopEvent, { type: 'toolResult' }>): string {
  const text = oneLine(event.result.content);
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const media = event.result.media ?? [];
  const images = media.filter((one) => one.kind === 'image').length;
  const links = media.flatMap((one) => (one.kind === 'link' ? [one.uri] : []));
  const extra = [
    images > 0 ? `${images} image${images === 1 ? '' : 's'}` : '',
    links.length > 0 ? `links: ${links.join(' ')}` : '',
  ].filter(Boolean);
  const took = event.durationMs > 0 ? ` in ${Math.round(event.durationMs)} ms` : '';
  return `[tool result ${event.callId}] ${event.outcome.replace('_', ' ')}${took}: ${shown}${extra.length ? ` (${extra.join('; ')})` : ''}`;
}

/** `[tool call call_1] get_weather {"city": "Lyon"}`: the id, the name, the arguments as sent. */
function toolCallLine(call: ToolCall): string {
  return `[tool call ${call.id}] ${call.name} ${call.arguments}`;
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`runnel: ${oneLine(redactSecrets(message, []))}\n`);
    process.exitCode = EXIT_FAILED;
  },
);
