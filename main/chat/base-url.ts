/**
 * What a base URL may be. Shared by the engine, the CLI and the provider form, so that a URL the form
 * accepts is one the engine will send to, and the refusal reads the same everywhere.
 */
import { redactSecrets } from './errors';
import type { ChatError } from './types';

/**
 * Why this base URL cannot be used, or null when it can. A URL carrying a user name or password
 * (`http://user:pass@host/v1`) is refused: credentials inside a URL end up in logs, error messages and
 * settings in clear, and fetch would send them as Basic auth to whichever host the URL names.
 */
export function baseUrlProblem(baseURL: string): ChatError | null {
  const shown = redactSecrets(baseURL.trim(), []);
  let url: URL;
  try {
    url = new URL(baseURL.trim());
  } catch {
    return {
      code: 'bad_request',
      message: `The base URL "${shown}" is not a web address; it should look like https://api.openai.com/v1.`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      code: 'bad_request',
      message: `The base URL "${shown}" is not an http:// or https:// address.`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      code: 'bad_request',
      message:
        `The base URL "${shown}" contains a user name or password. Runnel does not send credentials ` +
        'inside a URL, where they would be stored and shown in clear: remove the "user:password@" part ' +
        'and add an Authorization header instead ("Basic " and the base64 of user:password, or ' +
        '"Bearer " and a token).',
    };
  }
  return null;
}
