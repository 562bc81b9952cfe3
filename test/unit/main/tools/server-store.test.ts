/**
 * The MCP servers at rest: a real file through conf (as electron-store writes it), every environment
 * and header value sealed and never shown, values kept when an edit leaves them out, a Claude Desktop
 * config imported, bad entries refused in words, and a damaged file kept aside.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerStore, type ServerInput } from '../../../../main/tools/server-store';
import type { SecretBox } from '../../../../main/settings/settings-service';
import { testSecrets } from '../../../support/main-host';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(dir = mkdtempSync(path.join(tmpdir(), 'runnel-servers-')), secrets = testSecrets) {
  dirs.push(dir);
  const lines: string[] = [];
  const store = createServerStore({
    dir,
    openStore: (cwd, name) => new Conf({ cwd, configName: name, clearInvalidConfig: false }),
    secrets,
    log: (line) => lines.push(line),
  });
  return { store, dir, lines };
}

const github: ServerInput = {
  name: 'GitHub',
  enabled: true,
  policy: 'ask',
  transport: {
    kind: 'stdio',
    command: 'npx',
    args: ['-y', '@modelcontextprotocol/server-github'],
    env: [{ name: 'GITHUB_TOKEN', value: 'ghp_secret123' }],
  },
};

describe('servers at rest', () => {
  it('seals every value, shows only names, and gives the host the plain values', () => {
    const { store, dir } = open();
    const view = store.save(github);
    expect(view).toEqual({
      id: 'github',
      name: 'GitHub',
      enabled: true,
      policy: 'ask',
      transport: {
        kind: 'stdio',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-github'],
        cwd: null,
        env: [{ name: 'GITHUB_TOKEN', hasValue: true }],
      },
    });
    expect(readFileSync(store.path, 'utf8')).not.toContain('ghp_secret123');
    const again = open(dir).store;
    expect(again.enabledConfigs()).toEqual([
      {
        id: 'github',
        name: 'GitHub',
        enabled: true,
        transport: {
          kind: 'stdio',
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-github'],
          env: { GITHUB_TOKEN: 'ghp_secret123' },
        },
      },
    ]);
  });

  it('keeps a sealed value an edit leaves out, and replaces one it gives', () => {
    const { store } = open();
    store.save(github);
    store.save({
      ...github,
      id: 'github',
      name: 'GitHub (work)',
      transport: {
        ...github.transport,
        env: [{ name: 'GITHUB_TOKEN' }],
      } as ServerInput['transport'],
    });
    expect(store.enabledConfigs()[0]).toMatchObject({
      name: 'GitHub (work)',
      transport: { env: { GITHUB_TOKEN: 'ghp_secret123' } },
    });
    store.save({
      ...github,
      id: 'github',
      transport: {
        ...github.transport,
        env: [{ name: 'GITHUB_TOKEN', value: 'new' }],
      } as ServerInput['transport'],
    });
    expect(store.enabledConfigs()[0]).toMatchObject({
      transport: { env: { GITHUB_TOKEN: 'new' } },
    });
  });

  it('gives a new server its own id, and leaves disabled ones out of what starts', () => {
    const { store } = open();
    store.save(github);
    const second = store.save({ ...github, enabled: false });
    expect(second.id).toBe('github-2');
    expect(store.enabledConfigs().map((config) => config.id)).toEqual(['github']);
    store.remove('github');
    expect(store.list().map((server) => server.id)).toEqual(['github-2']);
  });

  it('refuses what the host could not start, in words', () => {
    const { store } = open();
    expect(() =>
      store.save({ ...github, transport: { kind: 'stdio', command: '  ', args: [], env: [] } }),
    ).toThrow(/command is empty/);
    expect(() =>
      store.save({
        ...github,
        transport: { kind: 'http', url: 'ftp://example.com', headers: [] },
      }),
    ).toThrow(/http:\/\/ or https:\/\//);
    expect(() =>
      store.save({
        ...github,
        transport: { ...github.transport, env: [{ name: 'NEW' }] } as ServerInput['transport'],
      }),
    ).toThrow('Give a value for environment variable NEW.');
    expect(store.list()).toEqual([]);
  });

  it('refuses to keep values where the system has no safe place for them', () => {
    const unavailable: SecretBox = { ...testSecrets, kind: () => 'unavailable' };
    expect(() => open(undefined, unavailable).store.save(github)).toThrow(
      /no safe place for secrets/,
    );
  });

  it('imports Claude Desktop’s mcpServers, sealed, each asking before its tools run', () => {
    const { store } = open();
    const result = store.importConfig(
      JSON.stringify({
        mcpServers: {
          filesystem: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'],
          },
          remote: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer abc' } },
          broken: { args: ['no command'] },
        },
      }),
    );
    expect(result.added.map((server) => [server.id, server.policy])).toEqual([
      ['filesystem', 'ask'],
      ['remote', 'ask'],
    ]);
    expect(result.skipped.map((entry) => entry.name)).toEqual(['broken']);
    expect(readFileSync(store.path, 'utf8')).not.toContain('Bearer abc');
    expect(store.enabledConfigs()[1]).toMatchObject({
      transport: { kind: 'http', headers: { Authorization: 'Bearer abc' } },
    });
    expect(() => store.importConfig('not json')).toThrow();
  });

  it('keeps a damaged file aside and starts no server from it', () => {
    const { dir } = open();
    writeFileSync(
      path.join(dir, 'mcp-servers.json'),
      '{"servers": {"version": 1, "servers": [{"id"',
    );
    const { store, lines } = open(dir);
    expect(store.list()).toEqual([]);
    expect(lines[0]).toMatch(/could not be read; it was kept as .*damaged/);
    expect(readdirSync(dir).some((file) => file.includes('damaged'))).toBe(true);
    store.save(github);
    expect(store.list()).toHaveLength(1);
  });
});
