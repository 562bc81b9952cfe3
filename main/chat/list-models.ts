/** `GET {baseURL}/models`: the model ids a provider offers, for the model picker. */
import { baseUrlProblem } from './base-url';
import { BodyTooLargeError, readAll } from './body-text';
import {
  bodyTooLargeError,
  ChatEngineError,
  detailFromBody,
  errorFromHttpStatus,
  errorFromNetwork,
  hostOf,
  proxyAnsweredError,
  redactSecrets,
  secretsOf,
  type ErrorContext,
} from './errors';
import { modelsUrl, requestHeaders } from './request-body';
import { fetchSameOrigin } from './same-origin-fetch';
import { bodyKindFromContentType, sniffBodyKind } from './response-kind';
import type { Endpoint } from './types';

export interface ModelsIo {
  fetch: typeof globalThis.fetch;
  isOnline: () => boolean;
}

/** A models list is small; a server that takes longer than this is not going to answer. */
const MODELS_TIMEOUT_MS = 30_000;
/**
 * The most of a models list that is read: room for thousands of models with their metadata. A body
 * past it is not a models list, and reading on would only eat memory (1.3 GB was seen before the cap).
 */
export const MAX_MODELS_BODY_BYTES = 8 * 1024 * 1024;

/**
 * One model of a provider's list: its id, and its entry as the provider sent it, for what else the
 * entry says (which inputs it takes, say: main/models/model-input.ts reads that). A bare id string
 * has no entry: `listing` is null.
 */
export interface ListedModel {
  id: string;
  listing: unknown;
}

export async function fetchModelIds(
  endpoint: Endpoint,
  io: ModelsIo,
  signal?: AbortSignal,
): Promise<string[]> {
  return (await fetchModelList(endpoint, io, signal)).map(({ id }) => id);
}

/** The provider's models with their entries, sorted by id; an id listed twice counts once (the first). */
export async function fetchModelList(
  endpoint: Endpoint,
  io: ModelsIo,
  signal?: AbortSignal,
): Promise<ListedModel[]> {
  const context: ErrorContext = { baseURL: endpoint.baseURL, secrets: secretsOf(endpoint) };
  const problem = baseUrlProblem(endpoint.baseURL);
  if (problem) throw new ChatEngineError(problem);
  if (!io.isOnline()) {
    throw new ChatEngineError({
      code: 'offline',
      message: 'You are offline; models cannot be listed.',
    });
  }
  const timeout = AbortSignal.timeout(MODELS_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  let body: string;
  try {
    const sent = await fetchSameOrigin(io.fetch, modelsUrl(endpoint.baseURL), {
      method: 'GET',
      headers: requestHeaders(endpoint, 'application/json'),
      signal: combined,
    });
    if (sent.kind === 'refused') throw new ChatEngineError(sent.error);
    response = sent.response;
    const reader = response.body?.getReader();
    body = reader ? await readAll(reader, null, MAX_MODELS_BODY_BYTES) : '';
  } catch (error) {
    if (error instanceof ChatEngineError) throw error;
    if (error instanceof BodyTooLargeError) {
      throw new ChatEngineError(bodyTooLargeError(context, 'a models list', error.maxBytes));
    }
    if (signal?.aborted) throw new ChatEngineError({ code: 'cancelled', message: 'Cancelled.' });
    if (timeout.aborted) {
      throw new ChatEngineError({
        code: 'timeout',
        message: `${hostOf(endpoint.baseURL)} did not list its models within ${MODELS_TIMEOUT_MS / 1000} s.`,
      });
    }
    throw new ChatEngineError(errorFromNetwork(error, context).error);
  }
  if (!response.ok) {
    throw new ChatEngineError(
      errorFromHttpStatus(response.status, detailFromBody(body), context, body),
    );
  }
  const kind = bodyKindFromContentType(response.headers.get('content-type'));
  if (kind === 'html' || sniffBodyKind(body) === 'html') {
    throw new ChatEngineError(proxyAnsweredError(context, response.status, 'a web page (HTML)'));
  }
  const listed = modelListFrom(body);
  if (listed === null) {
    throw new ChatEngineError({
      code: 'bad_response',
      message: `${hostOf(endpoint.baseURL)} answered the models request with something that is not a models list: "${redactSecrets(body.slice(0, 120), context.secrets)}"`,
      status: response.status,
    });
  }
  const byId = new Map<string, ListedModel>();
  for (const model of listed) if (!byId.has(model.id)) byId.set(model.id, model);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** OpenAI's `{data: [{id}]}`, Ollama-style `{models: [{name}]}`, or a bare array. */
export function modelIdsFrom(body: string): string[] | null {
  return modelListFrom(body)?.map(({ id }) => id) ?? null;
}

/** As modelIdsFrom, keeping each model's entry. */
export function modelListFrom(body: string): ListedModel[] | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const list: unknown = Array.isArray(json) ? json : (record.data ?? record.models);
  if (!Array.isArray(list)) return null;
  const listed: ListedModel[] = [];
  for (const item of list as unknown[]) {
    if (typeof item === 'string') listed.push({ id: item, listing: null });
    else if (typeof item === 'object' && item !== null) {
      const entry = item as Record<string, unknown>;
      const id = entry.id ?? entry.name ?? entry.model;
      if (typeof id === 'string' && id.length > 0) listed.push({ id, listing: item });
    }
  }
  return listed;
}
