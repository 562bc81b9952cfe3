/**
 * The MCP server form as plain data: the form's values from a saved server, the input main saves from
 * the form, arguments one per line, and a server's status in words. Pure, so it is tested on its own.
 */
import {
  headerNameProblem,
  type McpServerEntry,
  type McpServerInput,
  type McpServerView,
} from '../../../preload/contract';
import { headerRow, type HeaderRow } from './provider-form-model';

export type ServerPolicy = McpServerView['policy'];
export type ServerStatus = McpServerEntry['status'];

export interface McpServerFormValues {
  name: string;
  kind: 'stdio' | 'http';
  command: string;
  /** One argument per line: a Windows path with spaces stays one argument, no quoting needed. */
  args: string;
  cwd: string;
  env: HeaderRow[];
  url: string;
  headers: HeaderRow[];
  policy: ServerPolicy;
  enabled: boolean;
}

export type McpServerFormErrors = Partial<
  Record<'name' | 'command' | 'url' | 'env' | 'headers', string>
>;

/**
 * Arguments from the field, one per line. Ends of lines are trimmed (pasted text brings indentation
 * and `\r`), blank lines dropped; spaces and quotes inside a line are kept as typed.
 */
export function argsFromLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export const linesFromArgs = (args: readonly string[]): string => args.join('\n');

const storedRows = (values: ReadonlyArray<{ name: string; hasValue: boolean }>): HeaderRow[] =>
  values.map(({ name, hasValue }) => ({ ...headerRow(name, ''), stored: { hasValue } }));

export function formFromServer(server: McpServerView | null): McpServerFormValues {
  const blank: McpServerFormValues = {
    name: '',
    kind: 'stdio',
    command: '',
    args: '',
    cwd: '',
    env: [],
    url: '',
    headers: [],
    policy: 'ask',
    enabled: true,
  };
  if (!server) return blank;
  const { transport } = server;
  const common = { ...blank, name: server.name, policy: server.policy, enabled: server.enabled };
  return transport.kind === 'stdio'
    ? {
        ...common,
        kind: 'stdio',
        command: transport.command,
        args: linesFromArgs(transport.args),
        cwd: transport.cwd ?? '',
        env: storedRows(transport.env),
      }
    : { ...common, kind: 'http', url: transport.url, headers: storedRows(transport.headers) };
}

/** Rows as main takes them: a typed value replaces, an empty one keeps the sealed value. */
function namedValues(rows: HeaderRow[]): Array<{ name: string; value?: string }> {
  return rows
    .filter((row) => row.name.trim() !== '' || row.value !== '')
    .map((row) =>
      row.stored && row.value === ''
        ? { name: row.name.trim() }
        : { name: row.name.trim(), value: row.value },
    );
}

export function inputFromForm(values: McpServerFormValues, id: string | null): McpServerInput {
  const common = {
    ...(id ? { id } : {}),
    name: values.name.trim(),
    enabled: values.enabled,
    policy: values.policy,
  };
  if (values.kind === 'http') {
    return {
      ...common,
      transport: { kind: 'http', url: values.url.trim(), headers: namedValues(values.headers) },
    };
  }
  const cwd = values.cwd.trim();
  return {
    ...common,
    transport: {
      kind: 'stdio',
      command: values.command.trim(),
      args: argsFromLines(values.args),
      ...(cwd ? { cwd } : {}),
      env: namedValues(values.env),
    },
  };
}

/** The saved server again with a change (the enabled switch); sealed values stay as they are. */
export function inputFromServer(
  server: McpServerView,
  patch: Partial<Pick<McpServerInput, 'enabled'>>,
): McpServerInput {
  return { ...inputFromForm(formFromServer(server), server.id), ...patch };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function rowsProblem(rows: HeaderRow[], what: 'variable' | 'header'): string | null {
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    if (name === '' && row.value === '') continue;
    if (name === '') return `Give each ${what} a name, or remove the row.`;
    if (what === 'variable' && !ENV_NAME.test(name))
      return `"${name}" is not a variable name: use letters, digits and _, not starting with a digit.`;
    if (what === 'header') {
      const problem = headerNameProblem(name);
      if (problem) return problem;
    }
    if (!row.stored && row.value === '') return `Give a value for ${name}, or remove the row.`;
    const key = what === 'header' ? name.toLowerCase() : name;
    if (seen.has(key)) return `${name} is there twice: keep one.`;
    seen.add(key);
  }
  return null;
}

export function validateServerForm(values: McpServerFormValues): McpServerFormErrors {
  const errors: McpServerFormErrors = {};
  if (values.name.trim() === '') errors.name = 'Give the server a name.';
  if (values.kind === 'stdio') {
    if (values.command.trim() === '')
      errors.command = 'Give the command that starts the server, such as npx or node.';
    const env = rowsProblem(values.env, 'variable');
    if (env) errors.env = env;
  } else {
    const url = values.url.trim();
    if (url === '') errors.url = 'Give the server’s address, such as https://example.com/mcp.';
    else if (!/^https?:\/\/[^\s]+$/.test(url))
      errors.url = 'Give an http:// or https:// address, with no spaces.';
    const headers = rowsProblem(values.headers, 'header');
    if (headers) errors.headers = headers;
  }
  return errors;
}

/** A server's state in words, as the list shows it. */
export function statusWords(enabled: boolean, status: ServerStatus): string {
  if (!enabled) return 'Off';
  switch (status.state) {
    case 'stopped':
      return 'Stopped';
    case 'starting':
      return status.attempt > 1 ? `Starting… (attempt ${status.attempt})` : 'Starting…';
    case 'connected': {
      // Over HTTP, which transport answered: an older server is reached over HTTP+SSE.
      const via =
        status.transport === 'streamable-http'
          ? ' · Streamable HTTP'
          : status.transport === 'sse'
            ? ' · HTTP+SSE (older servers)'
            : '';
      return `Connected · ${status.toolCount} ${status.toolCount === 1 ? 'tool' : 'tools'}${via}`;
    }
    case 'failed':
      return `Failed: ${status.error.message}`;
  }
}

export const POLICIES: ReadonlyArray<{ value: ServerPolicy; label: string; detail: string }> = [
  {
    value: 'ask',
    label: 'Ask every time',
    detail: 'Each call waits for you to allow it, unless you chose “Always allow” for that tool.',
  },
  {
    value: 'read-only',
    label: 'Allow read-only tools',
    detail:
      'Tools the server marks as read-only run without asking; the others ask. The mark is the server’s own word.',
  },
  {
    value: 'all',
    label: 'Allow all',
    detail:
      'Every tool of this server runs without asking, including ones that change or delete things.',
  },
];
