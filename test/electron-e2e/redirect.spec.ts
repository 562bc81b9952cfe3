/**
 * Redirects in real Electron, where the request goes through Chromium's network stack (net.fetch) in
 * the main process. The Node tests (test/unit/main/chat/same-origin-fetch.test.ts) cover the engine's
 * decisions for every shape a manual redirect can take; this checks which shape net.fetch really
 * produces, and that the app's engine then sends nothing to the other host.
 */
import { expect, test } from '@playwright/test';
import { startFaultServer } from '../fault-server/fault-server';
import { findElectronBinary, SKIP_REASON } from './electron-binary';
import { addFaultServerProvider, launchApp } from './launch';

const binary = findElectronBinary();
test.skip(!binary, SKIP_REASON);

type ManualRedirect =
  | { kind: 'response'; status: number; type: string; location: string | null }
  | { kind: 'rejected'; message: string };

test("net.fetch's manual redirect is one of the shapes the engine handles, and goes nowhere", async ({}, testInfo) => {
  const [api, elsewhere] = await Promise.all([startFaultServer(), startFaultServer()]);
  const { app } = await launchApp(binary!, testInfo.outputPath('user-data'));
  try {
    api.script({ redirect: { status: 307, location: `${elsewhere.baseURL}/chat/completions` } });
    const seen: ManualRedirect = await app.evaluate(async ({ net }, url) => {
      try {
        const response = await net.fetch(url, {
          method: 'POST',
          headers: { authorization: 'Bearer sk-electron-e2e', 'api-key': 'header-secret' },
          body: '{}',
          redirect: 'manual',
        });
        return {
          kind: 'response' as const,
          status: response.status,
          type: response.type,
          location: response.headers.get('location'),
        };
      } catch (error) {
        return { kind: 'rejected' as const, message: String((error as Error).message) };
      }
    }, `${api.baseURL}/chat/completions`);
    testInfo.annotations.push({
      type: 'net.fetch manual redirect',
      description: JSON.stringify(seen),
    });
    // same-origin-fetch.ts handles exactly these: the rejection Electron documents, an opaque
    // redirect, or the real 3xx with its Location.
    const handled =
      (seen.kind === 'rejected' && /Redirect was cancelled/i.test(seen.message)) ||
      (seen.kind === 'response' && (seen.status === 0 || seen.type === 'opaqueredirect')) ||
      (seen.kind === 'response' && seen.status === 307 && seen.location !== null);
    expect(handled, JSON.stringify(seen)).toBe(true);
    expect(elsewhere.requests).toHaveLength(0);
  } finally {
    await app.close();
    await Promise.all([api.close(), elsewhere.close()]);
  }
});

test('a chat whose server redirects to another host fails with the clear error, sending nothing there', async ({}, testInfo) => {
  const [api, elsewhere] = await Promise.all([startFaultServer(), startFaultServer()]);
  const { app, chat: window } = await launchApp(binary!, testInfo.outputPath('user-data'));
  try {
    await addFaultServerProvider(window, api);
    await window.reload();
    await expect(window.locator('body[data-app-state="ready"]')).toBeAttached();
    api.setDefault({
      redirect: { status: 302, location: `${elsewhere.baseURL}/chat/completions` },
    });
    await window.getByTestId('composer-input').fill('Say hello');
    await window.keyboard.press('Enter');
    const failed = window.locator('[data-role="assistant"][data-status="error"]');
    await expect(failed).toBeVisible({ timeout: 20_000 });
    // net.fetch's unreadable redirect, or a readable 3xx naming the other host: either way, nothing sent.
    await expect(failed).toContainText(/sent nowhere else|were not sent/);
    expect(elsewhere.requests).toHaveLength(0);
  } finally {
    await app.close();
    await Promise.all([api.close(), elsewhere.close()]);
  }
});
