/** The built app in real Electron: launches, streams an answer from the fault server, and is locked down. */
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { startFaultServer } from '../fault-server/fault-server';
import type { RunnelApi } from '../../preload/contract';
import { findElectronBinary, SKIP_REASON } from './electron-binary';

const binary = findElectronBinary();
test.skip(!binary, SKIP_REASON);

const appDir = path.resolve(import.meta.dirname, '../..');

test('launches, adds a provider and streams an answer', async ({}, testInfo) => {
  const server = await startFaultServer();
  const app = await electron.launch({
    executablePath: binary!,
    args: [appDir, `--user-data-dir=${testInfo.outputPath('user-data')}`],
    env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.locator('body[data-app-state="ready"]')).toBeAttached({ timeout: 20_000 });
    expect(window.url()).toMatch(/^app:\/\/runnel\//);

    const isolated = await window.evaluate(
      () => typeof (window as { require?: unknown }).require === 'undefined',
    );
    expect(isolated).toBe(true);

    const saved = await window.evaluate(
      (baseURL) =>
        (window as unknown as { runnel: RunnelApi }).runnel.settings.saveProvider({
          name: 'Fault server',
          baseURL,
          defaultModel: 'scripted',
          headers: {},
        }),
      server.baseURL,
    );
    expect(saved.ok).toBe(true);
    await window.reload();
    await expect(window.locator('body[data-app-state="ready"]')).toBeAttached();
    await window.getByTestId('composer-input').fill('Say hello');
    await window.keyboard.press('Enter');
    await expect(window.locator('[data-role="assistant"][data-status="complete"]')).toBeVisible({
      timeout: 20_000,
    });
  } finally {
    await app.close();
    await server.close();
  }
});
