/** Starts this page's settled-block parse worker; Vite bundles the worker found at this URL. */
import { startSettledParseWorker } from './settled-parser';

export function startParseWorker(): void {
  // A factory, not one worker: a worker stopped by the per-block watchdog is replaced by a new one.
  startSettledParseWorker(
    () =>
      new Worker(new URL('./settled-parse-worker.ts', import.meta.url), {
        type: 'module',
        name: 'runnel-markdown',
      }),
  );
}
