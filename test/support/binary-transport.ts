/**
 * The web e2e transport's stand-in for structured clone. Electron's IPC carries an ArrayBuffer as it
 * is (ipcRenderer.invoke clones its arguments); a Playwright binding carries JSON only. The page
 * side wraps each ArrayBuffer as base64 and the Node side unwraps it before the handler table sees
 * the payload, so main validates exactly what it gets in the app: a real ArrayBuffer.
 */

const TAG = '$runnelArrayBuffer';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** In the page: every ArrayBuffer in the payload, wrapped. */
export function wrapBinary(value: unknown): unknown {
  if (value instanceof ArrayBuffer) return { [TAG]: toBase64(value) };
  if (Array.isArray(value)) return value.map(wrapBinary);
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrapBinary(v)]));
  return value;
}

/** In Node: every wrapped ArrayBuffer, an ArrayBuffer again. */
export function unwrapBinary(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapBinary);
  if (isRecord(value)) {
    const wrapped = value[TAG];
    if (typeof wrapped === 'string' && Object.keys(value).length === 1) return fromBase64(wrapped);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapBinary(v)]));
  }
  return value;
}
