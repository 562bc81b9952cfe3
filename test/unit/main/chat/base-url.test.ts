/** The base-URL check shared by the engine, the CLI and the provider form, and URL redaction. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrlProblem } from '../../../../main/chat/base-url';
import { createChatEngine } from '../../../../main/chat/engine';
import { hostOf, redactSecrets } from '../../../../main/chat/errors';
import { startFaultServer, type FaultServer } from '../../../fault-server';
import { chatRequest, collect, terminal } from './stream-helpers';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

describe('baseUrlProblem', () => {
  it('accepts plain http and https API roots', () => {
    expect(baseUrlProblem('https://api.openai.com/v1')).toBeNull();
    expect(baseUrlProblem('http://localhost:11434/v1')).toBeNull();
    expect(baseUrlProblem('  http://127.0.0.1:8080/v1/  ')).toBeNull();
  });

  it('refuses a user name and password in the URL, without repeating the password', () => {
    const problem = baseUrlProblem('http://alice:hunter2-secret@llm.example.com/v1');
    expect(problem?.code).toBe('bad_request');
    expect(problem?.message).toContain('user name or password');
    expect(problem?.message).toContain('Authorization header');
    expect(problem?.message).toContain('http://[redacted]@llm.example.com/v1');
    expect(problem?.message).not.toContain('hunter2');
    expect(problem?.message).not.toContain('alice');
  });

  it('refuses a lone user name (a token passed as one) and an @ inside the password', () => {
    expect(baseUrlProblem('https://sometoken@host.example/v1')?.message).not.toContain('sometoken');
    const odd = baseUrlProblem('https://user:p@ss@host.example/v1');
    expect(odd?.code).toBe('bad_request');
    expect(odd?.message).not.toMatch(/p@ss|ss@/);
  });

  it('refuses what is not an http(s) address', () => {
    expect(baseUrlProblem('ftp://host/v1')?.message).toContain('not an http:// or https://');
    expect(baseUrlProblem('localhost:11434')?.code).toBe('bad_request');
    expect(baseUrlProblem('not a url')?.message).toContain('not a web address');
  });
});

describe('URL redaction', () => {
  it('hides userinfo and key-carrying query parameters in any text', () => {
    const text =
      'failed at https://bob:pw123456@gw.example/v1/chat?key=AIzaSecret123&x=1 and http://t0ken@h/v1?api_key=abc&token=zzz';
    const redacted = redactSecrets(text, []);
    for (const secret of ['bob', 'pw123456', 'AIzaSecret123', 't0ken', 'abc', 'zzz']) {
      expect(redacted).not.toContain(secret);
    }
    expect(redacted).toContain('https://[redacted]@gw.example/v1/chat?key=[redacted]&x=1');
  });

  it('leaves ordinary text and addresses alone', () => {
    const text = 'write to me@example.com, see http://host/path@v2 and https://api.openai.com/v1';
    expect(redactSecrets(text, [])).toBe(text);
  });

  it('names a host without its credentials, even when the URL does not parse', () => {
    expect(hostOf('https://u:p@host.example:8443/v1')).toBe('host.example:8443');
    expect(hostOf('http://u:secret-pass@')).not.toContain('secret-pass');
  });
});

describe('the engine and a base URL with credentials', () => {
  it('refuses to stream, sending nothing and never printing the password', async () => {
    const baseURL = server.baseURL.replace('http://', 'http://alice:hunter2-secret@');
    const events = await collect(chatRequest(baseURL));
    expect(terminal(events)).toMatchObject({
      type: 'failed',
      resumable: false,
      error: { code: 'bad_request' },
    });
    expect(JSON.stringify(events)).not.toContain('hunter2');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses to list models the same way', async () => {
    const engine = createChatEngine({ fetch: globalThis.fetch });
    const baseURL = server.baseURL.replace('http://', 'http://alice:hunter2-secret@');
    await expect(engine.listModels({ baseURL })).rejects.toMatchObject({
      chatError: { code: 'bad_request', message: expect.not.stringContaining('hunter2') },
    });
    expect(server.requests).toHaveLength(0);
  });
});
