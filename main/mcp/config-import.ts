/**
 * Importing the servers a person already set up elsewhere: the `mcpServers` object of Claude Desktop's
 * `claude_desktop_config.json`, and the Cursor-style `mcp.json` (the same object, where an entry may
 * name a `url` and `headers` instead of a command). Pure: text in, checked configs out. One bad entry is
 * named and skipped; the others still import.
 *
 * Values that look secret (an env var called `GITHUB_TOKEN`, an `Authorization` header) are listed in
 * `secrets`, so the settings layer can seal them with safeStorage before it stores anything; storing
 * servers in settings is a later step, and `SecretField` is the seam it will take.
 */
import { z } from 'zod';
import { serverConfigSchema, SERVER_ID, type McpServerConfig } from './server-config';

/** Where a secret sits in an imported server: which map, which key. */
export interface SecretField {
  serverId: string;
  location: 'env' | 'headers';
  key: string;
}

export type ConfigImport =
  | {
      ok: true;
      servers: McpServerConfig[];
      /** Entries left out, each with the reason in words. */
      skipped: { name: string; reason: string }[];
      secrets: SecretField[];
    }
  | { ok: false; code: 'not-json' | 'no-servers'; message: string };

/** Far larger than any real config; a bigger file is something else. */
export const MAX_IMPORT_CHARS = 1024 * 1024;

const stringMap = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean()]).transform(String),
);

/** One entry as Claude Desktop, Cursor, Cline and Windsurf write it; unknown fields are ignored. */
const entrySchema = z.looseObject({
  command: z.string().optional(),
  args: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
  env: stringMap.optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
  serverUrl: z.string().optional(),
  headers: stringMap.optional(),
  type: z.string().optional(),
  disabled: z.boolean().optional(),
});

const SECRET_NAME =
  /(key|token|secret|passw(or)?d|pwd|auth|credential|cookie|session|private|bearer|\bpat\b)/i;
const SECRET_VALUE = /^(sk-|ghp_|gho_|github_pat_|xox[abp]-|glpat-|AKIA|Bearer\s)/;

export function looksSecret(key: string, value: string): boolean {
  return SECRET_NAME.test(key) || SECRET_VALUE.test(value);
}

/** A settings id from the name a person gave the server: plain characters, unique within the import. */
function idFor(name: string, taken: Set<string>): string {
  const base =
    name
      .replace(/[^a-zA-Z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'server';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function describe(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

export function importMcpServers(text: string, taken: Iterable<string> = []): ConfigImport {
  if (text.length > MAX_IMPORT_CHARS) {
    return {
      ok: false,
      code: 'not-json',
      message:
        'This file is larger than 1 MB; an MCP config is far smaller. Check that you picked the right file.',
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      ok: false,
      code: 'not-json',
      message: `This file is not valid JSON (${(error as Error).message}). Claude Desktop's claude_desktop_config.json and Cursor's mcp.json are JSON files.`,
    };
  }
  const servers = (parsed as { mcpServers?: unknown } | null)?.mcpServers;
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    return {
      ok: false,
      code: 'no-servers',
      message:
        'This file has no "mcpServers" object. Pick claude_desktop_config.json (Claude Desktop: Settings → Developer → Edit Config) or a Cursor mcp.json.',
    };
  }
  const ids = new Set(taken);
  const result = {
    ok: true as const,
    servers: [] as McpServerConfig[],
    skipped: [] as { name: string; reason: string }[],
    secrets: [] as SecretField[],
  };
  for (const [name, raw] of Object.entries(servers)) {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) {
      result.skipped.push({ name, reason: describe(entry.error.issues) });
      continue;
    }
    const { command, args, env, cwd, headers, disabled } = entry.data;
    const url = entry.data.url ?? entry.data.serverUrl;
    if (!command && !url) {
      result.skipped.push({
        name,
        reason: 'it has neither a "command" to start nor a "url" to reach',
      });
      continue;
    }
    const id = SERVER_ID.test(name) && !ids.has(name) ? (ids.add(name), name) : idFor(name, ids);
    const transport = command
      ? {
          kind: 'stdio' as const,
          command,
          args: args ?? [],
          env: env ?? {},
          ...(cwd ? { cwd } : {}),
        }
      : { kind: 'http' as const, url: url ?? '', headers: headers ?? {} };
    const checked = serverConfigSchema.safeParse({
      id,
      name,
      enabled: disabled !== true,
      transport,
    });
    if (!checked.success) {
      ids.delete(id);
      result.skipped.push({ name, reason: describe(checked.error.issues) });
      continue;
    }
    result.servers.push(checked.data);
    const location = checked.data.transport.kind === 'stdio' ? 'env' : 'headers';
    const values =
      checked.data.transport.kind === 'stdio'
        ? checked.data.transport.env
        : checked.data.transport.headers;
    for (const [key, value] of Object.entries(values)) {
      if (looksSecret(key, value)) result.secrets.push({ serverId: id, location, key });
    }
  }
  if (result.servers.length === 0 && result.skipped.length === 0) {
    return {
      ok: false,
      code: 'no-servers',
      message: 'The "mcpServers" object in this file is empty: there is nothing to import.',
    };
  }
  return result;
}
