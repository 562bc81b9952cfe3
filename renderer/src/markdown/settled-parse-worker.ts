/** The settled-block parse worker: Markdown source in, a safe hast tree out (see settled-tree.ts). */
import type { ParseReply, ParseRequest } from './settled-parse-protocol';
import { settledTree } from './settled-tree';

interface WorkerScope {
  postMessage(message: ParseReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ParseRequest>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.addEventListener('message', ({ data: { id, source } }) => {
  try {
    scope.postMessage({ id, tree: settledTree(source) });
  } catch (error) {
    // The page parses it itself, where the error (if any) surfaces as it would have without a worker.
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
