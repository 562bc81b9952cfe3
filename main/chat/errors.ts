/**
 * Every way a request can fail, as a ChatError with a code the UI can act on and a message a person
 * understands. Anything a server or the network says passes through `redactSecrets` first, because
 * servers do echo keys back ("Incorrect API key provided: sk-...").
 */
import type { ProviderFailure } from './chunk-parser';
import type { Silence } from './idle-watchdog';
import type { ChatError, ChatErrorCode } from './types';

/** Thrown by the promise-returning API (listModels); stream() reports failures as events instead. */
export class ChatEngineError extends Error {
  readonly chatError: ChatError;
  constructor(chatError: ChatError) {
    super(chatError.message);
    this.name = 'ChatEngineError';
    this.chatError = chatError;
  }
}

/** What a message may mention about the request it describes. */
export interface ErrorContext {
  baseURL: string;
  model?: string;
  /** The API key and any custom header values: never shown, whatever a server echoes. */
  secrets: readonly string[];
}

const REDACTED = '[redacted]';
/** Key-shaped tokens even when they are not ours (a gateway may echo its upstream key). */
const KEY_SHAPES = /\b(?:sk|rk|gsk|xai)-[A-Za-z0-9_-]{12,}|\bBearer\s+[A-Za-z0-9._~+/-]{8,}=*/g;

/**
 * The user name and password of any URL in the text (`https://user:pass@host` → `https://[redacted]@host`).
 * Greedy up to the last `@` before the path, so an unescaped `@` inside a password is covered too.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*(?:@[^\s/?#@"'<>]*)*@/gi;
/** Query parameters that carry keys in some gateways' URLs (`?key=…`, `&api_key=…`, `?token=…`). */
const URL_QUERY_SECRETS =
  /([?&](?:api[_-]?key|key|access[_-]?token|token|auth|password|secret|sig|signature)=)[^&#\s"'<>]+/gi;

/**
 * The one redaction every printed or logged text goes through: our own secrets (the key, header
 * values), key-shaped tokens, and credentials inside URLs.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    // Short values (a header saying `1`) are not secrets worth mangling every message for.
    if (secret.length >= 6) redacted = redacted.split(secret).join(REDACTED);
  }
  return redacted
    .replace(KEY_SHAPES, REDACTED)
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(URL_QUERY_SECRETS, `$1${REDACTED}`);
}

export function secretsOf(endpoint: {
  apiKey?: string;
  headers?: Record<string, string>;
}): string[] {
  const secrets = Object.values(endpoint.headers ?? {});
  if (endpoint.apiKey) secrets.unshift(endpoint.apiKey);
  return secrets;
}

/** The host (and port) a message names; never the user name or password a URL may carry. */
export function hostOf(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return redactSecrets(baseURL, []);
  }
}

const MAX_DETAIL = 300;

function detailSentence(detail: string, context: ErrorContext): string {
  const clean = redactSecrets(detail, context.secrets).replace(/\s+/g, ' ').trim();
  if (clean.length === 0) return '';
  const short = clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL)}…` : clean;
  return ` The server said: "${short}"`;
}

/** Words in a 429 (or 402/403) body that mean "out of money", where waiting will not help. */
const QUOTA_WORDS =
  /insufficient_quota|quota|billing|credit|exceeded your current|payment|balance/i;

export function isQuotaExhausted(status: number, detail: string): boolean {
  return status === 402 || ((status === 429 || status === 403) && QUOTA_WORDS.test(detail));
}

/** A non-2xx answer to a chat or models request. */
export function errorFromHttpStatus(
  status: number,
  detail: string,
  context: ErrorContext,
  /** The whole body, for words the detail leaves out (`"code": "insufficient_quota"`). */
  body: string = detail,
): ChatError {
  const host = hostOf(context.baseURL);
  const said = detailSentence(detail, context);
  const make = (code: ChatErrorCode, message: string): ChatError => ({ code, message, status });
  if (isQuotaExhausted(status, `${detail} ${body}`)) {
    return make(
      'quota',
      `The account at ${host} has run out of quota or credit (${status}); waiting will not help. Add credit or change the plan with the provider.${said}`,
    );
  }
  if (status === 401) {
    return make(
      'auth',
      `${host} refused the API key (401). Check the key in this provider's settings.${said}`,
    );
  }
  if (status === 403) {
    return make(
      'auth',
      `${host} refused access (403): the key may lack permission for this model or region.${said}`,
    );
  }
  if (status === 404) {
    const model = context.model ? `the model "${context.model}" or ` : '';
    return make(
      'not_found',
      `Not found at ${host} (404): check ${model}the base URL (it usually ends in /v1).${said}`,
    );
  }
  if (status === 429) {
    return make('rate_limit', `${host} is rate-limiting requests (429); try again shortly.${said}`);
  }
  if (status === 408) {
    return make('timeout', `${host} timed out waiting for the request (408).${said}`);
  }
  if (status >= 500) {
    return make(
      'server',
      `${host} had a problem answering (${status}); it may be overloaded.${said}`,
    );
  }
  return make('bad_request', `${host} rejected the request (${status}).${said}`);
}

/** Pulls the human part out of an error body: JSON `error.message`, `detail`, or the text itself. */
export function detailFromBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('<')) return 'an HTML page instead of an API answer';
  try {
    const failure = failureFromJson(JSON.parse(trimmed));
    if (failure) return failure;
  } catch {
    // Not JSON: the text is the detail.
  }
  return trimmed;
}

function failureFromJson(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const record = json as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const nested = error as Record<string, unknown>;
    const first = [nested.message, nested.code, nested.type].find(
      (part): part is string => typeof part === 'string' && part.length > 0,
    );
    if (first !== undefined) return first;
  }
  if (typeof record.detail === 'string') return record.detail;
  if (typeof record.message === 'string') return record.message;
  return null;
}

/** An error reported inside a 200 stream (`data: {"error": ...}` or `event: error`). */
export function errorFromProvider(failure: ProviderFailure, context: ErrorContext): ChatError {
  const words = `${failure.code ?? ''} ${failure.message}`;
  const status = failure.status ?? statusFromWords(words);
  const base = errorFromHttpStatus(status, words, context);
  const said = detailSentence(failure.message, context);
  const host = hostOf(context.baseURL);
  const message =
    base.code === 'server'
      ? `${host} failed in the middle of the answer.${said}`
      : base.code === 'bad_request'
        ? `${host} stopped the answer with an error.${said}`
        : base.message;
  return failure.status === null ? { code: base.code, message } : { ...base, message };
}

function statusFromWords(words: string): number {
  if (/insufficient_quota|quota|billing|credit/i.test(words)) return 429;
  if (/rate.?limit|too many requests/i.test(words)) return 429;
  if (/invalid_api_key|unauthori[sz]ed|authentication/i.test(words)) return 401;
  if (
    /content.?filter|policy|moderation|flagged|safety|invalid_request|context.?length/i.test(words)
  ) {
    return 400;
  }
  return 500;
}

/** Network failures from Node's fetch (undici `cause.code`) and Electron's net (`net::ERR_*`). */
export function errorFromNetwork(
  failure: unknown,
  context: ErrorContext,
): { error: ChatError; retryable: boolean } {
  const host = hostOf(context.baseURL);
  const text = describeCause(failure);
  const has = (pattern: RegExp): boolean => pattern.test(text);
  const said = ` (${redactSecrets(text, context.secrets).slice(0, 200)})`;
  if (has(/ENOTFOUND|NAME_NOT_RESOLVED/)) {
    return {
      error: {
        code: 'network',
        message: `Could not find the server ${host}: check the base URL.${said}`,
      },
      retryable: false,
    };
  }
  if (has(/CERT|TLS|SSL|self.signed|UNABLE_TO_VERIFY/i)) {
    return {
      error: {
        code: 'network',
        message: `The secure connection to ${host} failed: its certificate is not trusted or a proxy intercepts HTTPS.${said}`,
      },
      retryable: false,
    };
  }
  if (has(/bad port|ERR_UNSAFE_PORT/i)) {
    const port = portOf(context.baseURL);
    return {
      error: {
        code: 'network',
        message: `Port ${port} is blocked: fetch (in Node and in Chromium) refuses ports that belong to other protocols, such as 9 (discard) or 25 (mail), so that requests cannot be aimed at those services. Nothing was sent. Run the server on another port, such as 8080, and change the base URL.`,
      },
      retryable: false,
    };
  }
  if (has(/ECONNREFUSED|CONNECTION_REFUSED/)) {
    return {
      error: {
        code: 'network',
        message: `Nothing is listening at ${host}: is the server running?${said}`,
      },
      retryable: true,
    };
  }
  if (has(/ETIMEDOUT|TIMED_OUT|UND_ERR_CONNECT_TIMEOUT/)) {
    return {
      error: { code: 'timeout', message: `Connecting to ${host} timed out.${said}` },
      retryable: true,
    };
  }
  if (has(/INTERNET_DISCONNECTED|NETWORK_CHANGED|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH/)) {
    return {
      error: {
        code: 'offline',
        message: `The network is unreachable; check the connection.${said}`,
      },
      retryable: true,
    };
  }
  return {
    error: { code: 'network', message: `The connection to ${host} failed.${said}` },
    retryable: true,
  };
}

function portOf(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return url.port || (url.protocol === 'https:' ? '443' : '80');
  } catch {
    return '?';
  }
}

/** undici hides the useful part in `error.cause.code`; Electron puts `net::ERR_*` in the message. */
function describeCause(failure: unknown): string {
  const parts: string[] = [];
  let current: unknown = failure;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof Error) {
      const code = (current as Error & { code?: unknown }).code;
      parts.push(typeof code === 'string' ? `${code}: ${current.message}` : current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' ← ') || 'unknown network error';
}

/** "0.4 s", "30 s", "2 min": how a limit reads in a message. */
export function duration(ms: number): string {
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}

/** The watchdog gave up on a connection (see idle-watchdog.ts for the three limits). */
export function silenceError(silence: Silence, limitMs: number, context: ErrorContext): ChatError {
  const host = hostOf(context.baseURL);
  const time = duration(limitMs);
  if (silence === 'first-byte') {
    return { code: 'timeout', message: `${host} did not start answering within ${time}.` };
  }
  if (silence === 'stall') {
    return {
      code: 'timeout',
      message: `${host} sent nothing that adds to the answer for ${time} (only keep-alives or data that is not part of an answer), so the connection was closed.`,
    };
  }
  return {
    code: 'timeout',
    message: `${host} sent nothing for ${time}, so the connection was closed.`,
  };
}

export function deadlineError(deadlineMs: number): ChatError {
  return {
    code: 'timeout',
    message: `The answer took longer than ${duration(deadlineMs)}, the most one answer may take, so it was stopped.`,
  };
}

export function answerTooLargeError(maxChars: number): ChatError {
  return {
    code: 'bad_response',
    message: `The answer grew past ${maxChars.toLocaleString('en-US')} characters, the most Runnel keeps for one answer, so it was stopped. The text so far is kept.`,
  };
}

/** A body past its cap: said once, and never downloaded again by a retry. */
export function bodyTooLargeError(
  context: ErrorContext,
  what: string,
  maxBytes: number,
): ChatError {
  return {
    code: 'bad_response',
    message: `${hostOf(context.baseURL)} sent ${what} larger than ${megabytes(maxBytes)}, the most Runnel reads, so it stopped reading. Check the base URL.`,
  };
}

/** Bytes at full speed that never grew the answer: refused before the stall limit would end them. */
export function floodError(context: ErrorContext, maxBytes: number): ChatError {
  return {
    code: 'bad_response',
    message: `${hostOf(context.baseURL)} sent ${megabytes(maxBytes)} without any of the answer, so the stream was stopped. Check the base URL.`,
  };
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes} bytes`;
}

/** A stream of nothing but events that are not JSON: quote the first, so the cause can be seen. */
export function malformedStreamError(
  context: ErrorContext,
  firstPayload: string | null,
): ChatError {
  const quoted = firstPayload === null ? '' : detailQuote(firstPayload, context);
  return {
    code: 'bad_response',
    message: `${hostOf(context.baseURL)} sent events that are not an OpenAI-compatible chat stream, so the answer was stopped.${quoted} Check the base URL.`,
  };
}

function detailQuote(payload: string, context: ErrorContext): string {
  const clean = redactSecrets(payload, context.secrets).replace(/\s+/g, ' ').trim();
  const short = clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
  return ` The first was: "${short}".`;
}

export function proxyAnsweredError(context: ErrorContext, status: number, what: string): ChatError {
  return {
    code: 'bad_response',
    message: `${hostOf(context.baseURL)} sent ${what}, not an API answer: a proxy or gateway answered instead of the API. Check the base URL and any proxy in between.`,
    status,
  };
}

/** Errors worth retrying or resuming: the same request may well succeed a moment later. */
export function isTransient(error: ChatError): boolean {
  return (
    error.code === 'server' ||
    error.code === 'rate_limit' ||
    error.code === 'timeout' ||
    error.code === 'network'
  );
}
