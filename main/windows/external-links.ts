/**
 * The only addresses Runnel opens outside itself: http and https, after a real parse. Whitespace,
 * control characters, mixed case and encodings of `javascript:` and friends all parse to another
 * protocol (or fail to parse) and are refused.
 */
export function safeExternalUrl(raw: string): string | null {
  if (raw.length > 2_000) return null;
  // Browsers strip these before parsing; refusing them outright is simpler than guessing the result.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f\s]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.toString();
}
