/**
 * Settings version 3, for one provider: header values that version 2 kept in clear are sealed like the
 * API key and bound to the provider's base URL; a user name and password inside the base URL (which
 * version 2 accepted) move into a sealed `Authorization: Basic` header, so the provider keeps working
 * without credentials in the URL; names lose control and text-direction characters; headers the network
 * stack owns (`Host`, `Content-Length`, ...) and that only ever broke the request are dropped.
 */
import {
  headerNameProblem,
  headerValueProblem,
  payloadBudgets,
  withoutUnsafeCharacters,
} from '../../preload/contract';
import { normaliseBaseURL, type Seal } from './secret-binding';
import { isPlainObject, type StoredHeader } from './settings-schema';

const decoded = (part: string): string => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
};

/**
 * The base URL without its user name and password, and those as an `Authorization: Basic` value; null
 * when the URL carries none (or is not a URL, which the schema check after the migration reports).
 */
export function moveUserinfo(baseURL: string): { baseURL: string; authorization: string } | null {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return null;
  }
  if (url.username === '' && url.password === '') return null;
  const credentials = `${decoded(url.username)}:${decoded(url.password)}`;
  url.username = '';
  url.password = '';
  return {
    baseURL: normaliseBaseURL(url.toString()),
    authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`,
  };
}

const cleanText = (value: unknown): unknown =>
  typeof value === 'string' ? withoutUnsafeCharacters(value).trim() : value;

export function headersToVersion3(provider: unknown, seal: Seal): unknown {
  if (!isPlainObject(provider) || typeof provider.baseURL !== 'string') return provider;
  const moved = moveUserinfo(provider.baseURL);
  const baseURL = moved?.baseURL ?? provider.baseURL;

  const headers: StoredHeader[] = [];
  const taken = new Set<string>();
  const add = (name: string, value: unknown): void => {
    const lower = name.toLowerCase();
    if (headers.length >= payloadBudgets.headers || taken.has(lower)) return;
    if (headerNameProblem(name) !== null) return;
    taken.add(lower);
    const sendable = typeof value === 'string' && headerValueProblem(value) === null;
    // A value that cannot be sealed here, or never could be sent, keeps its name to be filled in again.
    headers.push({ name, value: sendable ? seal(value, baseURL) : null });
  };
  for (const [name, value] of Object.entries(
    isPlainObject(provider.headers) ? provider.headers : {},
  )) {
    add(name, value);
  }
  // An Authorization header the user set already wins over the one made from the URL.
  if (moved) add('Authorization', moved.authorization);

  let key = provider.key;
  if (moved && isPlainObject(key) && typeof key.boundTo === 'string') {
    // The key was entered for the URL with the credentials in it: the same address without them.
    const sameAddress = safeNormalise(key.boundTo) === safeNormalise(provider.baseURL);
    key = sameAddress ? { ...key, boundTo: baseURL } : key;
  }

  const name = cleanText(provider.name);
  return {
    ...provider,
    name: name === '' ? 'Provider' : name,
    defaultModel: cleanText(provider.defaultModel),
    baseURL,
    headers,
    key,
  };
}

const safeNormalise = (value: string): string | null => {
  try {
    return normaliseBaseURL(value);
  } catch {
    return null;
  }
};
