/**
 * The tool loop: one answer that may take several requests. Each step streams through the engine; when
 * the model asks for tools, each call is put to the approver, approved calls run (side by side when the
 * model asked for several), their results go back as `role: "tool"` messages, and the answer goes on
 * streaming in the next step. Electron-free: the approver and the runner are parameters (in the app the
 * approval card and the MCP host; in the CLI and the tests whatever they pass).
 *
 * The events are the engine's, so a caller that knows one answer knows this one, plus `toolResult`
 * (a call ended: ran, denied, timed out, failed or could not run), `step` (the next request begins) and
 * `stepLimit`. Text and reasoning run on across steps as one answer, and the one terminal event carries
 * all of it, with the usage of every step added up.
 */
import type { ChatEngine, StreamOptions } from '../chat/engine';
import type {
  ChatRequest,
  ContentPart,
  RequestMessage,
  StreamEvent,
  TerminalEvent,
  ToolCall,
  ToolCallError,
  Usage,
} from '../chat/types';
import type { ToolMedia } from './tool-media';

export type ToolDecision = { allow: true } | { allow: false; reason: string };

export interface ToolResult {
  /** What the model is told. */
  content: string;
  isError: boolean;
  /** The result's images and links, checked (tool-media.ts): shown under the call. */
  media?: ToolMedia[];
}

export type ToolOutcome = 'ran' | 'failed' | 'denied' | 'timed_out' | 'invalid' | 'cancelled';

export type ToolLoopEvent =
  | StreamEvent
  | { type: 'step'; step: number }
  | {
      type: 'toolResult';
      callId: string;
      outcome: ToolOutcome;
      result: ToolResult;
      durationMs: number;
    }
  /** The model still asked for tools after the last step allowed: its calls were not run. */
  | { type: 'stepLimit'; steps: number }
  | ToolApprovalEvent;

/** A call waits for the person: the app shows its approval card until they answer. */
export interface ToolApprovalEvent {
  type: 'toolApproval';
  callId: string;
  /** The server's name as the person configured it, and the tool's own name and description. */
  server: string;
  tool: string;
  description: string | null;
}

export interface ToolLoopDeps {
  engine: Pick<ChatEngine, 'stream'>;
  /**
   * Puts a call to whoever decides (a policy, a remembered "always allow", the person); `ask` puts a
   * `toolApproval` event into the answer when the person is asked.
   */
  approve(
    call: ToolCall,
    signal: AbortSignal,
    ask: (event: ToolApprovalEvent) => void,
  ): Promise<ToolDecision>;
  /** Runs an approved call. A throw becomes an error result the model is told about. */
  run(call: ToolCall, signal: AbortSignal): Promise<ToolResult>;
  now?: () => number;
}

export interface ToolLoopOptions extends StreamOptions {
  /** The most requests one answer may take (default 10). */
  maxSteps?: number;
  /** How long one call may run once approved, in ms (default 60 s). */
  callTimeoutMs?: number;
  /**
   * The model reads images: the images of a step's results follow its tool messages as a user
   * message of image parts (a tool message takes only text). Otherwise the text says they were shown.
   */
  imagesToModel?: boolean;
}

export const DEFAULT_MAX_STEPS = 10;
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;
/** A result longer than this is cut before it goes to the model: a flood must not fill the context. */
export const MAX_RESULT_CHARS = 100_000;

interface Settled {
  call: ToolCall;
  outcome: ToolOutcome;
  result: ToolResult;
  durationMs: number;
}

export async function* runToolLoop(
  request: ChatRequest,
  deps: ToolLoopDeps,
  options: ToolLoopOptions = {},
): AsyncGenerator<ToolLoopEvent> {
  const now = deps.now ?? Date.now;
  const maxSteps = Math.max(1, options.maxSteps ?? DEFAULT_MAX_STEPS);
  const signal = options.signal ?? new AbortController().signal;
  const answer = createAnswer();
  let messages: RequestMessage[] = request.messages;

  for (let step = 1; ; step += 1) {
    if (step > 1) yield { type: 'step', step };
    const calls: Array<{ call: ToolCall; error: ToolCallError | null }> = [];
    let end: TerminalEvent | null = null;
    answer.beginStep();
    const stream = deps.engine.stream(
      { ...request, messages },
      // A continuation belongs to the first step only: later steps start from the tool results.
      { ...options, ...(step > 1 ? { resumeFrom: undefined } : {}) },
    );
    for await (const event of stream) {
      if (event.type === 'delta') {
        const delta = answer.add(event.text, event.reasoning);
        if (delta.text !== '' || delta.reasoning !== '') yield { type: 'delta', ...delta };
      } else if (event.type === 'usage') {
        yield { type: 'usage', usage: answer.usage(event.usage) };
      } else if (event.type === 'toolCall') {
        calls.push(event);
        yield event;
      } else if (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled') {
        end = event;
      } else {
        yield event;
      }
    }
    if (!end) return; // The engine always ends with a terminal event; a caller that broke out stops here.
    if (end.type !== 'done' || calls.length === 0) {
      // Resuming restarts from the conversation, not from tool results: only a first step resumes.
      yield answer.finish(end, step === 1);
      return;
    }
    if (step >= maxSteps) {
      yield { type: 'stepLimit', steps: maxSteps };
      yield answer.finish(end, false);
      return;
    }

    const settled: Settled[] = [];
    for await (const one of settleCalls(calls, deps, signal, options, now)) {
      if ('type' in one) {
        yield one;
        continue;
      }
      settled.push(one);
      yield {
        type: 'toolResult',
        callId: one.call.id,
        outcome: one.outcome,
        result: one.result,
        durationMs: one.durationMs,
      };
    }
    if (signal.aborted) {
      yield answer.finish({ type: 'cancelled', text: end.text, reasoning: end.reasoning }, false);
      return;
    }
    answer.keep(end);
    const byId = new Map(settled.map((one) => [one.call.id, one]));
    messages = [
      ...messages,
      {
        role: 'assistant',
        content: end.text,
        tool_calls: calls.map(({ call }) => ({
          id: call.id,
          type: 'function' as const,
          function: { name: call.name, arguments: call.arguments },
        })),
      },
      ...calls.map(({ call }) => ({
        role: 'tool' as const,
        tool_call_id: call.id,
        content: byId.get(call.id)?.result.content ?? 'The call was not run.',
      })),
      ...(options.imagesToModel ? imagesMessage(calls.map(({ call }) => byId.get(call.id))) : []),
    ];
  }
}

/**
 * The images a step's calls returned, as one user message after their tool messages, each introduced
 * by the call it came from; none when no result had an image.
 */
function imagesMessage(settled: ReadonlyArray<Settled | undefined>): RequestMessage[] {
  const parts: ContentPart[] = [];
  for (const one of settled) {
    const images = (one?.result.media ?? []).filter((media) => media.kind === 'image');
    if (!one || images.length === 0) continue;
    parts.push({
      type: 'text',
      text: `The image${images.length === 1 ? '' : 's'} the tool call ${one.call.id} (${one.call.name}) returned:`,
    });
    for (const image of images) {
      parts.push({
        type: 'image_url',
        image_url: { url: `data:${image.mimeType};base64,${image.data}` },
      });
    }
  }
  return parts.length === 0 ? [] : [{ role: 'user', content: parts }];
}

/**
 * Every call of a step, each approved (or not) and run on its own, reported as each ends. A call whose
 * arguments are not JSON is not run: the model is told why, so it can write them again.
 */
async function* settleCalls(
  calls: ReadonlyArray<{ call: ToolCall; error: ToolCallError | null }>,
  deps: ToolLoopDeps,
  signal: AbortSignal,
  options: ToolLoopOptions,
  now: () => number,
): AsyncGenerator<Settled | ToolApprovalEvent> {
  const timeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  // Approval requests arrive while calls are pending: each wakes the loop below to pass it on.
  const asked: ToolApprovalEvent[] = [];
  let wake: () => void = () => undefined;
  const ask = (event: ToolApprovalEvent): void => {
    asked.push(event);
    wake();
  };
  const pending = new Map<number, Promise<{ index: number; settled: Settled }>>();
  calls.forEach(({ call, error }, index) => {
    pending.set(
      index,
      settleCall(call, error, deps, signal, timeoutMs, now, ask).then((settled) => ({
        index,
        settled,
      })),
    );
  });
  while (pending.size > 0 || asked.length > 0) {
    const next = asked.shift();
    if (next) {
      yield next;
      continue;
    }
    const woken = new Promise<null>((resolve) => {
      wake = () => resolve(null);
    });
    const first = await Promise.race([...pending.values(), woken]);
    if (first === null) continue;
    pending.delete(first.index);
    yield first.settled;
  }
}

async function settleCall(
  call: ToolCall,
  error: ToolCallError | null,
  deps: ToolLoopDeps,
  signal: AbortSignal,
  timeoutMs: number,
  now: () => number,
  ask: (event: ToolApprovalEvent) => void,
): Promise<Settled> {
  // How long the call ran: 0 for one that never started (invalid, denied, stopped while asking).
  let runningSince: number | null = null;
  const settled = (
    outcome: ToolOutcome,
    content: string,
    isError: boolean,
    media: ToolMedia[] = [],
  ): Settled => ({
    call,
    outcome,
    result: { content: capped(content), isError, ...(media.length > 0 ? { media } : {}) },
    durationMs: runningSince === null ? 0 : now() - runningSince,
  });
  if (error) return settled('invalid', `${error.message} The call was not run.`, true);
  const stopped = (): Settled => settled('cancelled', 'The user stopped the answer.', true);
  let decision: ToolDecision;
  try {
    decision = await deps.approve(call, signal, ask);
  } catch {
    return signal.aborted ? stopped() : settled('denied', 'The call was not approved.', true);
  }
  if (signal.aborted) return stopped();
  if (!decision.allow) return settled('denied', decision.reason, true);

  runningSince = now();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timed_out'>((resolve) => {
    timer = setTimeout(() => resolve('timed_out'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([deps.run(call, controller.signal), timedOut]);
    if (outcome === 'timed_out') {
      controller.abort(new Error('timed out'));
      return settled(
        'timed_out',
        `The tool "${call.name}" did not answer within ${Math.round(timeoutMs / 1000)} s and was stopped.`,
        true,
      );
    }
    if (signal.aborted) return stopped();
    return settled(
      outcome.isError ? 'failed' : 'ran',
      outcome.content,
      outcome.isError,
      outcome.media,
    );
  } catch (failure) {
    if (signal.aborted) return stopped();
    const reason = failure instanceof Error ? failure.message : String(failure);
    return settled('failed', `The tool "${call.name}" failed: ${reason}`, true);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

function capped(content: string): string {
  if (content.length <= MAX_RESULT_CHARS) return content;
  return `${content.slice(0, MAX_RESULT_CHARS)}\n[Cut: the result was ${content.length.toLocaleString('en-US')} characters; only the first ${MAX_RESULT_CHARS.toLocaleString('en-US')} are given.]`;
}

/**
 * The answer across steps: its text and reasoning run on, with a blank line between one step's and the
 * next, and the usage of the steps added up. Each step's own text is the engine's (its terminal event's),
 * so what the deltas showed and what is kept cannot drift apart.
 */
function createAnswer() {
  let kept = { text: '', reasoning: '' };
  let keptUsage: Usage | null = null;
  let stepUsage: Usage | null = null;
  let textSeparator = '';
  let reasoningSeparator = '';

  const separatorAfter = (done: string): string =>
    done === '' || done.endsWith('\n\n') ? '' : done.endsWith('\n') ? '\n' : '\n\n';
  const withStep = (stepText: string, stepReasoning: string) => ({
    text: stepText === '' ? kept.text : `${kept.text}${separatorAfter(kept.text)}${stepText}`,
    reasoning:
      stepReasoning === ''
        ? kept.reasoning
        : `${kept.reasoning}${separatorAfter(kept.reasoning)}${stepReasoning}`,
  });
  const total = (): Usage | null =>
    keptUsage && stepUsage ? sum(keptUsage, stepUsage) : (stepUsage ?? keptUsage);

  return {
    beginStep(): void {
      textSeparator = separatorAfter(kept.text);
      reasoningSeparator = separatorAfter(kept.reasoning);
      stepUsage = null;
    },
    /** A delta as shown: the first text (and reasoning) of a later step comes after its separator. */
    add(text: string, reasoning: string): { text: string; reasoning: string } {
      const shown = {
        text: text === '' ? '' : `${textSeparator}${text}`,
        reasoning: reasoning === '' ? '' : `${reasoningSeparator}${reasoning}`,
      };
      if (text !== '') textSeparator = '';
      if (reasoning !== '') reasoningSeparator = '';
      return shown;
    },
    usage(usage: Usage): Usage {
      stepUsage = usage;
      return total() ?? usage;
    },
    /** The step ended with calls to run: keep its text and usage, and go on. */
    keep(end: TerminalEvent & { type: 'done' }): void {
      kept = withStep(end.text, end.reasoning);
      stepUsage = end.usage ?? stepUsage;
      keptUsage = total();
      stepUsage = null;
    },
    finish(end: TerminalEvent, resumable: boolean): TerminalEvent {
      const whole = withStep(end.text, end.reasoning);
      if (end.type === 'done') {
        stepUsage = end.usage ?? stepUsage;
        return { ...end, ...whole, usage: total() };
      }
      if (end.type === 'failed') return { ...end, ...whole, resumable: end.resumable && resumable };
      return { ...end, ...whole };
    },
  };
}

function sum(a: Usage, b: Usage): Usage {
  const reasoning =
    a.reasoningTokens !== undefined || b.reasoningTokens !== undefined
      ? { reasoningTokens: (a.reasoningTokens ?? 0) + (b.reasoningTokens ?? 0) }
      : {};
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    ...reasoning,
  };
}
