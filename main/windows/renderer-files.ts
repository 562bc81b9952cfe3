/**
 * Maps an `app://runnel/...` request to a file of the built renderer, and nothing else: a path that
 * would leave the renderer's folder (`..`, encoded or not, absolute, drive letters) is refused.
 * Electron-free, so the web e2e suite serves the same files the same way over loopback.
 */
import path from 'node:path';

/** The renderer's Content-Security-Policy, sent as a header on every page (see DESIGN.md Security). */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  // Stylesheets only from the app; style="" attributes (KaTeX, the list virtualiser) are allowed.
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  // Images: the app's own, and the data: and blob: URLs it makes from attachment bytes (thumbnails).
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  // The history worker fetches its own .wasm; nothing else is fetched by the renderer.
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders = (): Record<string, string> => ({
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
});

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  // pdf.js's CMaps and standard fonts, fetched by the attachment worker (renderer/src/attachments/pdf-data.ts).
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
};

export interface RendererFile {
  filePath: string;
  contentType: string;
}

export function resolveRendererFile(rootDir: string, requestUrl: string): RendererFile | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative =
    pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, relative);
  if (filePath !== root && !filePath.startsWith(root + path.sep)) return null;
  const contentType = contentTypes[path.extname(filePath).toLowerCase()];
  if (!contentType) return null;
  return { filePath, contentType };
}
