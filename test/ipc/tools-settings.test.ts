/**
 * Settings → Tools through the real handler table: a server saved from the window starts in the MCP
 * host (forked under Node, as the app's utility process) and lists its tools; its values never come
 * back; a Claude Desktop config imports; "always allow" answers are listed and revoked; bad input is
 * refused in words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { McpServerEntry } from '../../preload/contract';
import { createMainHost, type MainHost } from '../support/main-host';
import { everythingServer as everything } from '../support/mcp-everything';

const hosts: MainHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.mcpHost.stop()));
});

function host(): MainHost {
  const main = createMainHost();
  hosts.push(main);
  return main;
}

async function servers(main: MainHost): Promise<McpServerEntry[]> {
  const listed = await main.dispatch('runnel:tools:servers', {}, { windowId: 1 });
  if (!listed.ok) throw new Error(listed.error.message);
  return (listed.value as { servers: McpServerEntry[] }).servers;
}

async function until(main: MainHost, done: (list: McpServerEntry[]) => boolean) {
  for (let tries = 0; tries < 600; tries += 1) {
    const list = await servers(main);
    if (done(list)) return list;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never reached: ${JSON.stringify(await servers(main))}`);
}

describe('Settings → Tools over IPC', () => {
  it('starts a saved server, lists its tools, and never shows its values', async () => {
    const main = host();
    const changed: unknown[] = [];
    main.connect((channel) => {
      if (channel === 'runnel:tools:changed') changed.push(channel);
    });
    const saved = await main.dispatch(
      'runnel:tools:saveServer',
      {
        name: 'Everything',
        enabled: true,
        policy: 'read-only',
        transport: {
          kind: 'stdio',
          command: process.execPath,
          args: [everything, 'stdio'],
          env: [{ name: 'EVERYTHING_TOKEN', value: 'tok-secret-1' }],
        },
      },
      { windowId: 1 },
    );
    expect(saved).toMatchObject({ ok: true, value: { id: 'everything', policy: 'read-only' } });
    const list = await until(main, (all) => all[0]?.status.state === 'connected');
    expect(list[0]?.tools.map((tool) => tool.name)).toContain('echo');
    expect(JSON.stringify(list)).not.toContain('tok-secret-1');
    expect(list[0]?.transport).toMatchObject({
      env: [{ name: 'EVERYTHING_TOKEN', hasValue: true }],
    });
    expect(changed.length).toBeGreaterThan(0);

    await main.dispatch('runnel:tools:removeServer', { id: 'everything' }, { windowId: 1 });
    expect(await servers(main)).toEqual([]);
  }, 30_000);

  it('imports a Claude Desktop config and says what it skipped', async () => {
    const main = host();
    const imported = await main.dispatch(
      'runnel:tools:importConfig',
      {
        text: JSON.stringify({
          mcpServers: {
            everything: { command: process.execPath, args: [everything, 'stdio'], disabled: true },
            broken: { args: [] },
          },
        }),
      },
      { windowId: 1 },
    );
    expect(imported).toMatchObject({
      ok: true,
      value: { added: [{ id: 'everything' }], skipped: [{ name: 'broken' }] },
    });
    const notJson = await main.dispatch(
      'runnel:tools:importConfig',
      { text: 'mcpServers: yes' },
      { windowId: 1 },
    );
    expect(notJson).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringContaining('not valid JSON') },
    });
  });

  it('refuses a server the host could not start, in words, and changes nothing', async () => {
    const main = host();
    const refused = await main.dispatch(
      'runnel:tools:saveServer',
      {
        name: 'Remote',
        enabled: true,
        policy: 'ask',
        transport: {
          kind: 'http',
          url: 'https://mcp.example.com/mcp',
          headers: [{ name: 'X-Key' }],
        },
      },
      { windowId: 1 },
    );
    expect(refused).toEqual({
      ok: false,
      error: { code: 'invalid_setting', message: 'Give a value for header X-Key.' },
    });
    expect(await servers(main)).toEqual([]);
  });

  it('lists "always allow" answers and revokes one', async () => {
    const main = host();
    const list = async () => {
      const listed = await main.dispatch('runnel:tools:servers', {}, { windowId: 1 });
      return listed.ok ? (listed.value as { alwaysAllowed: unknown[] }).alwaysAllowed : null;
    };
    expect(await list()).toEqual([]);
    const revoked = await main.dispatch(
      'runnel:tools:revokeApproval',
      { serverId: 'files', tool: 'read_file' },
      { windowId: 1 },
    );
    expect(revoked).toEqual({ ok: true, value: {} });
    expect(await list()).toEqual([]);
  });
});
