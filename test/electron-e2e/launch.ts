/** Starts the built app in real Electron with a fresh profile, ready and pointed at a fault server. */
import path from 'node:path';
import {
  _electron as electron,
  expect,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import type { RunnelApi } from '../../preload/contract';
import type { FaultServer } from '../fault-server/fault-server';

const appDir = path.resolve(import.meta.dirname, '../..');

export async function launchApp(
  binary: string,
  userDataDir: string,
): Promise<{ app: ElectronApplication; chat: Page }> {
  const app = await electron.launch({
    executablePath: binary,
    args: [appDir, `--user-data-dir=${userDataDir}`],
    env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
  });
  const chat = await app.firstWindow();
  await expect(chat.locator('body[data-app-state="ready"]')).toBeAttached({ timeout: 20_000 });
  return { app, chat };
}

/** Adds the fault server as the active provider through the app's own bridge. */
export async function addFaultServerProvider(page: Page, server: FaultServer): Promise<void> {
  const saved = await page.evaluate(
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
}
