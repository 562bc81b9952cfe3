/**
 * The web e2e fixture: the built renderer in real Chromium, `window.runnel` from the real bridge,
 * answered by the real handler table in this Node process, talking to the fault-injecting server.
 * Every test is guarded: a request outside the app's origin or a CSP violation, in any page or worker
 * of its browser context, fails it (see test/support/context-guard.ts).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startFaultServer, type FaultServer } from '../fault-server/fault-server';
import type { Theme } from '../../preload/contract';
import { bundlePageBridge, wirePagesToHost } from '../support/app-wiring';
import { runGuarded, VIOLATION_REPORTER, type ContextGuard } from '../support/context-guard';
import {
  createMainHost,
  serveRendererOverLoopback,
  type MainHost,
  type MainHostOptions,
} from '../support/main-host';

export const TEST_API_KEY = 'sk-test-4f1c9a7e1b2d4c8fa3e5d6b7c8d9e0f1';
export const screenshotDir = path.resolve(import.meta.dirname, 'screenshots');

export interface AppUnderTest {
  page: Page;
  host: MainHost;
  /** This test's own fault server: what a test scripts on it (answers, `/models`) reaches no other. */
  server: FaultServer;
  /** What the whole browser context asked for outside the app, and the CSP violations in it. */
  guard: ContextGuard;
  /** URLs main was asked to open in the system browser, in order (main's `openExternal`). */
  readonly openedExternally: readonly string[];
  providerId: string;
  /** The loopback origin the renderer is served from (the app:// origin's stand-in). */
  origin: string;
  /**
   * Opens the app (`index.html`, or another page such as `quick-ask.html`) as window 1 and waits
   * until it says it is ready.
   */
  open(options?: { colorScheme?: 'light' | 'dark'; page?: string }): Promise<Page>;
  /** Opens another window of the app, with its own window id, in the same browser context. */
  openWindow(file: string, windowId: number): Promise<Page>;
  /**
   * Resolves once every event main sent to window 1 so far has reached the page and been rendered:
   * two animation frames later (the store flushes before the first; React has rendered by the second).
   */
  eventsDelivered(): Promise<void>;
  screenshot(name: string): Promise<void>;
}

interface WorkerFixtures {
  rendererUrl: string;
  bridgeScript: string;
}

export const test = base.extend<
  { app: AppUnderTest; guard: ContextGuard; theme: Theme; mainHostOptions: MainHostOptions },
  WorkerFixtures
>({
  rendererUrl: [
    async ({}, use) => {
      const { url, server } = await serveRendererOverLoopback({
        workerPrelude: VIOLATION_REPORTER,
      });
      await use(url);
      await new Promise((resolve) => server.close(resolve));
    },
    { scope: 'worker' },
  ],
  bridgeScript: [async ({}, use) => use(await bundlePageBridge()), { scope: 'worker' }],
  theme: ['system', { option: true }],
  /** What a spec gives main beyond the defaults (a tool service over a real MCP host, say). */
  mainHostOptions: [{}, { option: true }],

  guard: [
    async ({ context, rendererUrl }, use) => runGuarded(context, [rendererUrl], use),
    { auto: true },
  ],

  app: async ({ page, rendererUrl, bridgeScript, guard, mainHostOptions }, use) => {
    const server = await startFaultServer();
    const host = createMainHost(mainHostOptions);
    const view = host.settings.saveProvider({
      name: 'Test server',
      baseURL: server.baseURL,
      defaultModel: 'scripted',
      headers: {},
      apiKey: TEST_API_KEY,
    });
    const providerId = view.providers[0]?.id ?? '';

    const { wire, delivered } = wirePagesToHost(host, bridgeScript);
    await wire(page, 1);

    const app: AppUnderTest = {
      page,
      host,
      server,
      guard,
      openedExternally: host.windows.openedExternally,
      providerId,
      origin: rendererUrl,
      async open(options = {}) {
        if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
        await page.goto(`${rendererUrl}/${options.page ?? 'index.html'}`);
        await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
        return page;
      },
      async openWindow(file, windowId) {
        const other = await page.context().newPage();
        await wire(other, windowId);
        await other.goto(`${rendererUrl}/${file}`);
        await expect(other.locator('body[data-app-state="ready"]')).toBeAttached();
        return other;
      },
      async eventsDelivered() {
        await delivered(1);
        await page.evaluate(async () => {
          for (let frames = 0; frames < 2; frames += 1) {
            await new Promise((resolve) => requestAnimationFrame(resolve));
          }
        });
      },
      async screenshot(name) {
        await mkdir(screenshotDir, { recursive: true });
        await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
      },
    };
    await use(app);
    host.streams.abortAll();
    await host.mcpHost.stop();
    await server.close();
  },
});

export { expect };

/** The last answer in the open conversation. */
export const assistant = (page: Page) =>
  page.locator('[data-testid="message"][data-role="assistant"]').last();

/** Types a question into the composer and sends it, as a person does. */
export const send = async (page: Page, text: string): Promise<void> => {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-input').press('Enter');
};
