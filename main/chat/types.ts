/**
 * The engine's public vocabulary: what a caller asks for and the events a stream produces.
 * Everything here is plain data, so it crosses IPC and prints as JSON unchanged.
 */

import type { ChatParameters, ParameterName } from './parameters';

export type { ChatParameters, ParameterName, ReasoningEffort } from './parameters';

export type ChatRole = 'system' | 'user' | 'assistant';

/** How closely a vision model looks at an image (OpenAI's `detail`); see content-parts.ts. */
export type ImageDetail = 'auto' | 'low' | 'high';

/** One part of a message that carries more than text (OpenAI's content parts). */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: ImageDetail } };

export interface ChatMessage {
  role: ChatRole;
  /** Plain text, or content parts when the message carries images (content-parts.ts builds them). */
  content: string | ContentPart[];
}

/** Where to send a request. The key travels only in the Authorization header, never in events or errors. */
export interface Endpoint {
  /** For example `https://api.openai.com/v1` or `http://localhost:11434/v1`; no trailing `/chat/completions`. */
  baseURL: string;
  apiKey?: string;
  /** Extra headers a provider or gateway wants (OpenRouter's `HTTP-Referer`, an `api-key`, ...). */
  headers?: Record<string, string>;
}

/**
 * The model's calls of one step of a tool loop, sent back with the next request in OpenAI's wire shape
 * (main/tools/tool-loop.ts), followed by one `ToolResultMessage` per call.
 */
export interface ToolCallsMessage {
  role: 'assistant';
  /** The step's text before its calls; empty when there was none. */
  content: string;
  tool_calls: Array<{
    id: string;
    type: 'function';
    function: { name: string; arguments: string };
  }>;
}

/** What one call gave, answering it by id. */
export interface ToolResultMessage {
  role: 'tool';
  tool_call_id: string;
  content: string;
}

/** What a request carries: the conversation, and within a tool loop the calls and their results. */
export type RequestMessage = ChatMessage | ToolCallsMessage | ToolResultMessage;

export interface ChatRequest {
  endpoint: Endpoint;
  model: string;
  messages: RequestMessage[];
  /** System prompt, temperature, top_p, max tokens, reasoning effort, seed, stop: each sent only if set. */
  parameters?: ChatParameters;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Only 1 is valid while streaming; anything else is refused before sending. */
  n?: number;
  /** false asks for one plain JSON completion (the user turned streaming off). Default true. */
  stream?: boolean;
  /** Functions the model may call; its calls come back as `toolCall` events (nothing is run here). */
  tools?: ToolDefinition[];
  /** Sent as `tool_choice` only when set. */
  toolChoice?: ToolChoice;
}

/** An OpenAI tool definition, sent as it is. */
export interface ToolDefinition {
  type: 'function';
  function: {
    name: string;
    description?: string;
    /** A JSON Schema object. */
    parameters?: Record<string, unknown>;
    strict?: boolean;
  };
}

export type ToolChoice =
  'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

/** One complete call the model asked for; `arguments` is the JSON text exactly as the model wrote it. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Why a call cannot be run as it is. Reported on its event (and meant to go back to the model as the
 * call's result), never thrown: a model that wrote bad arguments can be told so and try again.
 */
export type ToolCallError =
  { code: 'invalid_arguments'; message: string } | { code: 'missing_name'; message: string };

/**
 * Bounds of one answer. Every wait has a limit and every size a cap, so a hostile or broken server can
 * make an answer fail but never hang or grow without end. Defaults in stream-policy.ts (`defaultPolicy`).
 */
export interface StreamPolicy {
  /** Attempts before the first byte, the first one included. Default 4. */
  maxAttempts: number;
  /**
   * A streamed request's response must start (status and headers) within this long, or the attempt
   * fails and is retried. Not applied when streaming is off: a server then says nothing until the
   * whole answer is ready, so only the answer deadline bounds it. Default 30 000.
   */
  firstByteTimeoutMs?: number;
  /** Mid-stream, no byte at all for this long counts as an interruption. Default 60 000. */
  idleTimeoutMs: number;
  /**
   * Mid-stream, bytes that do not grow the answer (keep-alive comments, events that are not JSON,
   * bytes that frame no event) keep it open at most this long since the answer last grew. Default
   * twice `idleTimeoutMs`.
   */
  stallTimeoutMs?: number;
  /** The whole answer, from the first request through every retry and resume. Default 600 000. */
  answerDeadlineMs?: number;
  /** How many times one answer may be resumed after mid-stream interruptions. Default 2. */
  maxResumes: number;
  /** Deltas are merged into at most one event per this many milliseconds. Default 17. */
  coalesceMs: number;
  /** First retry wait before jitter; it doubles on each further attempt, up to 8 s. Default 500. */
  retryBaseDelayMs?: number;
  /** The longest Retry-After we wait for; a server asking for longer ends the stream. Default 60 000. */
  maxRetryAfterMs?: number;
  /**
   * The longest answer kept, text, reasoning and tool-call arguments together, in UTF-16 code units.
   * Default 8 Mi.
   */
  maxAnswerChars?: number;
  /** The largest non-streamed JSON completion read, in bytes. Default 32 MiB. */
  maxJsonBodyBytes?: number;
  /** The most tool calls one answer may ask for. Default 128. */
  maxToolCalls?: number;
  /** The longest arguments of one tool call, in UTF-16 code units. Default 1 Mi. */
  maxToolArgumentChars?: number;
}

export type FinishReason =
  | 'stop'
  | 'length'
  | 'content_filter'
  | 'tool_calls'
  | 'function_call'
  /** The server ended the stream cleanly (`[DONE]`) without ever naming a reason. */
  | 'unspecified';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  reasoningTokens?: number;
}

export type ChatErrorCode =
  | 'auth'
  | 'not_found'
  | 'rate_limit'
  | 'quota'
  | 'server'
  | 'network'
  | 'offline'
  | 'timeout'
  | 'bad_request'
  | 'bad_response'
  | 'cancelled';

export interface ChatError {
  code: ChatErrorCode;
  /** One or two sentences a person understands; never contains the API key. */
  message: string;
  /** HTTP status when the server answered with one. */
  status?: number;
}

/** Text accumulated so far for one answer (after resume merges). */
export interface AnswerSoFar {
  text: string;
  reasoning: string;
}

/** A parameter this answer was asked without, because the provider refused it for this model. */
export interface DroppedParameter {
  parameter: ParameterName;
  /** The provider's words when it refused (now, or earlier in this process). */
  reason: string;
}

/** The answer went without the tools it was given: the model (or the server as set up) takes none. */
export interface ToolsOff {
  /** The provider's words when it refused (now, or earlier in this process). */
  reason: string;
}

export type StreamEvent =
  /** `dropped` is there only when a set parameter was not sent; `toolsOff` only when tools were not. */
  | { type: 'started'; attempt: number; dropped?: DroppedParameter[]; toolsOff?: ToolsOff }
  | { type: 'delta'; text: string; reasoning: string }
  | { type: 'retrying'; attempt: number; of: number; delayMs: number; reason: string }
  | { type: 'resumed'; resumes: number }
  | { type: 'usage'; usage: Usage }
  /** One complete call, sent after the text and before `done`, in the order the model gave them. */
  | { type: 'toolCall'; call: ToolCall; error: ToolCallError | null }
  | ({ type: 'done'; finishReason: FinishReason; usage: Usage | null } & AnswerSoFar)
  | ({ type: 'failed'; error: ChatError; resumable: boolean } & AnswerSoFar)
  | ({ type: 'cancelled' } & AnswerSoFar);

export type StreamEventType = StreamEvent['type'];

/** The last event of every stream: each carries the whole merged answer. */
export type TerminalEvent = Extract<StreamEvent, { type: 'done' | 'failed' | 'cancelled' }>;

/** Is the stream over? The one answer to that question in main (the renderer's is `isTerminalView`). */
export const isTerminal = (event: { type: string }): event is TerminalEvent =>
  event.type === 'done' || event.type === 'failed' || event.type === 'cancelled';
