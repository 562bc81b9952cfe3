/**
 * A fault-injecting OpenAI-compatible server: a real HTTP server on 127.0.0.1 (random port) that
 * answers `POST /v1/chat/completions` and `GET /v1/models` the way real providers do, and breaks the way
 * real networks, proxies and providers break. Engine tests use it; the app's e2e tests use it too.
 *
 *   const server = await startFaultServer({ defaultScenario: { text: 'Hello' } });
 *   server.baseURL;                      // 'http://127.0.0.1:PORT/v1'
 *   server.script({ status: 429, retryAfter: '1' }, { text: 'Hello' });  // next two requests, in order
 *   server.setModels({ models: ['a', 'b'], delayMs: 800 });  // what GET /models answers, slowly
 *   server.requests;                     // every request: path, headers, parsed body, continuation?
 *   server.openSockets();                // sockets open right now (responses send Connection: close)
 *   await server.close();
 *
 * Which scenario answers a chat request, first match wins:
 *   1. the next scripted one (`server.script(...)`, a FIFO queue);
 *   2. a model name `fault:<option>,<option>=<value>,…`, e.g. `fault:drop-after=300`,
 *      `fault:status=429,retry-after=1`, `fault:stall-after=200`, `fault:html`, `fault:json`,
 *      `fault:error-after=3`, `fault:bytes=1` (one byte per write), `fault:words=2000,delay=5`.
 *      Faults apply to the first `times=N` requests for that model (default 1, `times=all` for every
 *      one) and never to continuation requests, so retries and resumes then succeed. Options:
 *      drop-after stall-after status retry-after quota json html text chunk bytes delay words reasoning
 *      error-after error-event-after no-finish no-done keep-alive crlf azure parts refusal times
 *      endless (`endless=text|keep-alive|malformed|unframed|json`: a body that never ends) silent;
 *   3. `options.defaultScenario`, else DEFAULT_ANSWER streamed cleanly.
 *
 * Continuations (the engine's resume request: the partial answer as the last assistant message plus
 * CONTINUE_INSTRUCTION) are recognised: the answer is the rest of the scenario's text, starting
 * `continuationOverlap` characters (default 12) before the end of the partial text, as models do.
 * A scenario with a verbatim `body` (a recording) and its `text` answers a continuation the same way,
 * as an ordinary stream (its `finishReason`, `usageIn` and `midStreamError` apply), so a replayed
 * recording can be resumed.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setImmediate as nextTurn, setTimeout as wait } from 'node:timers/promises';
import { continuationOf } from '../../main/chat/resume';
import { answerBody, answerText, errorBody } from './answer-body';
import { endlessContentType, writeEndless, type EndlessKind } from './endless-body';
import { scenarioFromModel, withoutFaults, type Scenario } from './scenario';

export { DEFAULT_ANSWER, DEFAULT_REASONING, words, type Scenario } from './scenario';

export interface FaultServerOptions {
  /** What requests get when nothing is scripted and the model name names no fault. */
  defaultScenario?: Scenario;
  /** Ids for `GET /v1/models`. */
  models?: string[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get OpenAI's 401, echoing the key sent. */
  apiKey?: string;
  /** Every chat request carrying `stream_options` gets a 400, as from a strict gateway. */
  rejectStreamOptions?: boolean;
  /**
   * Chat requests carrying one of these fields (for `model`, when given) get `status` (default 400) and
   * `body` verbatim as JSON, as a provider refusing a parameter does. The first field that matches wins.
   */
  refuseFields?: ReadonlyArray<{ field: string; body: string; status?: number; model?: string }>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or null. */
  body: ChatBody | null;
  /** The partial answer when this was a continuation request, else null. */
  continuation: string | null;
  scenario: Scenario;
  receivedAt: number;
}

export interface ChatBody {
  model?: string;
  messages?: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [field: string]: unknown;
}

export interface FaultServer {
  /** `http://127.0.0.1:PORT/v1`: pass as the engine's base URL. */
  readonly baseURL: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Queue scenarios for the next chat requests, in order. */
  script(...scenarios: Scenario[]): void;
  /**
   * Queue scenarios for the next `GET /models` requests: `models` (the ids listed), `status`,
   * `delayMs` (a slow answer), `redirect` and `endless` apply.
   */
  scriptModels(...scenarios: Scenario[]): void;
  /** What unscripted `GET /models` requests get, as `scriptModels` reads it, until changed. */
  setModels(scenario: Scenario): void;
  /** Change what unscripted requests get. */
  setDefault(scenario: Scenario): void;
  /** From now on, refuse chat requests carrying these fields, as `options.refuseFields` does. */
  setRefuseFields(fields: NonNullable<FaultServerOptions['refuseFields']>): void;
  /** Forget scripted scenarios, the models answer, recorded requests and `times` counters. */
  reset(): void;
  /** Sockets currently open (a client that frees its socket makes this drop). */
  openSockets(): number;
  /** Resolves true once no socket is open, false after `timeoutMs`. */
  whenSocketsClosed(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const requests: RecordedRequest[] = [];
  const queue: Scenario[] = [];
  const modelsQueue: Scenario[] = [];
  let modelsDefault: Scenario = {};
  const modelFaultsUsed = new Map<string, number>();
  let defaultScenario: Scenario = options.defaultScenario ?? {};
  let refuseFields = options.refuseFields ?? [];

  const chooseScenario = (body: ChatBody | null, continuation: string | null): Scenario => {
    const scripted = queue.shift();
    if (scripted) return scripted;
    const fromModel = scenarioFromModel(body?.model ?? '');
    if (fromModel) {
      const key = body?.model ?? '';
      const used = modelFaultsUsed.get(key) ?? 0;
      if (continuation === null && used < fromModel.times) {
        modelFaultsUsed.set(key, used + 1);
        return { ...defaultScenario, ...fromModel.scenario };
      }
      return withoutFaults({ ...defaultScenario, ...fromModel.scenario });
    }
    return defaultScenario;
  };

  const server = http.createServer((request, response) => {
    // Every answer closes its connection, so openSockets() tells whether the client let go.
    response.shouldKeepAlive = false;
    void handle(request, response).catch(() => response.destroy());
  });

  async function handle(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    const raw = await readBody(request);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const body = parseJson(raw);
    const unauthorized =
      options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`;

    if (request.method === 'GET' && /\/models\/?$/.test(path)) {
      const scripted = modelsQueue.shift() ?? modelsDefault;
      requests.push(record(request, path, body, null, scripted));
      if (unauthorized) return sendError(response, 401, sentKey(request), '', {});
      if (scripted.endless) return sendEndless(response, scripted.endless, scripted);
      // A slow server: the whole answer (list, error or redirect) comes after the delay.
      if (scripted.delayMs) await wait(scripted.delayMs);
      if (response.destroyed) return;
      if (scripted.redirect) return sendRedirect(response, scripted.redirect);
      if (scripted.status !== undefined && scripted.status >= 400) {
        return sendError(response, scripted.status, sentKey(request), '', scripted);
      }
      const ids = scripted.models ?? options.models ?? ['fault-model', 'gpt-4o-mini', 'llama3.2'];
      return sendJson(response, 200, {
        object: 'list',
        data: [
          ...ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fault-server' })),
          ...(scripted.modelEntries ?? []),
        ],
      });
    }
    if (request.method !== 'POST' || !/\/chat\/completions\/?$/.test(path)) {
      requests.push(record(request, path, body, null, {}));
      return sendJson(response, 404, {
        error: {
          message: `Unknown path ${path}`,
          type: 'invalid_request_error',
          code: 'not_found',
        },
      });
    }
    const messages = body?.messages ?? [];
    const continuation = continuationOf(messages);
    const scenario = chooseScenario(body, continuation);
    requests.push(record(request, path, body, continuation, scenario));
    if (unauthorized)
      return sendError(response, 401, sentKey(request), body?.model ?? '', scenario);
    if ((options.rejectStreamOptions || scenario.rejectStreamOptions) && body?.stream_options) {
      return sendJson(response, 400, {
        error: {
          message: 'Unrecognized request argument supplied: stream_options',
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      });
    }
    const refusal = refuseFields.find(
      (refused) =>
        body !== null &&
        Object.hasOwn(body, refused.field) &&
        (refused.model === undefined || refused.model === body.model),
    );
    if (refusal) {
      response.writeHead(refusal.status ?? 400, { 'content-type': 'application/json' });
      response.end(refusal.body);
      return;
    }
    if (scenario.silent) return;
    if (scenario.redirect) return sendRedirect(response, scenario.redirect);
    if (scenario.endless) return sendEndless(response, scenario.endless, scenario);
    if (scenario.status !== undefined && scenario.status >= 400) {
      return sendError(response, scenario.status, sentKey(request), body?.model ?? '', scenario);
    }
    const text = answerText(scenario, continuation);
    // A continuation does not think again; its reasoning was already streamed.
    const reasoning = continuation === null ? (scenario.reasoning ?? '') : '';
    const { contentType, chunks } = answerBody(continuationOfRecording(scenario, continuation), {
      text,
      reasoning,
      model: body?.model ?? 'fault-model',
      includeUsage: body?.stream_options?.include_usage === true,
      streaming: body?.stream !== false,
      promptChars: JSON.stringify(messages).length,
    });
    const headers: Record<string, string> = { 'cache-control': 'no-cache', ...scenario.headers };
    if (contentType !== null) headers['content-type'] = contentType;
    response.writeHead(scenario.status ?? 200, headers);
    response.flushHeaders();
    await writePaced(response, chunks, scenario);
  }

  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Node keeps a server socket half-open after the client's FIN while a response is unfinished (a
    // stall); a client that hung up is gone, so let the socket go and openSockets() tell the truth.
    socket.on('end', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    script: (...scenarios) => void queue.push(...scenarios),
    scriptModels: (...scenarios) => void modelsQueue.push(...scenarios),
    setModels: (scenario) => {
      modelsDefault = scenario;
    },
    setDefault: (scenario) => {
      defaultScenario = scenario;
    },
    setRefuseFields: (fields) => {
      refuseFields = fields;
    },
    reset: () => {
      queue.length = 0;
      modelsQueue.length = 0;
      modelsDefault = {};
      requests.length = 0;
      modelFaultsUsed.clear();
    },
    openSockets: () => sockets.size,
    whenSocketsClosed: async (timeoutMs = 2000) => {
      const deadline = Date.now() + timeoutMs;
      while (sockets.size > 0 && Date.now() < deadline) await wait(10);
      return sockets.size === 0;
    },
    close: async () => {
      queue.length = 0;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A recording (a verbatim `body`) cannot be cut at an arbitrary character, so a continuation of one
 * is answered as a model would: the rest of the recording's `text`, as an ordinary stream.
 */
function continuationOfRecording(scenario: Scenario, continuation: string | null): Scenario {
  if (continuation === null || scenario.body === undefined || scenario.text === undefined) {
    return scenario;
  }
  const { body: _body, contentType: _contentType, ...rest } = scenario;
  return rest;
}

function record(
  request: http.IncomingMessage,
  path: string,
  body: ChatBody | null,
  continuation: string | null,
  scenario: Scenario,
): RecordedRequest {
  return {
    method: request.method ?? 'GET',
    path,
    headers: request.headers,
    body,
    continuation,
    scenario,
    receivedAt: Date.now(),
  };
}

function parseJson(raw: string): ChatBody | null {
  try {
    return raw ? (JSON.parse(raw) as ChatBody) : null;
  } catch {
    return null;
  }
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function sentKey(request: http.IncomingMessage): string {
  return (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
}

function sendRedirect(
  response: http.ServerResponse,
  redirect: NonNullable<Scenario['redirect']>,
): void {
  response.writeHead(redirect.status, {
    location: redirect.location,
    'content-type': 'text/plain',
  });
  response.end(`Moved to ${redirect.location}`);
}

async function sendEndless(
  response: http.ServerResponse,
  kind: EndlessKind,
  scenario: Scenario,
): Promise<void> {
  response.writeHead(200, {
    'content-type': endlessContentType(kind),
    'cache-control': 'no-cache',
  });
  response.flushHeaders();
  await writeEndless(response, kind, {
    ...(scenario.delayMs === undefined ? {} : { delayMs: scenario.delayMs }),
    ...(scenario.chunkChars === undefined ? {} : { chunkChars: scenario.chunkChars }),
  });
}

function sendJson(response: http.ServerResponse, status: number, json: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(json));
}

/** OpenAI's own error bodies; the 401 echoes the key it was sent, as OpenAI does (here unmasked). */
function sendError(
  response: http.ServerResponse,
  status: number,
  key: string,
  model: string,
  scenario: Scenario,
): void {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...scenario.headers,
  };
  if (scenario.retryAfter !== undefined) headers['retry-after'] = scenario.retryAfter;
  if (scenario.retryAfterMs !== undefined)
    headers['retry-after-ms'] = String(scenario.retryAfterMs);
  if (scenario.body !== undefined) {
    if (scenario.contentType) headers['content-type'] = scenario.contentType;
    response.writeHead(status, headers);
    response.end(scenario.body);
    return;
  }
  const error = errorBody(status, key, model, scenario.quota === true);
  response.writeHead(status, headers);
  response.end(JSON.stringify({ error }));
}

/** Writes the body in the scenario's slices and pace, dropping or stalling where it says. */
async function writePaced(
  response: http.ServerResponse,
  chunks: Buffer[],
  scenario: Scenario,
): Promise<void> {
  const body = Buffer.concat(chunks);
  const sizes = scenario.writeSizes?.filter((size) => size > 0) ?? [];
  const slices =
    sizes.length > 0
      ? sliceBySizes(body, sizes)
      : scenario.writeBytes !== undefined && scenario.writeBytes > 0
        ? sliceBy(body, scenario.writeBytes)
        : chunks;
  const sliced = sizes.length > 0 || scenario.writeBytes !== undefined;
  const dropAt = scenario.dropAfterBytes ?? Number.POSITIVE_INFINITY;
  const stallAt = scenario.stallAfterBytes ?? Number.POSITIVE_INFINITY;
  const stopAt = Math.min(dropAt, stallAt);
  let written = 0;
  for (const slice of slices) {
    if (response.destroyed) return;
    const room = stopAt - written;
    const part = slice.byteLength > room ? slice.subarray(0, room) : slice;
    if (part.byteLength > 0) response.write(part);
    written += part.byteLength;
    if (written >= stopAt) break;
    if (scenario.delayMs) await wait(scenario.delayMs);
    else if (sliced) await nextTurn();
  }
  if (written >= dropAt) {
    // Give the written bytes a moment to leave, then cut the connection mid-answer.
    await wait(5);
    response.socket?.destroy();
    return;
  }
  // Silence: the socket stays open until the client gives up (a stall past the end holds it open).
  if (scenario.stallAfterBytes !== undefined && written >= Math.min(stallAt, body.byteLength))
    return;
  response.end();
}

function sliceBy(body: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0; offset < body.byteLength; offset += size)
    out.push(body.subarray(offset, offset + size));
  return out;
}

function sliceBySizes(body: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let turn = 0;
  for (let offset = 0; offset < body.byteLength; turn += 1) {
    const size = sizes[turn % sizes.length] ?? 1;
    out.push(body.subarray(offset, offset + size));
    offset += size;
  }
  return out;
}
