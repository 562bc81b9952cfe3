/** Shared by the engine tests: run a stream to its end, or step through it with deadlines. */
import { fetch as undiciFetch } from 'undici';
import {
  createChatEngine,
  type EngineDeps,
  type StreamOptions,
} from '../../../../main/chat/engine';
import type { ChatRequest, StreamEvent } from '../../../../main/chat/types';

export const API_KEY = 'sk-runnel-test-0123456789abcdefghij';

/**
 * A fetch that closes the socket as soon as its request is aborted, as Electron's net.fetch and Node
 * 24's fetch do. Node 20's bundled fetch (undici 6) keeps an aborted socket until its 4 s keep-alive
 * timer, which would hide whether the engine let go of it.
 */
export const socketFreeingFetch = undiciFetch as unknown as typeof globalThis.fetch;

export const fastPolicy = {
  idleTimeoutMs: 400,
  retryBaseDelayMs: 5,
  coalesceMs: 16,
} as const;

export function chatRequest(baseURL: string, fields: Partial<ChatRequest> = {}): ChatRequest {
  return {
    endpoint: { baseURL, apiKey: API_KEY },
    model: 'fault-model',
    messages: [{ role: 'user', content: 'Tell me about rivers.' }],
    ...fields,
  };
}

export async function collect(
  request: ChatRequest,
  options: StreamOptions = {},
  deps: Partial<EngineDeps> = {},
): Promise<StreamEvent[]> {
  const engine = createChatEngine({ fetch: globalThis.fetch, ...deps });
  const events: StreamEvent[] = [];
  for await (const event of engine.stream(request, {
    ...options,
    policy: { ...fastPolicy, ...options.policy },
  })) {
    events.push(event);
  }
  return events;
}

export function terminal(events: StreamEvent[]): StreamEvent {
  const last = events.at(-1);
  if (!last) throw new Error('the stream produced no events');
  return last;
}

export function deltaText(events: StreamEvent[]): string {
  return events.map((event) => (event.type === 'delta' ? event.text : '')).join('');
}

export function types(events: StreamEvent[]): string[] {
  return events.map((event) => event.type);
}

/**
 * Steps through a stream with deadlines. A `next()` that timed out stays pending and gets the next
 * event, so it is kept and awaited again rather than asked twice.
 */
export function stepper(stream: AsyncIterable<StreamEvent>) {
  const iterator = stream[Symbol.asyncIterator]();
  let pending: Promise<StreamEvent | 'end'> | undefined;
  return async (ms: number): Promise<StreamEvent | 'end' | 'timeout'> => {
    pending ??= iterator.next().then((result) => (result.done ? ('end' as const) : result.value));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    const winner = await Promise.race([pending, timeout]);
    clearTimeout(timer);
    if (winner !== 'timeout') pending = undefined;
    return winner;
  };
}
