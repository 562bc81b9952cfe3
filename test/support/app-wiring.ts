/**
 * How the built renderer is joined to the main-process host outside Electron, shared by the web e2e
 * fixture and the benchmarks: the real preload bridge bundled for the page over a stand-in transport,
 * requests answered by the host's handler table, and events delivered to each window in order.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import type { EventChannel } from '../../preload/contract';
import { unwrapBinary } from './binary-transport';
import type { MainHost } from './main-host';

/** The page side of the stand-in transport (test/web-e2e/page-bridge.ts) as one script. */
export async function bundlePageBridge(): Promise<string> {
  const result = await build({
    entryPoints: [path.resolve(import.meta.dirname, '../web-e2e/page-bridge.ts')],
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

export interface PageWiring {
  /** Makes `page` window `windowId` of the app: its requests go to the host, its events come back. */
  wire(page: Page, windowId: number): Promise<void>;
  /** Resolves once every event sent to window `windowId` so far has been handed to its page. */
  delivered(windowId: number): Promise<void>;
}

/** Each window gets the events meant for it (or for all), in order: each waits for the one before. */
export function wirePagesToHost(
  host: MainHost,
  bridgeScript: string,
  /** Sees every event as main sends it (benchmarks time them here). */
  observe?: (channel: EventChannel, payload: unknown, windowId?: number) => void,
): PageWiring {
  const windows = new Map<number, { page: Page; delivery: Promise<unknown> }>();
  const deliverTo = (windowId: number, channel: EventChannel, payload: unknown): void => {
    const target = windows.get(windowId);
    if (!target) return;
    target.delivery = target.delivery
      .then(() =>
        target.page.evaluate(
          ([c, p]) =>
            (
              window as unknown as { __runnelDeliver?: (c: string, p: unknown) => void }
            ).__runnelDeliver?.(c, p),
          [channel, payload] as const,
        ),
      )
      .catch(() => {});
  };
  host.connect((channel: EventChannel, payload: unknown, windowId?: number) => {
    observe?.(channel, payload, windowId);
    for (const id of windowId === undefined ? windows.keys() : [windowId])
      deliverTo(id, channel, payload);
  });
  return {
    async wire(target, windowId) {
      windows.set(windowId, { page: target, delivery: Promise.resolve() });
      await target.exposeBinding('__runnelInvoke', (_source, channel: string, payload: unknown) =>
        host.dispatch(channel, unwrapBinary(payload), { windowId }),
      );
      await target.addInitScript(bridgeScript);
    },
    async delivered(windowId) {
      await windows.get(windowId)?.delivery;
    },
  };
}
