/**
 * Bytes in, Server-Sent Events out. Framing is eventsource-parser's job (comments, CRLF, multi-line
 * `data:`, fields split across reads); this file only turns bytes into text without breaking a UTF-8
 * character that straddles two reads.
 */
import { createParser } from 'eventsource-parser';

export interface SseMessage {
  /** The `event:` field; undefined for plain `data:` events. */
  event: string | undefined;
  data: string;
}

export interface SseDecoder {
  push(bytes: Uint8Array): void;
  /** The body ended cleanly: dispatch a last event that lacked its closing blank line. */
  end(): void;
}

/** A single SSE line longer than this is not a chat stream; stop buffering rather than eat memory. */
const MAX_BUFFERED_CHARS = 16 * 1024 * 1024;

export function createSseDecoder(
  onMessage: (message: SseMessage) => void,
  onOverflow: () => void = () => undefined,
): SseDecoder {
  const text = new TextDecoder('utf-8');
  let overflowed = false;
  const parser = createParser({
    maxBufferSize: MAX_BUFFERED_CHARS,
    onEvent: (event) => onMessage({ event: event.event, data: event.data }),
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') {
        overflowed = true;
        onOverflow();
      }
    },
  });
  const feed = (chunk: string): void => {
    if (!overflowed && chunk.length > 0) parser.feed(chunk);
  };
  return {
    push: (bytes) => feed(text.decode(bytes, { stream: true })),
    end: () => {
      feed(text.decode());
      feed('\n\n');
    },
  };
}
