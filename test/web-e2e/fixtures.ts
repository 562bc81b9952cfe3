/**
 * The web e2e fixture: the built renderer in real Chromium, `window.runnel` from the real bridge,
 * answered by the real handler table in this Node process, talking to the fault-injecting server.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { startFaultServer, type FaultServer } from '../fault-server/fault-server';
import type { EventChannel, Theme } from '../../preload/contract';
import { createMainHost, serveRendererOverLoopback, type MainHost } from './main-host';

export const TEST_API_KEY = 'sk-test-4f1c9a7e1b2d4c8fa3e5d6b7c8d9e0f1';
export const screenshotDir = path.resolve(import.meta.dirname, 'screenshots');

export interface AppUnderTest {
  page: Page;
  host: MainHost;
  server: FaultServer;
  /** Requests the page made to anywhere but the app's own files. */
  outsideRequests: string[];
  providerId: string;
  /** Opens the app and waits until it says it is ready. */
  open(options?: { colorScheme?: 'light' | 'dark' }): Promise<void>;
  screenshot(name: string): Promise<void>;
}

interface WorkerFixtures {
  rendererUrl: string;
  bridgeScript: string;
}

async function bundleBridge(): Promise<string> {
  const result = await build({
    entryPoints: [path.resolve(import.meta.dirname, 'page-bridge.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('bundling the page bridge produced nothing');
  return file.text;
}

export const test = base.extend<{ app: AppUnderTest; theme: Theme }, WorkerFixtures>({
  rendererUrl: [
    async ({}, use) => {
      const { url, server } = await serveRendererOverLoopback();
      await use(url);
      await new Promise((resolve) => server.close(resolve));
    },
    { scope: 'worker' },
  ],
  bridgeScript: [async ({}, use) => use(await bundleBridge()), { scope: 'worker' }],
  theme: ['system', { option: true }],

  app: async ({ page, rendererUrl, bridgeScript }, use) => {
    const server = await startFaultServer();
    const host = createMainHost();
    const view = host.settings.saveProvider({
      name: 'Test server',
      baseURL: server.baseURL,
      defaultModel: 'scripted',
      headers: {},
      apiKey: TEST_API_KEY,
    });
    const providerId = view.providers[0]?.id ?? '';
    const outsideRequests: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(rendererUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        outsideRequests.push(url);
      }
    });

    // Events are delivered in order: each waits for the one before it.
    let delivery: Promise<unknown> = Promise.resolve();
    host.connect((channel: EventChannel, payload: unknown) => {
      delivery = delivery
        .then(() =>
          page.evaluate(
            ([c, p]) =>
              (
                window as unknown as { __runnelDeliver?: (c: string, p: unknown) => void }
              ).__runnelDeliver?.(c, p),
            [channel, payload] as const,
          ),
        )
        .catch(() => {});
    });
    await page.exposeBinding('__runnelInvoke', (_source, channel: string, payload: unknown) =>
      host.dispatch(channel, payload, { windowId: 1 }),
    );
    await page.addInitScript(bridgeScript);

    const app: AppUnderTest = {
      page,
      host,
      server,
      outsideRequests,
      providerId,
      async open(options = {}) {
        if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
        await page.goto(`${rendererUrl}/index.html`);
        await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
      },
      async screenshot(name) {
        await mkdir(screenshotDir, { recursive: true });
        await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
      },
    };
    await use(app);
    host.streams.abortAll();
    await server.close();
  },
});

export { expect };
