/** Reading a response body as text, with the idle watchdog kept informed and a size limit. */
import type { IdleWatchdog } from './idle-watchdog';

/** A whole body (a JSON completion); throws past `maxBytes`. */
export async function readAll(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  watchdog: IdleWatchdog,
  maxBytes: number,
  first?: Uint8Array,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = first ? decoder.decode(first, { stream: true }) : '';
  let size = first?.byteLength ?? 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    watchdog.touch();
    size += value.byteLength;
    if (size > maxBytes) throw new Error(`body larger than ${maxBytes} bytes`);
    text += decoder.decode(value, { stream: true });
  }
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
