/**
 * Bodies that never end, for the engine's bounds: valid text forever (the answer-size cap), nothing but
 * keep-alive comments or malformed events (progress is an answer growing), bytes that never frame an
 * event, and a JSON document that never closes (the body caps). Written as fast as the client reads,
 * or one piece per `delayMs`, until the client leaves.
 */
import type http from 'node:http';
import { once } from 'node:events';
import { setImmediate as nextTurn, setTimeout as wait } from 'node:timers/promises';

export type EndlessKind = 'text' | 'keep-alive' | 'malformed' | 'unframed' | 'json';

/** One repeated piece of each kind; `text` pieces are `chunkChars` long (default 4096, for speed). */
export function endlessPiece(kind: EndlessKind, chunkChars = 4096): Buffer {
  switch (kind) {
    case 'text':
      return Buffer.from(
        `data: ${JSON.stringify({
          object: 'chat.completion.chunk',
          choices: [
            {
              index: 0,
              delta: { content: 'flow '.repeat(Math.ceil(chunkChars / 5)).slice(0, chunkChars) },
              finish_reason: null,
            },
          ],
        })}\n\n`,
      );
    case 'keep-alive':
      return Buffer.from(': keep-alive\n\n');
    case 'malformed':
      return Buffer.from('data: <html>upstream sent this, key=sk-leak-0123456789abcdef</html>\n\n');
    case 'unframed':
    case 'json':
      return Buffer.from('river '.repeat(512));
  }
}

/** The bytes before the repeated pieces: a JSON document's opening, or nothing. */
export function endlessPrefix(kind: EndlessKind): Buffer {
  return Buffer.from(
    kind === 'json' ? '{"choices":[{"index":0,"message":{"role":"assistant","content":"' : '',
  );
}

export function endlessContentType(kind: EndlessKind): string {
  return kind === 'json' ? 'application/json' : 'text/event-stream';
}

/** Writes `prefix` then `piece` forever, honouring backpressure, until the response is closed. */
export async function writeEndless(
  response: http.ServerResponse,
  kind: EndlessKind,
  options: { delayMs?: number; chunkChars?: number } = {},
): Promise<void> {
  const piece = endlessPiece(kind, options.chunkChars);
  let closed = false;
  response.once('close', () => {
    closed = true;
  });
  const prefix = endlessPrefix(kind);
  if (prefix.byteLength > 0) response.write(prefix);
  while (!closed && !response.destroyed) {
    const ok = response.write(piece);
    if (options.delayMs) await wait(options.delayMs);
    else if (!ok) await Promise.race([once(response, 'drain'), once(response, 'close')]);
    else await nextTurn();
  }
}
