/**
 * The streaming engine: one chat answer as a state machine
 * `connecting → streaming → (retrying → streaming)* → done | failed | cancelled`,
 * reported as StreamEvents. Electron-free: the app passes Electron's net.fetch, tests and the CLI Node's.
 *
 * - Before the first byte, network errors, 408, 409, 429 and 5xx are retried with backoff (or the
 *   server's Retry-After), at most `maxAttempts` tries; offline time does not use up tries.
 * - Once text has arrived, an interruption (reset, silent socket, body ending early, or a transient
 *   error the provider reports mid-stream) resumes: the partial answer is sent back and the model is
 *   asked to continue; the repeat at the seam is trimmed (resume.ts).
 * - Non-transient errors the provider reports mid-stream (quota, content policy, bad request) end the
 *   stream at once: resuming would only hit the same wall.
 * - Tool calls (`request.tools`) are assembled from their streamed fragments (tool-call-assembler.ts)
 *   and reported as `toolCall` events before `done`; nothing is run here. A drop once a call has begun
 *   asks for the step again from its start: half a call's arguments are never continued.
 * - Every wait and size is bounded (stream-policy.ts): first byte, silence, useless bytes, the whole
 *   answer's deadline, the answer's length and the bodies read. Redirects are followed only within
 *   the base URL's origin (same-origin-fetch.ts).
 */
import { createEventChannel, type EventChannel } from './event-channel';
import { fetchModelIds, fetchModelList, type ListedModel } from './list-models';
import { StreamRun, type Io, type NetworkStatus, type StreamOptions } from './stream-run';
import { resolvePolicy } from './stream-policy';
import type { ChatRequest, Endpoint, StreamEvent } from './types';

export { defaultPolicy } from './stream-policy';
// Declared where a run reads them, so stream-run.ts needs nothing from this file.
export type { NetworkStatus, StreamOptions } from './stream-run';

export interface EngineDeps {
  /** Electron's net.fetch in the app, Node's in tests and the CLI. */
  fetch: typeof globalThis.fetch;
  /** Default Date.now. */
  now?: () => number;
  /** Jitter; default Math.random. */
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Default: always online. */
  network?: NetworkStatus;
  log?: (line: string) => void;
}

export interface ChatEngine {
  /** Events in order; always ends with exactly one of done | failed | cancelled; never throws. */
  stream(request: ChatRequest, options?: StreamOptions): AsyncIterable<StreamEvent>;
  /** GET {baseURL}/models → sorted model ids; throws a ChatEngineError carrying a ChatError on failure. */
  listModels(endpoint: Endpoint, signal?: AbortSignal): Promise<string[]>;
  /** As listModels, with each model's entry as the provider sent it (for the model catalog). */
  listModelEntries(endpoint: Endpoint, signal?: AbortSignal): Promise<ListedModel[]>;
}

const alwaysOnline: NetworkStatus = {
  isOnline: () => true,
  waitUntilOnline: () => Promise.resolve(),
};

export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function createChatEngine(deps: EngineDeps): ChatEngine {
  const io: Io = {
    fetch: deps.fetch,
    now: deps.now ?? Date.now,
    random: deps.random ?? Math.random,
    sleep: deps.sleep ?? sleepUnlessAborted,
    network: deps.network ?? alwaysOnline,
    log: deps.log ?? (() => undefined),
  };
  return {
    stream(request, options = {}) {
      const abandoned = new AbortController();
      const channel: EventChannel<StreamEvent> = createEventChannel<StreamEvent>({
        onStart: () =>
          void new StreamRun(
            request,
            options,
            resolvePolicy(options.policy),
            io,
            channel,
            abandoned.signal,
          ).run(),
        onAbandon: () => abandoned.abort(),
      });
      return channel.iterable;
    },
    listModels(endpoint, signal) {
      return fetchModelIds(
        endpoint,
        { fetch: io.fetch, isOnline: () => io.network.isOnline() },
        signal,
      );
    },
    listModelEntries(endpoint, signal) {
      return fetchModelList(
        endpoint,
        { fetch: io.fetch, isOnline: () => io.network.isOnline() },
        signal,
      );
    },
  };
}
