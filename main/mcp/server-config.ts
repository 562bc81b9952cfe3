/**
 * What a person configures for one MCP server: how to start it (a command) or reach it (a URL). The
 * schema is the one check every source passes through (settings, an imported Claude Desktop file, the
 * CLI's config file, the message to the host process), so a bad entry is named before anything runs.
 */
import { z } from 'zod';

/** Ids name servers in tool names and messages: short and plain, so both stay readable. */
export const SERVER_ID = /^[a-zA-Z0-9_-]{1,48}$/;

const stringMap = z.record(z.string(), z.string({ error: 'each value must be text' }));

export const stdioTransportSchema = z.object({
  kind: z.literal('stdio'),
  command: z.string().trim().min(1, 'command is empty: name the program to start, e.g. "npx"'),
  args: z.array(z.string({ error: 'each argument must be text' })).default([]),
  env: stringMap.default({}),
  /** Where the server starts; the user's home folder when absent. */
  cwd: z.string().min(1).optional(),
});

export const httpTransportSchema = z.object({
  kind: z.literal('http'),
  url: z
    .string()
    .refine(
      (text) => /^https?:$/.test(safeProtocol(text)),
      'url must be an http:// or https:// address',
    ),
  headers: stringMap.default({}),
});

function safeProtocol(text: string): string {
  try {
    return new URL(text).protocol;
  } catch {
    return '';
  }
}

export const transportSchema = z.discriminatedUnion(
  'kind',
  [stdioTransportSchema, httpTransportSchema],
  {
    error: 'transport must be {"kind": "stdio", "command": …} or {"kind": "http", "url": …}',
  },
);

export const serverConfigSchema = z.object({
  id: z
    .string()
    .regex(SERVER_ID, 'id may use only letters, digits, _ and -, at most 48 characters'),
  name: z.string().trim().min(1, 'name is empty').max(200),
  enabled: z.boolean().default(true),
  transport: transportSchema,
});

export type StdioTransport = z.infer<typeof stdioTransportSchema>;
export type HttpTransport = z.infer<typeof httpTransportSchema>;
export type ServerTransport = z.infer<typeof transportSchema>;
export type McpServerConfig = z.infer<typeof serverConfigSchema>;
/** What a caller may write: the defaulted fields may be left out. */
export type McpServerConfigInput = z.input<typeof serverConfigSchema>;

export const serverListSchema = z
  .array(serverConfigSchema)
  .max(100, 'more than 100 servers')
  .superRefine((servers, context) => {
    const seen = new Set<string>();
    for (const [index, server] of servers.entries()) {
      if (seen.has(server.id)) {
        context.addIssue({
          code: 'custom',
          message: `id "${server.id}" is used twice`,
          path: [index, 'id'],
        });
      }
      seen.add(server.id);
    }
  });
