/**
 * The whole app for benchmarks, as the web e2e runs it: the built renderer (out/renderer) in headless
 * Chromium, the real preload bridge over the stand-in transport, the real handler table, stream
 * registry and engine in this Node process, against the fault server on loopback.
 * Needs `npx electron-vite build` first.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Server } from 'node:http';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { EventChannel } from '../preload/contract';
import { startFaultServer, type FaultServer } from '../test/fault-server/fault-server';
import { bundlePageBridge, wirePagesToHost } from '../test/support/app-wiring';
import { chromiumLaunchOptions } from '../test/support/chromium';
import {
  createMainHost,
  rendererDir,
  serveRendererOverLoopback,
  type MainHost,
  type MainHostOptions,
} from '../test/support/main-host';

export interface AppSession {
  browser: Browser;
  context: BrowserContext;
  host: MainHost;
  server: FaultServer;
  url: string;
  /** A new window of the app (window ids from 1), navigated and ready. */
  openWindow(options?: { beforeGoto?: (page: Page) => Promise<void> }): Promise<Page>;
  /**
   * A page wired as window `windowId` but not navigated, for timing the navigation itself; in
   * `inContext` (to share its OPFS), or by default in a window of its own.
   */
  wiredPage(windowId: number, inContext?: BrowserContext): Promise<Page>;
  close(): Promise<void>;
}

export async function startAppSession(
  options: MainHostOptions & {
    launchArgs?: string[];
    observe?: (channel: EventChannel, payload: unknown, windowId?: number) => void;
    /** The first window's context keeps its storage on disk, as the app's profile does (OPFS in a
     * fresh incognito-style context lives in memory behind a ~30x slower call path). */
    persistentProfile?: boolean;
  } = {},
): Promise<AppSession> {
  if (!existsSync(`${rendererDir}/index.html`))
    throw new Error('out/renderer is missing: run `npx electron-vite build` first');
  const { launchArgs, observe, persistentProfile, ...hostOptions } = options;
  const [bridgeScript, served, server, browser] = await Promise.all([
    bundlePageBridge(),
    serveRendererOverLoopback(),
    startFaultServer(),
    chromium.launch(chromiumLaunchOptions({ args: launchArgs ?? [] })),
  ]);
  const host = createMainHost(hostOptions);
  host.settings.saveProvider({
    name: 'Bench server',
    baseURL: server.baseURL,
    defaultModel: 'scripted',
    headers: {},
    apiKey: 'sk-bench-0000000000000000000000000000',
  });
  const viewport = { width: 1100, height: 760 };
  const profile = persistentProfile
    ? await mkdtemp(path.join(os.tmpdir(), 'runnel-bench-profile-'))
    : null;
  const context = profile
    ? await chromium.launchPersistentContext(profile, {
        ...chromiumLaunchOptions({ args: launchArgs ?? [] }),
        viewport,
      })
    : await browser.newContext({ viewport });
  const { wire } = wirePagesToHost(host, bridgeScript, observe);
  let windows = 0;
  const wiredPage = async (windowId: number, inContext?: BrowserContext): Promise<Page> => {
    // Headless Chromium draws frames only for the front tab of a window: windows after the first get
    // their own browser context (and so their own window and OPFS), or they would not paint at all.
    const page =
      windowId === 1 || inContext
        ? await (inContext ?? context).newPage()
        : await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
    // tsx compiles this file with esbuild's keepNames, which wraps functions in `__name(...)`: functions
    // passed to page.evaluate need that helper in the page too.
    await page.addInitScript('globalThis.__name ??= (fn) => fn;');
    await wire(page, windowId);
    return page;
  };
  return {
    browser,
    context,
    host,
    server,
    url: served.url,
    wiredPage,
    async openWindow(open = {}) {
      windows += 1;
      const page = await wiredPage(windows);
      await open.beforeGoto?.(page);
      await page.goto(`${served.url}/index.html`);
      await page.waitForSelector('body[data-app-state="ready"]', { state: 'attached' });
      return page;
    },
    async close() {
      host.streams.abortAll();
      if (profile) {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      }
      await browser.close();
      await server.close();
      await new Promise((resolve) => (served.server as Server).close(resolve));
    },
  };
}

/** Types `text` into the composer and sends it. */
export async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-input').press('Enter');
}

/** Waits until the last assistant message of `page` has finished streaming. */
export async function answerComplete(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="message"][data-role="assistant"]')]
        .at(-1)
        ?.getAttribute('data-status') === 'complete',
    undefined,
    { timeout, polling: 100 },
  );
}

/** Imports a backup through the app's own dialog, as a person would. */
export async function importBackup(page: Page, json: string): Promise<void> {
  // Through a file on disk: Playwright refuses a buffer over 50 MB, and the 100,000-message backup is
  // 66 MB.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'runnel-import-'));
  try {
    const file = path.join(dir, 'backup.json');
    await writeFile(file, json);
    await page.getByTestId('open-import-export').click();
    await page.getByTestId('import-backup-file').setInputFiles(file);
    await page.getByTestId('import-done').waitFor({ timeout: 300_000 });
    await page.getByTestId('history-dialog-close').click();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** This Node process's heap after a full GC (V8's flag set at run time, so no `--expose-gc` needed). */
export function mainHeapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** The page's JS heap after Chromium's full GC. */
export async function pageHeapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return usage.usedSize;
  } finally {
    await cdp.detach();
  }
}

/** Chromium's counters for the page's main thread (seconds of tasks, script, layout, style). */
export async function mainThreadCounters(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string): number => metrics.find((m) => m.name === name)?.value ?? 0;
    return {
      at: performance.now(),
      task: value('TaskDuration'),
      script: value('ScriptDuration'),
      layout: value('LayoutDuration'),
      style: value('RecalcStyleDuration'),
    };
  };
}

export type Counters = Awaited<ReturnType<Awaited<ReturnType<typeof mainThreadCounters>>>>;

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
};

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
