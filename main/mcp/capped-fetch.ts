/**
 * The fetch the HTTP transports use: each answer to a POST (where a tool's result comes back) is cut off
 * past a limit, so a server that answers 50 MB costs the host at most the limit in memory, not 50 MB
 * plus its parsed copy. The long-lived GET event stream is left alone: it carries many small messages
 * over hours, and a cap on its total would cut a healthy connection.
 */
import { formatSize } from './host-protocol';

export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

export function cappedFetch(
  limitBytes: number,
  onOversize: () => void,
  base: FetchLike = fetch,
): FetchLike {
  return async (url, init) => {
    const response = await base(url, init);
    if ((init?.method ?? 'GET').toUpperCase() !== 'POST' || !response.body) return response;
    let seen = 0;
    const limited = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > limitBytes) {
            onOversize();
            // Erroring here cancels the body upstream, which closes the socket.
            controller.error(
              new Error(`The server's answer is larger than ${formatSize(limitBytes)}.`),
            );
            return;
          }
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(limited, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
