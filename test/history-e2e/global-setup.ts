/**
 * Builds the harness page with Vite (the same bundling the app gets: the worker via `new URL(...,
 * import.meta.url)`, the .wasm as an asset) and serves it on loopback with the renderer's strict CSP.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const harnessCsp = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

export default async function globalSetup(): Promise<() => Promise<void>> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'runnel-history-e2e-'));
  await build({
    root: path.join(here, 'harness'),
    base: './',
    logLevel: 'warn',
    configFile: false,
    build: { outDir, emptyOutDir: true, minify: false, target: 'es2022' },
    worker: { format: 'es' },
  });

  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const relative = path
        .normalize(decodeURIComponent(url.pathname))
        .replace(/^(\.\.[/\\])+/, '');
      let file = path.join(outDir, relative);
      if (!file.startsWith(outDir)) {
        response.writeHead(403).end();
        return;
      }
      try {
        if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
        await stat(file);
      } catch {
        response.writeHead(404, { 'content-security-policy': harnessCsp }).end('not found');
        return;
      }
      response.writeHead(200, {
        'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': harnessCsp,
        'cache-control': 'no-store',
      });
      createReadStream(file).pipe(response);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.HISTORY_E2E_URL = `http://127.0.0.1:${port}/`;

  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(outDir, { recursive: true, force: true });
  };
}
