/**
 * One response body's SSE bytes → pieces of answer, plus what the body has said so far about how it
 * ends. This is the hot path of a stream (once per read, once per chunk), kept free of I/O so the
 * benchmark can drive it exactly as the engine does.
 */
import { parseSseMessage, type ProviderFailure } from './chunk-parser';
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

export function createChunkStream(
  onText: (text: string, reasoning: string) => void,
  onMalformed: (detail: string) => void = () => undefined,
): ChunkStream {
  const progress = emptyProgress();
  const settled = (): boolean => progress.sawDone || progress.failure !== null || progress.overflow;
  const decoder = createSseDecoder(
    (message) => {
      if (progress.sawDone || progress.failure !== null) return;
      progress.events += 1;
      const parsed = parseSseMessage(message);
      if (parsed.kind === 'done') {
        progress.sawDone = true;
      } else if (parsed.kind === 'malformed') {
        progress.malformed += 1;
        onMalformed(parsed.detail);
      } else {
        if (parsed.text !== '' || parsed.reasoning !== '') onText(parsed.text, parsed.reasoning);
        if (parsed.usage) progress.usage = parsed.usage;
        if (parsed.finishReason) progress.finishReason = parsed.finishReason;
        if (parsed.failure) progress.failure = parsed.failure;
      }
    },
    () => {
      progress.overflow = true;
    },
  );
  return {
    progress,
    push: (bytes) => decoder.push(bytes),
    end: () => decoder.end(),
    get settled() {
      return settled();
    },
  };
}
