import { describe, expect, it } from 'vitest';
import { importMcpServers } from '../../../../main/mcp/config-import';

/** As Claude Desktop's own documentation shows it (modelcontextprotocol.io, "Connect to local MCP servers"). */
const claudeDesktop = JSON.stringify({
  mcpServers: {
    filesystem: {
      command: 'npx',
      args: [
        '-y',
        '@modelcontextprotocol/server-filesystem',
        '/Users/ada/Desktop',
        '/Users/ada/Downloads',
      ],
    },
    github: {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-github'],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_abcdefghijklmnop', LOG_LEVEL: 'info' },
    },
  },
  globalShortcut: 'Ctrl+Space',
});

describe('importing mcpServers from Claude Desktop and Cursor', () => {
  it('imports Claude Desktop’s stdio servers and flags the token for sealing', () => {
    const result = importMcpServers(claudeDesktop);
    expect(result).toEqual({
      ok: true,
      servers: [
        {
          id: 'filesystem',
          name: 'filesystem',
          enabled: true,
          transport: {
            kind: 'stdio',
            command: 'npx',
            args: [
              '-y',
              '@modelcontextprotocol/server-filesystem',
              '/Users/ada/Desktop',
              '/Users/ada/Downloads',
            ],
            env: {},
          },
        },
        {
          id: 'github',
          name: 'github',
          enabled: true,
          transport: {
            kind: 'stdio',
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-github'],
            env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_abcdefghijklmnop', LOG_LEVEL: 'info' },
          },
        },
      ],
      skipped: [],
      secrets: [{ serverId: 'github', location: 'env', key: 'GITHUB_PERSONAL_ACCESS_TOKEN' }],
    });
  });

  it('imports Cursor’s url servers with headers, a disabled one as disabled, and names odd ids plainly', () => {
    const cursor = JSON.stringify({
      mcpServers: {
        'Linear (work)': {
          url: 'https://mcp.linear.app/sse',
          headers: { Authorization: 'Bearer lin_123456789', 'X-Team': 'core' },
        },
        local: {
          type: 'stdio',
          command: 'uvx',
          args: ['mcp-server-time', 7],
          disabled: true,
          env: { TZ: 'Europe/Paris', DEBUG: 1 },
        },
      },
    });
    const result = importMcpServers(cursor, ['local']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      result.servers.map((server) => [
        server.id,
        server.name,
        server.enabled,
        server.transport.kind,
      ]),
    ).toEqual([
      ['Linear-work', 'Linear (work)', true, 'http'],
      ['local-2', 'local', false, 'stdio'],
    ]);
    expect(result.servers[1]?.transport).toMatchObject({
      args: ['mcp-server-time', '7'],
      env: { TZ: 'Europe/Paris', DEBUG: '1' },
    });
    expect(result.secrets).toEqual([
      { serverId: 'Linear-work', location: 'headers', key: 'Authorization' },
    ]);
  });

  it('skips a broken entry by name, with the reason, and imports the rest', () => {
    const result = importMcpServers(
      JSON.stringify({
        mcpServers: {
          nothing: { args: ['x'] },
          ftp: { url: 'ftp://example.com/mcp' },
          listy: { command: 'node', args: 'server.js' },
          ok: { command: 'node', args: ['server.js'] },
        },
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      servers: [{ id: 'ok' }],
      skipped: [
        { name: 'nothing', reason: 'it has neither a "command" to start nor a "url" to reach' },
        { name: 'ftp', reason: 'transport.url: url must be an http:// or https:// address' },
        { name: 'listy', reason: expect.stringContaining('args') },
      ],
    });
  });

  it('says clearly what is wrong with a file that is not a config', () => {
    expect(importMcpServers('{"mcpServers": {')).toMatchObject({
      ok: false,
      code: 'not-json',
      message: expect.stringContaining('not valid JSON'),
    });
    expect(importMcpServers('{"servers": {}}')).toMatchObject({
      ok: false,
      code: 'no-servers',
      message: expect.stringContaining('no "mcpServers" object'),
    });
    expect(importMcpServers('{"mcpServers": {}}')).toMatchObject({
      ok: false,
      code: 'no-servers',
      message: expect.stringContaining('empty'),
    });
    expect(importMcpServers('\uFEFF' + claudeDesktop).ok).toBe(true);
  });
});
