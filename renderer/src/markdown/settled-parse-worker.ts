/** The settled-block parse worker: a job in (parse-jobs.ts), its result out. */
import { runParseJob } from './parse-jobs';
import type { ParseReply, ParseRequest } from './settled-parse-protocol';

interface WorkerScope {
  postMessage(message: ParseReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ParseRequest>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.addEventListener('message', ({ data: { id, job } }) => {
  try {
    scope.postMessage({ id, result: runParseJob(job) });
  } catch (error) {
    // The page shows that block as plain text; it never runs the job itself.
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

// Loading the bundle takes a while; the page's per-job watchdog starts only once it has.
scope.postMessage({ ready: true });
