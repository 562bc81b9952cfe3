/** Starts this page's settled-block parse worker; Vite bundles the worker found at this URL. */
import { startSettledParseWorker } from './settled-parser';

export function startParseWorker(): void {
  startSettledParseWorker(
    new Worker(new URL('./settled-parse-worker.ts', import.meta.url), {
      type: 'module',
      name: 'runnel-markdown',
    }),
  );
}
