/** The built app in real Electron: launches, streams an answer from the fault server, and is locked down. */
import { expect, test } from '@playwright/test';
import { startFaultServer } from '../fault-server/fault-server';
import { findElectronBinary, SKIP_REASON } from './electron-binary';
import { addFaultServerProvider, launchApp } from './launch';

const binary = findElectronBinary();
test.skip(!binary, SKIP_REASON);

test('launches, adds a provider and streams an answer', async ({}, testInfo) => {
  const server = await startFaultServer();
  const { app, chat: window } = await launchApp(binary!, testInfo.outputPath('user-data'));
  try {
    expect(window.url()).toMatch(/^app:\/\/runnel\//);

    const isolated = await window.evaluate(
      () => typeof (window as { require?: unknown }).require === 'undefined',
    );
    expect(isolated).toBe(true);

    await addFaultServerProvider(window, server);
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
