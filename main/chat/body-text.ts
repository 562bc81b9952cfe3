/** Reading a response body as text, with the idle watchdog kept informed and a size limit. */
import type { IdleWatchdog } from './idle-watchdog';

/** A body past its cap: the caller reports it as such, never as a dropped connection to retry. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * A whole body (a JSON completion or a models list); throws BodyTooLargeError past `maxBytes`, having
 * cancelled the rest. Every read counts as progress: these bytes are the answer itself.
 */
export async function readAll(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  watchdog: Pick<IdleWatchdog, 'progressed'> | null,
  maxBytes: number,
  first?: Uint8Array,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = first ? decoder.decode(first, { stream: true }) : '';
  let size = first?.byteLength ?? 0;
  if (size > maxBytes) throw await cancelled(reader, maxBytes);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    watchdog?.progressed();
    size += value.byteLength;
    if (size > maxBytes) throw await cancelled(reader, maxBytes);
    text += decoder.decode(value, { stream: true });
  }
}

async function cancelled(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
): Promise<BodyTooLargeError> {
  await reader.cancel().catch(() => undefined);
  return new BodyTooLargeError(maxBytes);
}

/** An error body, read only as far as is useful to explain the error. */
export async function readText(
  response: Response,
  watchdog: IdleWatchdog,
  maxBytes: number,
): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    watchdog.touch();
    size += value.byteLength;
    text += decoder.decode(value, { stream: true });
    if (size >= maxBytes) {
      await reader.cancel().catch(() => undefined);
      return text;
    }
  }
}
