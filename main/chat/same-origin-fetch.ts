/**
 * fetch that follows redirects only within the base URL's origin (scheme, host and port), by hand.
 *
 * With `redirect: 'follow'` a redirect to another host would carry the key, custom headers such as
 * `api-key` and (on 307/308) the whole conversation there: Node's fetch keeps custom headers across
 * origins, and Electron's net.fetch runs in the main process, where nothing strips `Authorization`
 * either. So every request goes out with `redirect: 'manual'`, and each hop is decided here:
 *
 * - another origin, or https → http: not followed; the error names both ends and says that nothing
 *   was sent there;
 * - 307 / 308 within the origin: sent again with the same method and body (that is what they mean);
 * - 301 / 302 / 303 within the origin: a GET is sent again as a GET. A POST is not followed: the fetch
 *   standard turns it into a GET without a body, which cannot carry a chat request, so following it
 *   would only trade a clear message for a confusing 404 or 405;
 * - a redirect whose target cannot be read is not followed. Node's fetch returns the real 3xx with its
 *   Location; a spec-following fetch returns an opaque redirect (status 0, no headers); Electron's
 *   net.fetch rejects with "Redirect was cancelled" (electron/electron lib/browser/api/
 *   net-client-request.ts: in manual mode a redirect nobody follows is cancelled). All three are handled.
 */
import { hostOf, redactSecrets } from './errors';
import type { ChatError } from './types';

/** Hops followed within the origin before giving up (browsers allow 20; an API needs one or two). */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export type SameOriginResult =
  { kind: 'response'; response: Response; url: string } | { kind: 'refused'; error: ChatError };

export interface SameOriginInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/**
 * Resolves to the first response that is not a redirect, or to a refusal saying why a redirect was not
 * followed. Network failures reject, as fetch's do.
 */
export async function fetchSameOrigin(
  fetch: typeof globalThis.fetch,
  url: string,
  init: SameOriginInit,
  maxRedirects: number = MAX_REDIRECTS,
): Promise<SameOriginResult> {
  const origin = new URL(url).origin;
  let current = new URL(url);
  let method = init.method;
  let body = init.body;
  for (let hop = 0; ; hop += 1) {
    let response: Response;
    try {
      response = await fetch(current.href, {
        method,
        headers: init.headers,
        ...(body === undefined ? {} : { body }),
        ...(init.signal ? { signal: init.signal } : {}),
        redirect: 'manual',
      });
    } catch (failure) {
      if (isCancelledRedirect(failure)) return refused(unreadableRedirect(current, null));
      throw failure;
    }
    if (response.type === 'opaqueredirect' || response.status === 0) {
      await discard(response);
      return refused(unreadableRedirect(current, null));
    }
    if (!REDIRECT_STATUSES.has(response.status)) {
      return { kind: 'response', response, url: current.href };
    }
    const status = response.status;
    const location = response.headers.get('location');
    await discard(response);
    const target = location === null ? null : parseTarget(location, current);
    if (target === null) return refused(unreadableRedirect(current, status));
    if (current.protocol === 'https:' && target.protocol === 'http:') {
      return refused({
        code: 'bad_response',
        status,
        message:
          `${current.host} redirected the request from https to plain http (${shown(target)}). Runnel ` +
          'never follows a redirect away from https, so the key and the conversation were not sent ' +
          'there. Check the base URL.',
      });
    }
    if (target.origin !== origin) {
      return refused({
        code: 'bad_response',
        status,
        message:
          `${current.host} redirected the request to another server, ${target.host} (${shown(target)}). ` +
          'Runnel follows redirects only within the same scheme, host and port, so the key and the ' +
          `conversation were not sent to ${target.host}. If that is the right server, set the base URL ` +
          'to it.',
      });
    }
    if (hop >= maxRedirects) {
      return refused({
        code: 'bad_response',
        status,
        message: `${current.host} redirected the request more than ${maxRedirects} times; it was not followed further. Check the base URL.`,
      });
    }
    if (method === 'POST' && status !== 307 && status !== 308) {
      return refused({
        code: 'bad_response',
        status,
        message:
          `${current.host} answered the chat request with a redirect (${status}) to ${target.pathname}. ` +
          'Following it would turn the request into a GET without the conversation, so it was not ' +
          'followed. Check the base URL (it usually ends in /v1).',
      });
    }
    if (status === 303) {
      method = 'GET';
      body = undefined;
    }
    current = target;
  }
}

function refused(error: ChatError): SameOriginResult {
  return { kind: 'refused', error };
}

function unreadableRedirect(current: URL, status: number | null): ChatError {
  const code = status === null ? '' : ` (${status})`;
  return {
    code: 'bad_response',
    ...(status === null ? {} : { status }),
    message:
      `${hostOf(current.href)} answered with a redirect${code} whose target could not be read, so it ` +
      'was not followed and the key and the conversation were sent nowhere else. Set the base URL to ' +
      'the address the API really answers at.',
  };
}

function parseTarget(location: string, base: URL): URL | null {
  try {
    return new URL(location, base);
  } catch {
    return null;
  }
}

/** A redirect target as a message may show it: no user name, password or key-carrying query. */
function shown(target: URL): string {
  return redactSecrets(`${target.origin}${target.pathname}`, []);
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/** Electron's net.fetch in manual mode rejects a redirect instead of returning it. */
function isCancelledRedirect(failure: unknown): boolean {
  return failure instanceof Error && /Redirect was cancelled/i.test(failure.message);
}
