/** The bodies the fault server answers with: OpenAI-shaped errors, SSE streams and JSON completions. */
import { DEFAULT_ANSWER, type Scenario } from './scenario';
import { toolCallDeltas } from './tool-call-events';

export function errorBody(status: number, key: string, model: string, quota: boolean): object {
  if (status === 401) {
    return {
      message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    };
  }
  if (status === 404) {
    return {
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    };
  }
  if (status === 429 && quota) {
    return {
      message:
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      type: 'insufficient_quota',
      param: null,
      code: 'insufficient_quota',
    };
  }
  if (status === 429) {
    return {
      message: `Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    };
  }
  if (status >= 500) {
    return {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: null,
    };
  }
  return { message: 'Invalid request.', type: 'invalid_request_error', param: null, code: null };
}

/** The scenario's text, or for a continuation the rest of it, repeating a little as models do. */
export function answerText(scenario: Scenario, continuation: string | null): string {
  const full = scenario.text ?? DEFAULT_ANSWER;
  if (continuation === null) return full;
  if (!full.startsWith(continuation)) return full;
  const overlap = Math.min(scenario.continuationOverlap ?? 12, continuation.length);
  return full.slice(continuation.length - overlap);
}

export interface AnswerInput {
  text: string;
  reasoning: string;
  model: string;
  includeUsage: boolean;
  streaming: boolean;
  promptChars: number;
}

export function answerBody(
  scenario: Scenario,
  input: AnswerInput,
): { contentType: string | null; chunks: Buffer[] } {
  const typeOr = (fallback: string): string | null =>
    scenario.contentType === undefined ? fallback : scenario.contentType;
  if (scenario.body !== undefined) {
    return { contentType: typeOr('text/event-stream'), chunks: [Buffer.from(scenario.body)] };
  }
  const format = scenario.format ?? (input.streaming ? 'sse' : 'json');
  if (format === 'html') {
    return {
      contentType: typeOr('text/html; charset=utf-8'),
      chunks: [
        Buffer.from(
          '<!DOCTYPE html><html><head><title>Sign in to continue</title></head><body><h1>Network login required</h1></body></html>',
        ),
      ],
    };
  }
  if (format === 'text') {
    return {
      contentType: typeOr('text/plain'),
      chunks: [Buffer.from('upstream connect error or disconnect/reset before headers')],
    };
  }
  const usage = usageFor(input);
  if (format === 'json') {
    const message: Record<string, unknown> = { role: 'assistant', content: input.text };
    if (input.reasoning) message.reasoning_content = input.reasoning;
    if (scenario.toolCalls)
      message.tool_calls = toolCallDeltas(scenario.toolCalls, 'one-delta', 1)[0];
    return {
      contentType: typeOr('application/json'),
      chunks: [
        Buffer.from(
          JSON.stringify({
            id: 'chatcmpl-fault',
            object: 'chat.completion',
            created: 1700000000,
            model: input.model,
            choices: [{ index: 0, message, finish_reason: finishReasonOf(scenario) }],
            usage,
          }),
        ),
      ],
    };
  }
  const events = sseEvents(scenario, input, usage);
  const newline = scenario.crlf ? '\r\n' : '\n';
  const separator = scenario.keepAlive ? `: keep-alive${newline}${newline}` : '';
  const framed = events.map((event) => `${event.replaceAll('\n', newline)}${newline}${newline}`);
  return {
    contentType: typeOr('text/event-stream'),
    chunks: framed.map((event) => Buffer.from(separator + event)),
  };
}

function usageFor(input: AnswerInput): Record<string, number> {
  const prompt = Math.ceil(input.promptChars / 4);
  const completion = Math.ceil((input.text.length + input.reasoning.length) / 4);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}

/** The SSE events (without their blank-line terminators) of one streamed answer. */
function sseEvents(
  scenario: Scenario,
  input: AnswerInput,
  usage: Record<string, number>,
): string[] {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-fault',
      object: 'chat.completion.chunk',
      created: 1700000000,
      model: input.model,
      choices,
      ...extra,
    })}`;
  const deltaChunk = (delta: Record<string, unknown>): string =>
    chunk([{ index: 0, delta, finish_reason: null }]);
  const events: string[] = [];
  if (scenario.azureFirstChunk) {
    events.push(
      `data: ${JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] })}`,
    );
  }
  events.push(deltaChunk({ role: 'assistant', content: '' }));
  const size = Math.max(1, scenario.chunkChars ?? 12);
  for (const piece of pieces(input.reasoning, size))
    events.push(deltaChunk({ reasoning_content: piece }));
  const error = scenario.midStreamError;
  let sent = 0;
  for (const piece of pieces(input.text, size)) {
    if (error && sent === error.afterChunks) {
      events.push(midStreamError(error, chunk));
      return events;
    }
    const delta = scenario.refusal
      ? { refusal: piece }
      : scenario.contentAsParts
        ? { content: [{ type: 'text', text: piece }] }
        : { content: piece };
    events.push(deltaChunk(delta));
    sent += 1;
  }
  if (error) {
    events.push(midStreamError(error, chunk));
    return events;
  }
  let finishSent = false;
  if (scenario.toolCalls) {
    const deltas = toolCallDeltas(scenario.toolCalls, scenario.toolCallShape ?? 'fragments', size);
    deltas.forEach((toolCalls, at) => {
      const early = scenario.toolFinishEarly === true && at === 0;
      events.push(
        chunk([
          {
            index: 0,
            delta: { role: 'assistant', content: null, tool_calls: toolCalls },
            finish_reason: early ? finishReasonOf(scenario) : null,
          },
        ]),
      );
      finishSent ||= early;
    });
  }
  const usageIn = scenario.usageIn ?? 'final-chunk';
  if (scenario.finishReason !== null && !finishSent) {
    const extra: Record<string, unknown> = {};
    if (usageIn === 'finish-chunk') extra.usage = usage;
    if (usageIn === 'x_groq') extra.x_groq = { id: 'req_fault', usage };
    events.push(chunk([{ index: 0, delta: {}, finish_reason: finishReasonOf(scenario) }], extra));
  }
  if (usageIn === 'final-chunk' && input.includeUsage) events.push(chunk([], { usage }));
  if (scenario.sendDone !== false) events.push('data: [DONE]');
  return events;
}

function finishReasonOf(scenario: Scenario): string {
  return scenario.finishReason ?? (scenario.toolCalls ? 'tool_calls' : 'stop');
}

function midStreamError(
  error: NonNullable<Scenario['midStreamError']>,
  chunk: (choices: unknown[], extra?: Record<string, unknown>) => string,
): string {
  const body = {
    message:
      error.message ?? 'The server had an error while processing your request. Sorry about that!',
    type: error.code ?? 'server_error',
    code: error.code ?? 'server_error',
  };
  if (error.style === 'event') return `event: error\ndata: ${JSON.stringify({ error: body })}`;
  if (error.style === 'openrouter') {
    return chunk([{ index: 0, delta: { content: '' }, finish_reason: 'error' }], {
      error: { code: body.code, message: body.message },
    });
  }
  return `data: ${JSON.stringify({ error: body })}`;
}

/** Splits text into pieces of `size` code points, so no piece ends inside a surrogate pair. */
function pieces(text: string, size: number): string[] {
  const characters = Array.from(text);
  const out: string[] = [];
  for (let index = 0; index < characters.length; index += size) {
    out.push(characters.slice(index, index + size).join(''));
  }
  return out;
}
