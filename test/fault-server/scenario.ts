/**
 * What the fault server answers: a Scenario says the answer's content (text, reasoning, chunking) and
 * the faults to inject (status, drop, stall, mid-stream error...). Scenarios come from `server.script()`
 * or from a model name such as `fault:drop-after=300,chunk=4` (see fault-server.ts for the grammar).
 */
import type { EndlessKind } from './endless-body';
import { DEFAULT_TOOL_CALLS, type ToolCallShape, type ToolCallSpec } from './tool-call-events';

export interface Scenario {
  /** The answer. Default: DEFAULT_ANSWER (ASCII, accents, CJK and emoji, so UTF-8 splits are real). */
  text?: string;
  /** Streamed first, as `delta.reasoning_content`. */
  reasoning?: string;
  /** Characters (code points) of text per chunk. Default 12. */
  chunkChars?: number;
  /** Write the body in slices of this many bytes (1 = one byte at a time). Default: one write per event. */
  writeBytes?: number;
  /** Write the body in slices of these sizes, in turn (repeating): seeded random splits. Wins over writeBytes. */
  writeSizes?: readonly number[];
  /**
   * Pause between writes, in ms. Default 0 (writes still yield to the event loop when sliced). For
   * `GET /models`: the pause before the answer.
   */
  delayMs?: number;
  /** For `GET /models`: the model ids listed. */
  models?: readonly string[];
  /**
   * For `GET /models`: whole entries of `data`, as a provider sends them (OpenRouter's
   * `architecture`, Mistral's `capabilities`, …); listed after `models`' plain entries.
   */
  modelEntries?: readonly Record<string, unknown>[];

  /** Answer with this HTTP status and an error body (OpenAI's wording for 401/404/429/500). */
  status?: number;
  /** A 429 whose body says the quota is exhausted (`insufficient_quota`). */
  quota?: boolean;
  /** `Retry-After` header value (seconds or an HTTP date). */
  retryAfter?: string;
  /** `retry-after-ms` header value. */
  retryAfterMs?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /**
   * A verbatim body (e.g. a recorded stream), sent with `contentType`. Overrides everything else, except
   * that a continuation request gets the rest of `text` when `text` is set (see fault-server.ts).
   */
  body?: string;
  /** Content type to send; null sends none. Default by format. */
  contentType?: string | null;
  /** `sse` (default), `json` (one plain completion), `html` (a proxy's page), `text` (plain text). */
  format?: 'sse' | 'json' | 'html' | 'text';

  /** Destroy the socket after this many body bytes. */
  dropAfterBytes?: number;
  /**
   * Stop writing after this many body bytes and keep the socket open (until the client leaves). Past the
   * body's end: write all of it, then keep the socket open instead of ending the response.
   */
  stallAfterBytes?: number;
  /** After `afterChunks` content chunks, report an error inside the 200 stream and end it. */
  midStreamError?: {
    afterChunks: number;
    /** `data`: `data: {"error":…}` (OpenAI); `event`: `event: error`; `openrouter`: error + finish_reason "error". */
    style?: 'data' | 'event' | 'openrouter';
    message?: string;
    /** e.g. `server_error` (transient), `insufficient_quota`, `content_filter`. Default server_error. */
    code?: string;
  };
  /** null sends no finish chunk at all. Default 'stop'. */
  finishReason?: string | null;
  /** Send `data: [DONE]`. Default true. */
  sendDone?: boolean;
  /** Where usage goes: after the finish chunk when asked for (OpenAI), in the finish chunk, or under x_groq. */
  usageIn?: 'final-chunk' | 'finish-chunk' | 'x_groq' | 'none';
  /** `: keep-alive` comments between events. */
  keepAlive?: boolean;
  /** CRLF line endings. */
  crlf?: boolean;
  /** Azure's first chunk: empty `choices`, `prompt_filter_results`. */
  azureFirstChunk?: boolean;
  /** `delta.content` as an array of `{type: 'text', text}` parts. */
  contentAsParts?: boolean;
  /** Send the text as `delta.refusal`. */
  refusal?: boolean;
  /** Characters of the partial answer a continuation repeats before going on. Default 12. */
  continuationOverlap?: number;
  /** Reject a request that carries `stream_options` with a 400, as some gateways do. */
  rejectStreamOptions?: boolean;
  /** Answer with a redirect (`Location: location`, relative or absolute) instead of an answer. */
  redirect?: { status: 301 | 302 | 303 | 307 | 308; location: string };
  /**
   * A 200 whose body never ends (see endless-body.ts): valid text, only keep-alives, only malformed
   * events, bytes that frame no event, or a JSON document that never closes. Paced by `delayMs`.
   */
  endless?: EndlessKind;
  /** Accept the request and never answer: no status, no headers (until the client leaves). */
  silent?: boolean;
  /**
   * Tool calls after the text (and in a JSON completion, `message.tool_calls`). The finish reason
   * then defaults to `tool_calls`.
   */
  toolCalls?: readonly ToolCallSpec[];
  /** How they are streamed (tool-call-events.ts). Default `fragments`, pieces of `chunkChars`. */
  toolCallShape?: ToolCallShape;
  /** `finish_reason` on the chunk of the first call, before the others (DeepInfra). */
  toolFinishEarly?: boolean;
}

export const DEFAULT_ANSWER =
  'Rivers carry water from high ground to the sea. Along the way they cut valleys, ' +
  'feed wetlands and carry silt that builds deltas — the Nile, the Mekong (メコン川) and the ' +
  'Rhône among them. Café owners in Lyon say the Rhône is “brisk”; 🌊 fishermen agree. ' +
  'A small stream, a runnel, joins a brook; brooks join rivers; rivers reach the ocean.';

export const DEFAULT_REASONING = 'The user asks about rivers. Mention deltas, then the sea.';

/** Deterministic filler text of `count` words, for long answers. */
export function words(count: number): string {
  const vocabulary = [
    'stream',
    'river',
    'delta',
    'silt',
    'valley',
    'brook',
    'ocean',
    'current',
    'bank',
    'bend',
    'flow',
    'spring',
    'rain',
    'basin',
    'mouth',
    'ford',
    'rapids',
    'eddy',
    'weir',
    'lake',
  ];
  const out: string[] = [];
  let seed = 7;
  for (let index = 0; index < count; index += 1) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out.push(vocabulary[seed % vocabulary.length] ?? 'stream');
  }
  return `${out.join(' ')}.`;
}

/**
 * `fault:drop-after=300,chunk=4,times=2` → a Scenario plus how many requests it faults (the ones after
 * get the same content without faults, so retries and resumes can succeed).
 */
export function scenarioFromModel(model: string): { scenario: Scenario; times: number } | null {
  if (!model.startsWith('fault:')) return null;
  const scenario: Scenario = {};
  let times = 1;
  for (const part of model.slice('fault:'.length).split(',')) {
    const [key = '', raw = ''] = part.split('=');
    const value = Number(raw);
    switch (key.trim()) {
      case 'drop-after':
        scenario.dropAfterBytes = value;
        break;
      case 'stall-after':
        scenario.stallAfterBytes = value;
        break;
      case 'status':
        scenario.status = value;
        break;
      case 'retry-after':
        scenario.retryAfter = raw;
        break;
      case 'quota':
        scenario.quota = true;
        scenario.status ??= 429;
        break;
      case 'json':
        scenario.format = 'json';
        break;
      case 'html':
        scenario.format = 'html';
        break;
      case 'text':
        scenario.format = 'text';
        break;
      case 'chunk':
        scenario.chunkChars = value;
        break;
      case 'bytes':
        scenario.writeBytes = value;
        break;
      case 'delay':
        scenario.delayMs = value;
        break;
      case 'words':
        scenario.text = words(value);
        break;
      case 'reasoning':
        scenario.reasoning = DEFAULT_REASONING;
        break;
      case 'error-after':
        scenario.midStreamError = { afterChunks: value, style: 'data' };
        break;
      case 'error-event-after':
        scenario.midStreamError = { afterChunks: value, style: 'event' };
        break;
      case 'no-finish':
        scenario.finishReason = null;
        break;
      case 'no-done':
        scenario.sendDone = false;
        break;
      case 'keep-alive':
        scenario.keepAlive = true;
        break;
      case 'crlf':
        scenario.crlf = true;
        break;
      case 'azure':
        scenario.azureFirstChunk = true;
        break;
      case 'parts':
        scenario.contentAsParts = true;
        break;
      case 'refusal':
        scenario.refusal = true;
        break;
      case 'endless':
        scenario.endless = raw as EndlessKind;
        break;
      case 'silent':
        scenario.silent = true;
        break;
      case 'times':
        times = raw === 'all' ? Number.POSITIVE_INFINITY : value;
        break;
      case 'tools':
        scenario.toolCalls = DEFAULT_TOOL_CALLS;
        scenario.text ??= '';
        if (raw !== '') scenario.toolCallShape = raw as ToolCallShape;
        break;
      default:
        break;
    }
  }
  return { scenario, times };
}

/** The same answer without any fault: what a retry or a continuation gets once the faults are spent. */
export function withoutFaults(scenario: Scenario): Scenario {
  const {
    text,
    reasoning,
    chunkChars,
    writeBytes,
    writeSizes,
    delayMs,
    keepAlive,
    crlf,
    azureFirstChunk,
    contentAsParts,
    refusal,
    continuationOverlap,
    format,
    toolCalls,
    toolCallShape,
    toolFinishEarly,
  } = scenario;
  return {
    text,
    reasoning,
    chunkChars,
    writeBytes,
    writeSizes,
    delayMs,
    keepAlive,
    crlf,
    azureFirstChunk,
    contentAsParts,
    refusal,
    continuationOverlap,
    format: format === 'json' ? 'json' : 'sse',
    toolCalls,
    toolCallShape,
    toolFinishEarly,
  };
}
