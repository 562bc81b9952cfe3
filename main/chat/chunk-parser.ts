/**
 * One SSE event (or one whole JSON completion) → a normalized piece of answer. Every provider quirk we
 * know of is absorbed here, so the engine sees only text, reasoning, a finish reason, usage or an error:
 *
 * - `[DONE]` ends the stream; `event: error` and `data: {"error": ...}` report a failure in a 200 stream;
 *   OpenRouter sends `finish_reason: "error"` next to its error object.
 * - Azure's first chunk has empty `choices` (prompt filter results); usage arrives in a chunk with empty
 *   `choices` after the finish chunk (OpenAI), in the finish chunk itself (DeepSeek, llama.cpp), under
 *   `x_groq.usage` (Groq), or only as llama.cpp `timings`.
 * - Reasoning is `reasoning_content` (DeepSeek, vLLM, llama.cpp, xAI), `reasoning` (Groq, OpenRouter,
 *   Ollama) or only `reasoning_details` text and summary parts (MiniMax, some OpenRouter models).
 * - Finish reasons beyond OpenAI's are mapped: `eos` (Together), `end_turn` / `stop_sequence` /
 *   `tool_use` (Anthropic-shaped), `max_tokens` / `model_length`, `safety`, upper-case Gemini names;
 *   anything else that ends the stream is `unspecified`.
 * - `delta.content` may be null, a string, or an array of parts (Mistral's `thinking` parts included);
 *   `delta.refusal` is the answer a person should read, so it is kept as text.
 * - `delta.tool_calls` (and the older `delta.function_call`) are passed on raw, as fragments: which
 *   call a fragment belongs to is only known across chunks (tool-call-assembler.ts).
 */
import type { SseMessage } from './sse-reader';
import type { FinishReason, Usage } from './types';

/** What a provider said went wrong, before it is classified into a ChatError. */
export interface ProviderFailure {
  message: string;
  /** `error.code` or `error.type`, e.g. `server_error`, `insufficient_quota`, `rate_limit_exceeded`. */
  code: string | null;
  /** An HTTP-like status some gateways put in `error.code` (OpenRouter). */
  status: number | null;
}

export interface AnswerPiece {
  text: string;
  reasoning: string;
  finishReason: FinishReason | null;
  usage: Usage | null;
  failure: ProviderFailure | null;
  /** This chunk's `delta.tool_calls` fragments, unread; null when it has none. */
  toolCalls: readonly unknown[] | null;
}

/** Flat rather than wrapped: this runs once per chunk, and one object per chunk is cheaper than two. */
export type ParsedEvent =
  { kind: 'done' } | ({ kind: 'piece' } & AnswerPiece) | { kind: 'malformed'; detail: string };

const DONE: ParsedEvent = Object.freeze({ kind: 'done' });

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

const asCount = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

const EMPTY_PIECE: AnswerPiece = {
  text: '',
  reasoning: '',
  finishReason: null,
  usage: null,
  failure: null,
  toolCalls: null,
};

export function parseSseMessage(message: SseMessage): ParsedEvent {
  const data = message.data;
  if (data === '[DONE]' || (data.length < 12 && data.trim() === '[DONE]')) return DONE;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    if (message.event === 'error') {
      return { kind: 'piece', ...EMPTY_PIECE, failure: failureFrom(data) };
    }
    return { kind: 'malformed', detail: data.slice(0, 256) };
  }
  if (!isObject(json)) return { kind: 'malformed', detail: data.slice(0, 256) };
  if (message.event === 'error') {
    return { kind: 'piece', ...EMPTY_PIECE, failure: failureFrom(json.error ?? json) };
  }
  return pieceFromChunk(json);
}

/** A streamed `chat.completion.chunk` (or a full completion some proxies stream as one event). */
export function pieceFromChunk(chunk: JsonObject): { kind: 'piece' } & AnswerPiece {
  const choice = firstChoice(chunk.choices);
  let text = '';
  let reasoning = '';
  let finishReason: FinishReason | null = null;
  let failure: ProviderFailure | null = chunk.error === undefined ? null : failureFrom(chunk.error);
  let toolCalls: readonly unknown[] | null = null;
  if (choice !== undefined) {
    const delta = isObject(choice.delta)
      ? choice.delta
      : isObject(choice.message)
        ? choice.message
        : undefined;
    if (delta !== undefined) {
      const content = delta.content;
      if (typeof content === 'string') {
        text = content;
      } else if (Array.isArray(content)) {
        const parts = contentParts(content);
        text = parts.text;
        reasoning = parts.reasoning;
      }
      if (delta.refusal !== undefined && delta.refusal !== null) text += asString(delta.refusal);
      if (
        delta.reasoning_content !== undefined ||
        delta.reasoning !== undefined ||
        delta.reasoning_details !== undefined
      ) {
        reasoning += reasoningOf(delta);
      }
      if (delta.tool_calls !== undefined || delta.function_call !== undefined) {
        toolCalls = toolCallFragments(delta);
      }
    } else if (typeof choice.text === 'string') {
      text = choice.text;
    }
    const rawReason = choice.finish_reason;
    if (typeof rawReason === 'string' && rawReason.length > 0) {
      if (rawReason === 'error') {
        failure ??= {
          message: 'The provider ended the answer with an error.',
          code: null,
          status: null,
        };
      } else {
        finishReason = normalizeFinishReason(rawReason);
      }
    }
  }
  return {
    kind: 'piece',
    text,
    reasoning,
    finishReason,
    usage: usageOf(chunk),
    failure,
    toolCalls,
  };
}

/** `tool_calls` as sent; the legacy single `function_call` as the one call at index 0. */
function toolCallFragments(delta: JsonObject): readonly unknown[] | null {
  const calls = delta.tool_calls;
  if (Array.isArray(calls)) return calls.length > 0 ? (calls as unknown[]) : null;
  return isObject(delta.function_call) ? [{ index: 0, function: delta.function_call }] : null;
}

/** A whole non-streamed completion: `choices[0].message` instead of `delta`. */
export function pieceFromCompletion(completion: unknown): AnswerPiece | null {
  if (!isObject(completion)) return null;
  if (completion.error !== undefined && completion.choices === undefined) {
    return { ...EMPTY_PIECE, failure: failureFrom(completion.error) };
  }
  const choice = firstChoice(completion.choices);
  if (choice === undefined || (!isObject(choice.message) && typeof choice.text !== 'string')) {
    return null;
  }
  const { kind: _kind, ...piece } = pieceFromChunk(completion);
  // A complete answer that names no reason still ended cleanly.
  return { ...piece, finishReason: piece.finishReason ?? (piece.failure ? null : 'unspecified') };
}

function firstChoice(choices: unknown): JsonObject | undefined {
  if (!Array.isArray(choices) || choices.length === 0) return undefined;
  const first: unknown = choices[0];
  if (choices.length === 1 || (isObject(first) && (first.index ?? 0) === 0)) {
    return isObject(first) ? first : undefined;
  }
  const found: unknown = choices.find((choice) => isObject(choice) && choice.index === 0);
  return isObject(found) ? found : undefined;
}

function reasoningOf(delta: JsonObject): string {
  const content = delta.reasoning_content;
  if (typeof content === 'string' && content.length > 0) return content;
  const reasoning = delta.reasoning;
  if (typeof reasoning === 'string' && reasoning.length > 0) return reasoning;
  return reasoningDetailsText(delta.reasoning_details);
}

/**
 * OpenRouter's and MiniMax's structured `reasoning_details`: `{type: 'reasoning.text', text}` and
 * `{type: 'reasoning.summary', summary}` read as reasoning; `reasoning.encrypted` has nothing to show.
 * Only used when the same delta has no plain `reasoning` (OpenRouter sends both, with the same words).
 */
function reasoningDetailsText(details: unknown): string {
  if (!Array.isArray(details)) return '';
  let text = '';
  for (const detail of details as unknown[]) {
    if (!isObject(detail)) continue;
    if (detail.type === 'reasoning.text') text += asString(detail.text);
    else if (detail.type === 'reasoning.summary') text += asString(detail.summary);
  }
  return text;
}

/** `content` is a string, null, or an array of parts such as `{type: 'text', text}`. */
function contentParts(content: unknown): { text: string; reasoning: string } {
  if (typeof content === 'string') return { text: content, reasoning: '' };
  if (!Array.isArray(content)) return { text: '', reasoning: '' };
  let text = '';
  let reasoning = '';
  for (const part of content as unknown[]) {
    if (typeof part === 'string') {
      text += part;
    } else if (isObject(part)) {
      if (part.type === 'thinking' || part.type === 'reasoning') {
        reasoning +=
          typeof part.thinking === 'string' ? part.thinking : contentParts(part.thinking).text;
        reasoning += asString(part.text);
      } else {
        text += asString(part.text);
      }
    }
  }
  return { text, reasoning };
}

export function normalizeFinishReason(reason: string): FinishReason {
  // Gemini-backed gateways pass the upstream's `STOP` / `MAX_TOKENS` through unchanged.
  switch (reason.toLowerCase()) {
    case 'stop':
    case 'eos':
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'length':
    case 'max_tokens':
    case 'model_length':
      return 'length';
    case 'content_filter':
    case 'safety':
    case 'refusal':
      return 'content_filter';
    case 'tool_calls':
    case 'tool_use':
      return 'tool_calls';
    case 'function_call':
      return 'function_call';
    default:
      return 'unspecified';
  }
}

function usageOf(chunk: JsonObject): Usage | null {
  // Most chunks carry `"usage": null` or nothing: skip the lookups for them.
  if (chunk.usage == null && chunk.x_groq === undefined && chunk.timings === undefined) return null;
  const groq = isObject(chunk.x_groq) ? chunk.x_groq.usage : undefined;
  return (
    normalizeUsage(chunk.usage) ?? normalizeUsage(groq) ?? usageFromLlamaCppTimings(chunk.timings)
  );
}

export function normalizeUsage(raw: unknown): Usage | null {
  if (!isObject(raw)) return null;
  const prompt = asCount(raw.prompt_tokens) ?? asCount(raw.input_tokens);
  const completion = asCount(raw.completion_tokens) ?? asCount(raw.output_tokens);
  if (prompt === undefined && completion === undefined) return null;
  const details = isObject(raw.completion_tokens_details)
    ? raw.completion_tokens_details
    : isObject(raw.output_tokens_details)
      ? raw.output_tokens_details
      : undefined;
  const reasoningTokens = details ? asCount(details.reasoning_tokens) : undefined;
  const usage: Usage = {
    promptTokens: prompt ?? 0,
    completionTokens: completion ?? 0,
    totalTokens: asCount(raw.total_tokens) ?? (prompt ?? 0) + (completion ?? 0),
  };
  if (reasoningTokens !== undefined) usage.reasoningTokens = reasoningTokens;
  return usage;
}

/** llama.cpp without include_usage reports counts only as `timings.prompt_n` / `predicted_n`. */
function usageFromLlamaCppTimings(timings: unknown): Usage | null {
  if (!isObject(timings)) return null;
  const prompt = asCount(timings.prompt_n);
  const completion = asCount(timings.predicted_n);
  if (prompt === undefined || completion === undefined) return null;
  return { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion };
}

/** `{"message", "code", "type"}`, a bare string (Ollama), or `{"detail"}` (FastAPI servers). */
export function failureFrom(raw: unknown): ProviderFailure {
  if (typeof raw === 'string') return { message: raw, code: null, status: null };
  if (!isObject(raw))
    return { message: 'The provider reported an error.', code: null, status: null };
  const nested = isObject(raw.error) ? raw.error : raw;
  const message =
    asString(nested.message) ||
    asString(nested.detail) ||
    asString(raw.error) ||
    asString(raw.message) ||
    'The provider reported an error.';
  const rawCode = nested.code;
  const status =
    typeof rawCode === 'number' && rawCode >= 100 && rawCode <= 599
      ? rawCode
      : typeof nested.status === 'number'
        ? nested.status
        : null;
  const code =
    typeof rawCode === 'string' && rawCode.length > 0 ? rawCode : asString(nested.type) || null;
  return { message, code, status };
}
