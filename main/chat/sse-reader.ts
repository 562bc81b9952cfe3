/**
 * Bytes in, Server-Sent Events out. Framing is eventsource-parser's job (comments, CRLF, multi-line
 * `data:`, fields split across reads, a BOM); this file only decides how bytes become text.
 *
 * It hands the parser each read as Latin-1, one character per byte, and decodes UTF-8 per event, only
 * for events that can hold non-ASCII bytes. That is exact, not a shortcut: every byte SSE framing
 * looks at (CR, LF, `:`, space, field names) is ASCII, and in UTF-8 no byte of a multi-byte character is
 * below 0x80, so the parser splits the Latin-1 text exactly where it would split the decoded text. It
 * also means a character cut between two reads needs no special care. Why bother: decoding every read
 * with TextDecoder was the largest cost after JSON.parse, and Latin-1 strings are V8's compact one-byte
 * strings, which the parser and JSON.parse also read faster.
 */
import { Buffer, isAscii } from 'node:buffer';
import { createParser } from 'eventsource-parser';

export interface SseMessage {
  /** The `event:` field; undefined for plain `data:` events. */
  event?: string | undefined;
  data: string;
}

export interface SseDecoder {
  push(bytes: Uint8Array): void;
  /** The body ended cleanly: dispatch a last event that lacked its closing blank line. */
  end(): void;
}

/** A single SSE line longer than this is not a chat stream; stop buffering rather than eat memory. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export function createSseDecoder(
  onMessage: (message: SseMessage) => void,
  onOverflow: () => void = () => undefined,
): SseDecoder {
  let reads = 0;
  let lastNonAsciiRead = -1;
  // An event's bytes lie between the read that ended the previous event and the current read.
  let readAtLastEvent = 0;
  let overflowed = false;
  const parser = createParser({
    maxBufferSize: MAX_BUFFERED_BYTES,
    onEvent: (event) => {
      // Only an event whose own bytes include non-ASCII needs decoding, not every event of such a read.
      if (lastNonAsciiRead >= readAtLastEvent) {
        if (highByte.test(event.data)) event.data = utf8FromLatin1(event.data);
        if (event.event !== undefined && highByte.test(event.event))
          event.event = utf8FromLatin1(event.event);
      }
      readAtLastEvent = reads;
      onMessage(event);
    },
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') {
        overflowed = true;
        onOverflow();
      }
    },
  });
  return {
    push(bytes) {
      if (overflowed || bytes.byteLength === 0) return;
      reads += 1;
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (!isAscii(buffer)) lastNonAsciiRead = reads;
      parser.feed(buffer.toString('latin1'));
    },
    end() {
      if (!overflowed) parser.feed('\n\n');
    },
  };
}

/** A byte of a multi-byte UTF-8 character, as one Latin-1 character. */
const highByte = /[\x80-\xff]/;

/** Latin-1 text holding UTF-8 bytes → the text they encode (invalid bytes become U+FFFD). */
function utf8FromLatin1(text: string): string {
  return Buffer.from(text, 'latin1').toString('utf8');
}
