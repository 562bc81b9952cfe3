/** The `app://runnel/` scheme: the built renderer's files and nothing else, never `file://`. */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { resolveRendererFile, securityHeaders } from './renderer-files';

export const APP_SCHEME = 'app';

/** Must run before the app is ready. `standard` + `secure` give the pages a real origin, so OPFS,
 * Web Locks and workers behave as on https, and 'self' in the CSP means the app's own files. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file =
      new URL(request.url).host === 'runnel' ? resolveRendererFile(rendererDir, request.url) : null;
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file.filePath);
      return new Response(body, {
        headers: { 'Content-Type': file.contentType, ...securityHeaders() },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
