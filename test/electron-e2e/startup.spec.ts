/**
 * Start-up in real Electron where a Node test cannot reach: a damaged settings.json (the app must
 * still open its window, keep the file and say so), and the data folder's name on Linux. The same
 * logic runs here without the binary in test/unit/main/lifecycle/startup.test.ts, against a stand-in.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { RunnelApi } from '../../preload/contract';
import { findElectronBinary, SKIP_REASON } from './electron-binary';
import { launchApp } from './launch';

const binary = findElectronBinary();
test.skip(!binary, SKIP_REASON);

const appDir = path.resolve(import.meta.dirname, '../..');

test('opens with defaults on a damaged settings.json, keeps it and says so', async ({}, testInfo) => {
  const userDataDir = testInfo.outputPath('user-data');
  mkdirSync(userDataDir, { recursive: true });
  // What a crash during a write can leave: the start of the file, then NUL bytes.
  const damaged = Buffer.concat([
    Buffer.from('{"settings":{"version":3,"provi'),
    Buffer.alloc(512),
  ]);
  writeFileSync(path.join(userDataDir, 'settings.json'), damaged);

  const { app, chat } = await launchApp(binary!, userDataDir);
  try {
    const view = await chat.evaluate(() =>
      (window as unknown as { runnel: RunnelApi }).runnel.settings.get({}),
    );
    expect(view.ok).toBe(true);
    const reset = view.ok ? view.value.reset : null;
    expect(reset?.reason).toMatch(/NUL/);
    expect(path.dirname(reset?.keptAs ?? '')).toBe(userDataDir);
    expect(readFileSync(reset!.keptAs!)).toEqual(damaged);
    expect(readdirSync(userDataDir)).toContain(path.basename(reset!.keptAs!));
  } finally {
    await app.close();
  }
});

test('keeps its data in a folder named Runnel, not runnel', async ({}, testInfo) => {
  // Electron's appData on Linux is $XDG_CONFIG_HOME: pointing it at the test's folder keeps the
  // run away from the real ~/.config without --user-data-dir, which would bypass the choice.
  test.skip(process.platform !== 'linux', 'appData can be redirected only on Linux');
  const configHome = testInfo.outputPath('config');
  mkdirSync(configHome, { recursive: true });
  const app = await electron.launch({
    executablePath: binary!,
    args: [appDir],
    env: { ...process.env, XDG_CONFIG_HOME: configHome },
  });
  try {
    const chat = await app.firstWindow();
    await expect(chat.locator('body[data-app-state="ready"]')).toBeAttached({ timeout: 20_000 });
    const { name, userData } = await app.evaluate(({ app: main }) => ({
      name: main.getName(),
      userData: main.getPath('userData'),
    }));
    expect(name).toBe('Runnel');
    expect(userData).toBe(path.join(configHome, 'Runnel'));
    expect(readdirSync(configHome)).toEqual(['Runnel']);
  } finally {
    await app.close();
  }
});
