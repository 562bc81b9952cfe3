/**
 * One response body's SSE bytes → pieces of answer, plus what the body has said so far about how it
 * ends. This is the hot path of a stream (once per read, once per chunk), kept free of I/O so the
 * benchmark can drive it exactly as the engine does.
 */
import { parseSseMessage, pieceFromCompletion, type ProviderFailure } from './chunk-parser';
import { createSseDecoder } from './sse-reader';
import type { FinishReason, Usage } from './types';

export interface BodyProgress {
  finishReason: FinishReason | null;
  sawDone: boolean;
  failure: ProviderFailure | null;
  /** Some providers repeat running totals on every chunk: the last one of a body counts. */
  usage: Usage | null;
  events: number;
  malformed: number;
  /** The first event that was not JSON, as received (cut to 200 characters), for the error. */
  firstMalformed: string | null;
  /**
   * How many events changed the answer: text, reasoning, tool-call fragments, a finish reason, new
   * usage, an error or `[DONE]`. The watchdog counts only these as progress; keep-alives and junk are not.
   */
  grew: number;
  /** A single line grew past the SSE decoder's limit: not a chat stream. */
  overflow: boolean;
}

export function emptyProgress(): BodyProgress {
  return {
    finishReason: null,
    sawDone: false,
    failure: null,
    usage: null,
    events: 0,
    malformed: 0,
    firstMalformed: null,
    grew: 0,
    overflow: false,
  };
}

export interface ChunkStream {
  readonly progress: BodyProgress;
  push(bytes: Uint8Array): void;
  /** The body ended cleanly. */
  end(): void;
  /** `[DONE]`, a reported error or an oversized line: nothing after it matters. */
  readonly settled: boolean;
}

/** The most of a body that frames no event we keep, in case it is one JSON answer (see below). */
const MAX_UNFRAMED_BYTES = 16 * 1024 * 1024;

/**
 * A whole JSON completion (or a bare `{"error": …}`) read into `progress`, the same way a stream that
 * said the same things would have left it.
 */
export function takeCompletion(
  body: string,
  progress: BodyProgress,
  onText: (text: string, reasoning: string) => void,
  onToolCalls: (fragments: readonly unknown[], finishing: boolean) => void = () => undefined,
): void {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const piece = pieceFromCompletion(json);
  progress.events += 1;
  if (!piece) {
    progress.malformed += 1;
    progress.firstMalformed ??= body.slice(0, 200);
    return;
  }
  progress.grew += 1;
  if (piece.text !== '' || piece.reasoning !== '') onText(piece.text, piece.reasoning);
  if (piece.toolCalls !== null) onToolCalls(piece.toolCalls, true);
  progress.usage = piece.usage;
  progress.finishReason = piece.finishReason;
  progress.failure = piece.failure;
  progress.sawDone = piece.failure === null;
}

export function createChunkStream(
  onText: (text: string, reasoning: string) => void,
  onMalformed: (detail: string) => void = () => undefined,
  /** A chunk's `delta.tool_calls` fragments, after its text; `finishing` if it names the finish too. */
  onToolCalls: (fragments: readonly unknown[], finishing: boolean) => void = () => undefined,
): ChunkStream {
  const progress = emptyProgress();
  // Gateways label error bodies (and proxies whole completions) text/event-stream too: until the
  // body frames its first event, keep its bytes, so that at its end a lone JSON object is still read.
  let unframed: Buffer[] | null = [];
  let unframedBytes = 0;
  const keepUnframed = (bytes: Uint8Array): void => {
    unframedBytes += bytes.byteLength;
    if (progress.events > 0 || unframedBytes > MAX_UNFRAMED_BYTES) unframed = null;
    else unframed?.push(Buffer.from(bytes));
  };
  const readUnframed = (): void => {
    const body = unframed && progress.events === 0 ? Buffer.concat(unframed).toString('utf8') : '';
    unframed = null;
    if (body.trimStart().startsWith('{')) takeCompletion(body, progress, onText, onToolCalls);
  };
  const settled = (): boolean => progress.sawDone || progress.failure !== null || progress.overflow;
  const decoder = createSseDecoder(
    (message) => {
      if (progress.sawDone || progress.failure !== null) return;
      progress.events += 1;
      const parsed = parseSseMessage(message);
      if (parsed.kind === 'done') {
        progress.sawDone = true;
        progress.grew += 1;
      } else if (parsed.kind === 'malformed') {
        progress.malformed += 1;
        progress.firstMalformed ??= parsed.detail;
        onMalformed(parsed.detail);
      } else {
        let grew = false;
        if (parsed.text !== '' || parsed.reasoning !== '') {
          onText(parsed.text, parsed.reasoning);
          grew = true;
        }
        if (parsed.toolCalls !== null) {
          onToolCalls(parsed.toolCalls, parsed.finishReason !== null);
          grew = true;
        }
        if (parsed.usage) {
          // Running totals repeated on every chunk say nothing new; only a change is progress.
          if (!sameUsage(parsed.usage, progress.usage)) grew = true;
          progress.usage = parsed.usage;
        }
        if (parsed.finishReason && parsed.finishReason !== progress.finishReason) {
          progress.finishReason = parsed.finishReason;
          grew = true;
        }
        if (parsed.failure) {
          progress.failure = parsed.failure;
          grew = true;
        }
        if (grew) progress.grew += 1;
      }
    },
    () => {
      progress.overflow = true;
    },
  );
  return {
    progress,
    push: (bytes) => {
      if (unframed !== null) keepUnframed(bytes);
      decoder.push(bytes);
    },
    end: () => {
      decoder.end();
      if (unframed !== null) readUnframed();
    },
    get settled() {
      return settled();
    },
  };
}

function sameUsage(a: Usage, b: Usage | null): boolean {
  return (
    b !== null &&
    a.promptTokens === b.promptTokens &&
    a.completionTokens === b.completionTokens &&
    a.totalTokens === b.totalTokens &&
    a.reasoningTokens === b.reasoningTokens
  );
}
