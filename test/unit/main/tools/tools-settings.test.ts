/**
 * Settings → Tools, main's side, over the real MCP host forked under Node: when the host process is
 * killed, the list says it is being restarted, and once it runs again it still says it was restarted
 * (and why), with the server connected again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterAll, describe, expect, it } from 'vitest';
import { createApprovals } from '../../../../main/tools/approvals';
import { lazyHost } from '../../../../main/tools/lazy-host';
import { createServerStore } from '../../../../main/tools/server-store';
import { createToolService } from '../../../../main/tools/tool-service';
import { createToolsSettings } from '../../../../main/tools/tools-settings';
import { everythingServer, nodeMcpHost } from '../../../support/mcp-everything';
import { testSecrets } from '../../../support/main-host';

const dir = mkdtempSync(path.join(tmpdir(), 'runnel-tools-settings-'));
const host = lazyHost(nodeMcpHost());
afterAll(async () => {
  await host.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the MCP host in Settings → Tools', () => {
  it('says the host stopped and is restarting, then that it was restarted, with the server back', async () => {
    const openStore = (cwd: string, name: string) =>
      new Conf({ cwd, configName: name, clearInvalidConfig: false });
    const store = createServerStore({ dir, openStore, secrets: testSecrets });
    let changes = 0;
    const approvals = createApprovals({ dir, openStore });
    // As main wires it: the tool service lists the tools (and lists none while the host is down).
    const service = createToolService({ host, approvals, policyOf: () => 'ask' });
    const settings = createToolsSettings({
      store,
      host,
      approvals,
      tools: () => service.tools(),
      changed: () => (changes += 1),
      now: () => Date.UTC(2026, 11, 8, 1, 30),
    });
    const connected = async () => (await settings.list()).servers[0]?.status.state === 'connected';
    await settings.save({
      name: 'Everything',
      enabled: true,
      policy: 'ask',
      transport: {
        kind: 'stdio',
        command: process.execPath,
        args: [everythingServer, 'stdio'],
        env: [],
      },
    });
    await expect.poll(connected, { timeout: 20_000 }).toBe(true);
    expect((await settings.list()).host).toEqual({ state: 'running' });

    const before = changes;
    const status = host.hostStatus();
    if (status.state !== 'running') throw new Error(`the host is ${status.state}`);
    process.kill(status.pid, 'SIGKILL');

    await expect
      .poll(async () => (await settings.list()).host?.state, { timeout: 10_000, interval: 5 })
      .toBe('restarting');
    expect((await settings.list()).host).toMatchObject({
      state: 'restarting',
      attempt: 1,
      reason: 'The MCP host stopped (signal SIGKILL).',
    });
    // Every window was told, so an open Settings page asks again.
    expect(changes).toBeGreaterThan(before);

    await expect.poll(connected, { timeout: 20_000 }).toBe(true);
    expect((await settings.list()).host).toEqual({
      state: 'running',
      restarted: {
        reason: 'The MCP host stopped (signal SIGKILL).',
        at: Date.UTC(2026, 11, 8, 1, 30),
      },
    });
  });
});
