import { describe, expect, it } from 'vitest';
import {
  errorFromHttpStatus,
  errorFromNetwork,
  errorFromProvider,
  redactSecrets,
} from '../../../../main/chat/errors';

const key = 'sk-proj-verysecret0123456789';
const context = {
  baseURL: 'https://api.example.com/v1',
  model: 'gpt-x',
  secrets: [key, 'header-secret-value'],
};

describe('errors', () => {
  it('redacts our key, custom header values and key-shaped tokens wherever they appear', () => {
    const text = `bad key ${key}, header header-secret-value, upstream sk-other0123456789abcd, Bearer abc.def.ghi123`;
    const redacted = redactSecrets(text, context.secrets);
    expect(redacted).not.toContain(key);
    expect(redacted).not.toContain('header-secret-value');
    expect(redacted).not.toContain('sk-other0123456789abcd');
    expect(redacted).not.toContain('abc.def.ghi123');
  });

  it('classifies HTTP statuses, 429 as rate limit or quota by its body', () => {
    expect(errorFromHttpStatus(401, `Incorrect API key provided: ${key}`, context)).toMatchObject({
      code: 'auth',
      status: 401,
    });
    expect(
      errorFromHttpStatus(401, `Incorrect API key provided: ${key}`, context).message,
    ).not.toContain(key);
    expect(errorFromHttpStatus(403, '', context).code).toBe('auth');
    expect(errorFromHttpStatus(404, '', context).message).toContain('"gpt-x"');
    expect(errorFromHttpStatus(429, 'Rate limit reached', context).code).toBe('rate_limit');
    expect(errorFromHttpStatus(429, 'You exceeded your current quota', context).code).toBe('quota');
    expect(
      errorFromHttpStatus(429, 'x', context, '{"error":{"code":"insufficient_quota"}}').code,
    ).toBe('quota');
    expect(errorFromHttpStatus(402, 'Insufficient credits', context).code).toBe('quota');
    expect(errorFromHttpStatus(503, '', context).code).toBe('server');
    expect(errorFromHttpStatus(408, '', context).code).toBe('timeout');
    expect(errorFromHttpStatus(400, 'bad field', context)).toMatchObject({ code: 'bad_request' });
  });

  it('classifies network failures by their cause', () => {
    const failure = (code: string) =>
      new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
    expect(errorFromNetwork(failure('ECONNREFUSED'), context)).toMatchObject({
      error: { code: 'network' },
      retryable: true,
    });
    expect(errorFromNetwork(failure('ENOTFOUND'), context)).toMatchObject({ retryable: false });
    expect(errorFromNetwork(failure('CERT_HAS_EXPIRED'), context).error.message).toContain(
      'certificate',
    );
    expect(errorFromNetwork(new Error('net::ERR_INTERNET_DISCONNECTED'), context).error.code).toBe(
      'offline',
    );
    expect(errorFromNetwork(failure('ECONNRESET'), context).error.code).toBe('network');
  });

  it('classifies errors a provider reports mid-stream', () => {
    expect(
      errorFromProvider({ message: 'Overloaded', code: 'server_error', status: null }, context)
        .code,
    ).toBe('server');
    expect(
      errorFromProvider(
        { message: 'over quota', code: 'insufficient_quota', status: null },
        context,
      ).code,
    ).toBe('quota');
    expect(
      errorFromProvider({ message: 'flagged', code: 'content_filter', status: null }, context).code,
    ).toBe('bad_request');
    expect(
      errorFromProvider({ message: 'Provider disconnected', code: null, status: 502 }, context),
    ).toMatchObject({
      code: 'server',
      status: 502,
    });
  });
});
