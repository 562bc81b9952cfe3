/**
 * The MCP servers a person set up, at rest: `mcp-servers.json` in the data folder (a conf store:
 * electron-store in the app). Every environment value and header value is sealed with safeStorage, as
 * API keys are, and never leaves main: the window sees names and whether a value is set. A damaged or
 * newer file is kept aside and read as no servers, said in the log; nothing in it ever runs half-read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { importMcpServers } from '../mcp/config-import';
import { serverConfigSchema, SERVER_ID, type McpServerConfig } from '../mcp/server-config';
import type { SecretBox } from '../settings/settings-service';
import type { ServerPolicy } from './approvals';
import { readStored } from './stored-file';

const FILE_NAME = 'mcp-servers';
const FILE_VERSION = 1;
export const MAX_SERVERS = 100;

const sealedValueSchema = z.strictObject({
  name: z.string().min(1).max(200),
  /** The value, encrypted by the SecretBox (base64). */
  sealed: z.string().max(100_000),
});
const policySchema = z.enum(['ask', 'read-only', 'all']);

const storedServerSchema = z.strictObject({
  id: z.string().regex(SERVER_ID),
  name: z.string().min(1).max(200),
  enabled: z.boolean(),
  policy: policySchema,
  transport: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('stdio'),
      command: z.string().min(1).max(4096),
      args: z.array(z.string().max(32_768)).max(256),
      cwd: z.string().max(4096).optional(),
      env: z.array(sealedValueSchema).max(256),
    }),
    z.strictObject({
      kind: z.literal('http'),
      url: z.string().max(4096),
      headers: z.array(sealedValueSchema).max(256),
    }),
  ]),
});
const fileSchema = z.strictObject({
  version: z.literal(FILE_VERSION),
  servers: z.array(storedServerSchema).max(MAX_SERVERS),
});

export type StoredServer = z.infer<typeof storedServerSchema>;
type ServerFile = z.infer<typeof fileSchema>;

/** A server as the window sees it: names of its values, never the values. */
export interface ServerView {
  id: string;
  name: string;
  enabled: boolean;
  policy: ServerPolicy;
  transport:
    | {
        kind: 'stdio';
        command: string;
        args: string[];
        cwd: string | null;
        env: Array<{ name: string; hasValue: boolean }>;
      }
    | { kind: 'http'; url: string; headers: Array<{ name: string; hasValue: boolean }> };
}

/** A named value from the window: `value` set to replace it, absent to keep the sealed one. */
export interface ValueInput {
  name: string;
  value?: string;
}

export interface ServerInput {
  /** Absent for a new server: an id is made from its name. */
  id?: string;
  name: string;
  enabled: boolean;
  policy: ServerPolicy;
  transport:
    | { kind: 'stdio'; command: string; args: string[]; cwd?: string; env: ValueInput[] }
    | { kind: 'http'; url: string; headers: ValueInput[] };
}

export class ServerStoreError extends Error {
  constructor(
    readonly code: 'invalid' | 'not_found' | 'unavailable' | 'write_failed',
    message: string,
  ) {
    super(message);
  }
}

export interface ServerStoreFile {
  set(key: 'servers', value: ServerFile): void;
}

export interface ServerStore {
  list(): ServerView[];
  /** Adds or replaces one server; refused, in words, when it is not valid. */
  save(input: ServerInput): ServerView;
  remove(id: string): void;
  /** Adds the servers of a Claude Desktop or Cursor config; returns what was added and skipped. */
  importConfig(text: string): {
    added: ServerView[];
    skipped: Array<{ name: string; reason: string }>;
  };
  policyOf(id: string): ServerPolicy;
  /** Every enabled server with its values unsealed, for the MCP host only. */
  enabledConfigs(): McpServerConfig[];
  readonly path: string;
}

export function createServerStore(options: {
  dir: string;
  openStore: (dir: string, name: string) => ServerStoreFile;
  secrets: SecretBox;
  log?: (line: string) => void;
}): ServerStore {
  const filePath = path.join(options.dir, `${FILE_NAME}.json`);
  const log = options.log ?? (() => undefined);
  let opened: ServerStoreFile | null = null;
  const store = (): ServerStoreFile => (opened ??= options.openStore(options.dir, FILE_NAME));
  let servers: StoredServer[] = readFile(filePath, log);

  const write = (next: StoredServer[]): void => {
    try {
      store().set('servers', { version: FILE_VERSION, servers: next });
    } catch (failure) {
      throw new ServerStoreError(
        'write_failed',
        `The MCP servers could not be saved (${(failure as Error).message}). Nothing was changed.`,
      );
    }
    servers = next;
  };

  const seal = (plain: string): string => {
    if (options.secrets.kind() === 'unavailable') {
      throw new ServerStoreError(
        'unavailable',
        'This system offers no safe place for secrets, so Runnel cannot keep environment or header values. Set them in the environment Runnel starts in instead.',
      );
    }
    return options.secrets.encrypt(plain);
  };
  const sealValues = (
    inputs: readonly ValueInput[],
    kept: ReadonlyArray<{ name: string; sealed: string }>,
    what: string,
  ) =>
    inputs.map((input) => {
      const name = input.name.trim();
      if (!name) throw new ServerStoreError('invalid', `A ${what} needs a name.`);
      if (input.value !== undefined) return { name, sealed: seal(input.value) };
      const old = kept.find((entry) => entry.name === name);
      if (!old) throw new ServerStoreError('invalid', `Give a value for ${what} ${name}.`);
      return old;
    });

  const newId = (name: string): string => {
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40) || 'server';
    let id = base;
    for (let n = 2; servers.some((server) => server.id === id); n += 1) id = `${base}-${n}`;
    return id;
  };

  const toStored = (input: ServerInput): StoredServer => {
    const previous = input.id ? servers.find((server) => server.id === input.id) : undefined;
    if (input.id && !previous)
      throw new ServerStoreError('not_found', 'That server is no longer there.');
    const id = previous?.id ?? newId(input.name);
    const keptValues =
      previous?.transport.kind === 'stdio'
        ? previous.transport.env
        : previous?.transport.kind === 'http'
          ? previous.transport.headers
          : [];
    const transport: StoredServer['transport'] =
      input.transport.kind === 'stdio'
        ? {
            kind: 'stdio',
            command: input.transport.command.trim(),
            args: input.transport.args,
            ...(input.transport.cwd?.trim() ? { cwd: input.transport.cwd.trim() } : {}),
            env: sealValues(input.transport.env, keptValues, 'environment variable'),
          }
        : {
            kind: 'http',
            url: input.transport.url.trim(),
            headers: sealValues(input.transport.headers, keptValues, 'header'),
          };
    const stored = {
      id,
      name: input.name.trim(),
      enabled: input.enabled,
      policy: input.policy,
      transport,
    };
    // The host's own schema is the one check: what it would refuse to start is refused here, in words.
    const checked = serverConfigSchema.safeParse(withPlainValues(stored, () => 'x'));
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ServerStoreError(
        'invalid',
        `${stored.name}: ${issue?.message ?? 'not a valid server'}.`,
      );
    }
    return stored;
  };

  return {
    path: filePath,
    list: () => servers.map(toView),
    save(input) {
      const stored = toStored(input);
      const index = servers.findIndex((server) => server.id === stored.id);
      if (index < 0 && servers.length >= MAX_SERVERS) {
        throw new ServerStoreError('invalid', `At most ${MAX_SERVERS} MCP servers can be set up.`);
      }
      write(index < 0 ? [...servers, stored] : servers.map((s, i) => (i === index ? stored : s)));
      return toView(stored);
    },
    remove(id) {
      write(servers.filter((server) => server.id !== id));
    },
    importConfig(text) {
      const imported = importMcpServers(
        text,
        servers.map((server) => server.id),
      );
      if (!imported.ok) throw new ServerStoreError('invalid', imported.message);
      const added = imported.servers.map((config): StoredServer => ({
        id: config.id,
        name: config.name,
        enabled: config.enabled,
        policy: 'ask',
        transport:
          config.transport.kind === 'stdio'
            ? {
                kind: 'stdio',
                command: config.transport.command,
                args: config.transport.args,
                ...(config.transport.cwd ? { cwd: config.transport.cwd } : {}),
                env: Object.entries(config.transport.env).map(([name, value]) => ({
                  name,
                  sealed: seal(value),
                })),
              }
            : {
                kind: 'http',
                url: config.transport.url,
                headers: Object.entries(config.transport.headers).map(([name, value]) => ({
                  name,
                  sealed: seal(value),
                })),
              },
      }));
      if (servers.length + added.length > MAX_SERVERS) {
        throw new ServerStoreError('invalid', `At most ${MAX_SERVERS} MCP servers can be set up.`);
      }
      write([...servers, ...added]);
      return { added: added.map(toView), skipped: imported.skipped };
    },
    policyOf: (id) => servers.find((server) => server.id === id)?.policy ?? 'ask',
    enabledConfigs() {
      return servers.flatMap((server) => {
        if (!server.enabled) return [];
        try {
          return [serverConfigSchema.parse(withPlainValues(server, options.secrets.decrypt))];
        } catch (failure) {
          // A value sealed on another machine or user cannot be read: that server waits to be fixed.
          log(`MCP server ${server.name} was not started: ${(failure as Error).message}`);
          return [];
        }
      });
    },
  };
}

function withPlainValues(server: StoredServer, unseal: (sealed: string) => string) {
  const plain = (values: ReadonlyArray<{ name: string; sealed: string }>) =>
    Object.fromEntries(values.map(({ name, sealed }) => [name, unseal(sealed)]));
  return {
    id: server.id,
    name: server.name,
    enabled: server.enabled,
    transport:
      server.transport.kind === 'stdio'
        ? {
            kind: 'stdio' as const,
            command: server.transport.command,
            args: server.transport.args,
            ...(server.transport.cwd ? { cwd: server.transport.cwd } : {}),
            env: plain(server.transport.env),
          }
        : {
            kind: 'http' as const,
            url: server.transport.url,
            headers: plain(server.transport.headers),
          },
  };
}

function toView(server: StoredServer): ServerView {
  const names = (values: ReadonlyArray<{ name: string }>) =>
    values.map(({ name }) => ({ name, hasValue: true }));
  return {
    id: server.id,
    name: server.name,
    enabled: server.enabled,
    policy: server.policy,
    transport:
      server.transport.kind === 'stdio'
        ? {
            kind: 'stdio',
            command: server.transport.command,
            args: [...server.transport.args],
            cwd: server.transport.cwd ?? null,
            env: names(server.transport.env),
          }
        : { kind: 'http', url: server.transport.url, headers: names(server.transport.headers) },
  };
}

function readFile(filePath: string, log: (line: string) => void): StoredServer[] {
  const stored = readStored(filePath, 'servers', fileSchema);
  if (stored.state === 'read') return stored.value.servers;
  if (stored.state === 'absent') return [];
  const aside = `${filePath}.damaged-${Date.now()}`;
  try {
    fs.renameSync(filePath, aside);
    log(`${filePath} could not be read; it was kept as ${aside} and no MCP server was started.`);
  } catch {
    log(`${filePath} could not be read; no MCP server was started.`);
  }
  return [];
}
