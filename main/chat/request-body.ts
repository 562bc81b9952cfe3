/** The HTTP request for a chat completion: URL, headers and JSON body, and what we refuse to send. */
import { baseUrlProblem } from './base-url';
import { parameterFields, parametersProblem, type ParameterName } from './parameters';
import type { ChatError, ChatRequest, Endpoint, RequestMessage } from './types';

export function chatCompletionsUrl(baseURL: string): string {
  return `${apiRoot(baseURL)}/chat/completions`;
}

export function modelsUrl(baseURL: string): string {
  return `${apiRoot(baseURL)}/models`;
}

/** People paste `…/v1/`, `…/v1/chat/completions` or `…/v1/models`; all mean the same API root. */
function apiRoot(baseURL: string): string {
  return baseURL
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/(chat\/completions|models)$/, '');
}

export function requestHeaders(endpoint: Endpoint, accept: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept,
  };
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  for (const [name, value] of Object.entries(endpoint.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** Problems we can see before sending anything; the server would only answer them less clearly. */
export function requestProblem(request: ChatRequest): ChatError | null {
  const streaming = request.stream !== false;
  if (streaming && request.n !== undefined && request.n !== 1) {
    return {
      code: 'bad_request',
      message: `Streaming gives one answer at a time, so n must be 1 (it was ${request.n}). Turn streaming off to ask for several answers.`,
    };
  }
  if (request.messages.length === 0) {
    return { code: 'bad_request', message: 'There is no message to send.' };
  }
  if (request.model.trim() === '') {
    return { code: 'bad_request', message: 'No model is chosen for this provider.' };
  }
  const parameters = parametersProblem(request.parameters ?? {});
  if (parameters) return { code: 'bad_request', message: parameters };
  return baseUrlProblem(request.endpoint.baseURL);
}

export interface BodyOptions {
  /** Ask for `stream_options.include_usage`; off for gateways known to reject the field. */
  includeUsage: boolean;
  /** Replaces the request's messages (a continuation adds the partial answer). */
  messages?: RequestMessage[];
  /** Parameters the provider refused for this model: not sent. */
  omit?: ReadonlySet<ParameterName>;
  /** The wire name of max tokens: `max_tokens`, or `max_completion_tokens` where that was asked for. */
  maxTokensAs?: string;
  /** Leave out `tools` and `tool_choice`: the model refused them. */
  omitTools?: boolean;
}

export function buildRequestBody(request: ChatRequest, options: BodyOptions): string {
  const streaming = request.stream !== false;
  const parameters = request.parameters ?? {};
  const messages = options.messages ?? request.messages;
  const body: Record<string, unknown> = {
    model: request.model,
    messages: parameters.systemPrompt
      ? [{ role: 'system', content: parameters.systemPrompt }, ...messages]
      : messages,
    stream: streaming,
  };
  if (streaming && options.includeUsage) body.stream_options = { include_usage: true };
  const optional: Array<[string, unknown]> = [
    ...parameterFields(parameters, {
      omit: options.omit ?? new Set(),
      maxTokensAs: options.maxTokensAs ?? 'max_tokens',
    }).map(({ wire, value }): [string, unknown] => [wire, value]),
    ['presence_penalty', request.presencePenalty],
    ['frequency_penalty', request.frequencyPenalty],
    ['n', request.n],
    // Servers refuse `tool_choice` without tools, and some refuse an empty `tools` list.
    ...(options.omitTools ? [] : toolFields(request)),
  ];
  for (const [name, value] of optional) if (value !== undefined) body[name] = value;
  return JSON.stringify(body);
}

function toolFields(request: ChatRequest): Array<[string, unknown]> {
  if (!request.tools || request.tools.length === 0) return [];
  return [
    ['tools', request.tools],
    ['tool_choice', request.toolChoice],
  ];
}

/** A 400 that names the field: the gateway does not know `stream_options`, so drop it and retry. */
export function rejectsStreamOptions(status: number, body: string): boolean {
  return status === 400 && /stream_options|include_usage/i.test(body);
}
