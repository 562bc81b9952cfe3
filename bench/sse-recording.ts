/** What the engine benchmarks stream: SSE payloads as one body, handed out 1 KB per read as a socket would. */

/** Bytes per read, as a socket hands them out. */
export const READ_SIZE = 1024;

/** The payloads as an SSE body ending in `[DONE]`. */
export function sseBody(payloads: readonly string[]): Uint8Array {
  const body = `${payloads.map((payload) => `data: ${payload}\n\n`).join('')}data: [DONE]\n\n`;
  return new TextEncoder().encode(body);
}

/** A fresh SSE response over the bytes, `READ_SIZE` per read. */
export function responseOf(bytes: Uint8Array): Response {
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + READ_SIZE));
      offset += READ_SIZE;
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}
