/**
 * What kind of body a 2xx response carries. Proxies strip streaming (JSON), captive portals and
 * gateways answer with web pages (HTML), and some local servers send SSE under a vague content type.
 */

export type BodyKind = 'sse' | 'json' | 'html' | 'unknown';

export function bodyKindFromContentType(contentType: string | null): BodyKind {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/event-stream') return 'sse';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  return 'unknown';
}

/** Decides from the first characters of a body whose content type said nothing useful. */
export function sniffBodyKind(head: string): Exclude<BodyKind, 'unknown'> | 'text' {
  const start = head.trimStart().slice(0, 64).toLowerCase();
  if (start.startsWith('data:') || start.startsWith(':') || start.startsWith('event:'))
    return 'sse';
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (start.startsWith('<')) return 'html';
  return 'text';
}
