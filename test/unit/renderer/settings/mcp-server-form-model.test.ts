import { describe, expect, it } from 'vitest';
import { mcpServerInputSchema, type McpServerView } from '../../../../preload/contract';
import {
  argsFromLines,
  formFromServer,
  inputFromForm,
  inputFromServer,
  statusWords,
  validateServerForm,
} from '../../../../renderer/src/settings/mcp-server-form-model';

const stdioServer: McpServerView = {
  id: 'files',
  name: 'Files',
  enabled: true,
  policy: 'read-only',
  transport: {
    kind: 'stdio',
    command: 'npx',
    args: ['-y', '@modelcontextprotocol/server-filesystem', 'C:\\Users\\Ann Lee\\My Documents'],
    cwd: null,
    env: [
      { name: 'API_TOKEN', hasValue: true },
      { name: 'EMPTY', hasValue: false },
    ],
  },
};

describe('arguments, one per line', () => {
  it('keeps a Windows path with spaces as one argument, quotes and all', () => {
    expect(
      argsFromLines('-y\r\n  server-filesystem  \n\nC:\\Program Files\\My App\n"quoted arg"\n'),
    ).toEqual(['-y', 'server-filesystem', 'C:\\Program Files\\My App', '"quoted arg"']);
  });

  it('round-trips a saved server’s arguments through the form', () => {
    const form = formFromServer(stdioServer);
    expect(form.args.split('\n')).toHaveLength(3);
    const input = inputFromForm(form, 'files');
    expect(input.transport.kind === 'stdio' && input.transport.args).toEqual([
      '-y',
      '@modelcontextprotocol/server-filesystem',
      'C:\\Users\\Ann Lee\\My Documents',
    ]);
  });
});

describe('sealed values', () => {
  it('keeps a saved value when its row is left empty, replaces it when one is typed', () => {
    const form = formFromServer(stdioServer);
    form.env[1] = { ...form.env[1]!, value: 'now-set' };
    const input = inputFromForm(form, 'files');
    expect(input.transport.kind === 'stdio' && input.transport.env).toEqual([
      { name: 'API_TOKEN' },
      { name: 'EMPTY', value: 'now-set' },
    ]);
    expect(mcpServerInputSchema.safeParse(input).success).toBe(true);
  });

  it('removing a row drops that value from what main saves', () => {
    const form = formFromServer(stdioServer);
    const input = inputFromForm({ ...form, env: form.env.slice(1) }, 'files');
    expect(input.transport.kind === 'stdio' && input.transport.env).toEqual([{ name: 'EMPTY' }]);
  });

  it('the enabled switch re-saves the server without touching its values', () => {
    const input = inputFromServer(stdioServer, { enabled: false });
    expect(input).toMatchObject({ id: 'files', enabled: false, policy: 'read-only' });
    expect(input.transport.kind === 'stdio' && input.transport.env).toEqual([
      { name: 'API_TOKEN' },
      { name: 'EMPTY' },
    ]);
    expect(mcpServerInputSchema.safeParse(input).success).toBe(true);
  });
});

describe('validation', () => {
  it('asks for a name and a command', () => {
    expect(validateServerForm(formFromServer(null))).toEqual({
      name: 'Give the server a name.',
      command: 'Give the command that starts the server, such as npx or node.',
    });
  });

  it('refuses a bad variable name, a new row with no value, and a twice-named one', () => {
    const form = { ...formFromServer(stdioServer) };
    const row = (name: string, value: string) => ({
      ...form.env[0]!,
      key: Math.random(),
      name,
      value,
      stored: null,
    });
    expect(validateServerForm({ ...form, env: [row('1ABC', 'x')] }).env).toMatch(
      /not a variable name/,
    );
    expect(validateServerForm({ ...form, env: [row('NEW', '')] }).env).toBe(
      'Give a value for NEW, or remove the row.',
    );
    expect(validateServerForm({ ...form, env: [...form.env, row('API_TOKEN', 'x')] }).env).toBe(
      'API_TOKEN is there twice: keep one.',
    );
    expect(validateServerForm(form)).toEqual({});
  });

  it('wants an http(s) address for a server reached by URL', () => {
    const form = { ...formFromServer(null), name: 'Remote', kind: 'http' as const };
    expect(validateServerForm(form).url).toMatch(/address/);
    expect(validateServerForm({ ...form, url: 'ftp://x' }).url).toMatch(/http:\/\/ or https:\/\//);
    const ok = { ...form, url: 'https://example.com/mcp' };
    expect(validateServerForm(ok)).toEqual({});
    expect(mcpServerInputSchema.safeParse(inputFromForm(ok, null)).success).toBe(true);
  });
});

describe('status in words', () => {
  it('says what the server is doing', () => {
    expect(statusWords(false, { state: 'connected', toolCount: 3, transport: 'stdio' })).toBe(
      'Off',
    );
    expect(statusWords(true, { state: 'stopped' })).toBe('Stopped');
    expect(statusWords(true, { state: 'starting', attempt: 1 })).toBe('Starting…');
    expect(statusWords(true, { state: 'starting', attempt: 3 })).toBe('Starting… (attempt 3)');
    expect(statusWords(true, { state: 'connected', toolCount: 12, transport: 'stdio' })).toBe(
      'Connected · 12 tools',
    );
    expect(statusWords(true, { state: 'connected', toolCount: 1, transport: 'sse' })).toBe(
      'Connected · 1 tool · HTTP+SSE (older servers)',
    );
    expect(
      statusWords(true, { state: 'connected', toolCount: 3, transport: 'streamable-http' }),
    ).toBe('Connected · 3 tools · Streamable HTTP');
    expect(
      statusWords(true, {
        state: 'failed',
        error: { code: 'command_not_found', message: 'nope was not found.' },
        stderrTail: '',
      }),
    ).toBe('Failed: nope was not found.');
  });
});
