/**
 * Peak JavaScript heap of a page's dedicated workers (the history worker), sampled over the DevTools
 * protocol while something runs: `Runtime.getHeapUsage` in each worker, reached through the page's
 * session (`Target.setAutoAttach`, messages relayed with `Target.sendMessageToTarget`). It counts the
 * worker's V8 heap, not SQLite's WebAssembly memory; beside the renderer's resident size
 * (process-memory.ts) it tells which of the two an import's memory is.
 */
import type { BrowserContext, Page } from '@playwright/test';

interface HeapUsage {
  usedSize: number;
  totalSize: number;
}

export interface WorkerHeapWatch {
  /** Stops sampling; the largest heap (used, and reserved) any worker reached, in bytes. */
  stop(): Promise<{ used: number; total: number }>;
}

export const watchWorkerHeap = async (
  context: BrowserContext,
  page: Page,
  everyMs = 250,
): Promise<WorkerHeapWatch> => {
  const cdp = await context.newCDPSession(page);
  const workers: string[] = [];
  const waiting = new Map<number, (usage: HeapUsage | null) => void>();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') workers.push(event.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { id?: number; result?: HeapUsage };
    if (message.id === undefined) return;
    waiting.get(message.id)?.(message.result ?? null);
    waiting.delete(message.id);
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  const usage = (sessionId: string): Promise<HeapUsage | null> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      // A worker busy in one long call answers late: that sample is skipped, not waited for.
      setTimeout(() => {
        waiting.delete(id);
        resolve(null);
      }, 2000);
      void cdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
        })
        .catch(() => resolve(null));
    });
  const peak = { used: 0, total: 0 };
  let stopped = false;
  const sampling = (async () => {
    while (!stopped) {
      for (const sessionId of workers) {
        const heap = await usage(sessionId);
        if (heap) {
          peak.used = Math.max(peak.used, heap.usedSize);
          peak.total = Math.max(peak.total, heap.totalSize);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await sampling;
      await cdp.detach().catch(() => undefined);
      return peak;
    },
  };
};
