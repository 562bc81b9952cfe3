/**
 * Builds the harness page with Vite (the bundling the app gets: the worker via `new URL(...,
 * import.meta.url)`, the .wasm as an asset) and serves it on loopback with the renderer's strict CSP.
 * Used by the e2e suite's global setup and by the history benchmark.
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

export interface HarnessServer {
  url: string;
  /** Serves `body` at `/<name>` too (benchmark data). */
  addFile(name: string, body: string): void;
  /** Serves the file at `filePath` at `/<name>`, read from disk (data larger than a string can be). */
  addDiskFile(name: string, filePath: string): void;
  close(): Promise<void>;
}

export const startHarnessServer = async (
  options: {
    /** Put before every worker script (`Sec-Fetch-Dest: worker`), e.g. the e2e guard's reporter. */
    workerPrelude?: string;
  } = {},
): Promise<HarnessServer> => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'runnel-history-harness-'));
  await build({
    root: path.join(here, 'harness'),
    base: './',
    // The worker honours its test-only options (old schema shapes, a capped disk) in this mode alone.
    mode: 'test',
    logLevel: 'warn',
    configFile: false,
    // Minified as the app's renderer build is, so the history benchmark times the code that ships.
    build: { outDir, emptyOutDir: true, minify: true, target: 'es2022' },
    worker: { format: 'es' },
  });
  const extra = new Map<string, string>();
  const onDisk = new Map<string, string>();

  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const headers = { 'content-security-policy': harnessCsp, 'cache-control': 'no-store' };
      const diskFile = onDisk.get(url.pathname.slice(1));
      if (diskFile !== undefined) {
        const { size } = await stat(diskFile);
        response.writeHead(200, {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(size),
        });
        createReadStream(diskFile).pipe(response);
        return;
      }
      const body = extra.get(url.pathname.slice(1));
      if (body !== undefined) {
        response.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(body);
        return;
      }
      let file = path.join(outDir, path.normalize(decodeURIComponent(url.pathname)));
      if (!file.startsWith(outDir)) {
        response.writeHead(403, headers).end();
        return;
      }
      try {
        if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
        await stat(file);
      } catch {
        response.writeHead(404, headers).end('not found');
        return;
      }
      response.writeHead(200, {
        ...headers,
        'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
      });
      if (options.workerPrelude && request.headers['sec-fetch-dest'] === 'worker') {
        response.write(options.workerPrelude);
      }
      createReadStream(file).pipe(response);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    addFile: (name, body) => extra.set(name, body),
    addDiskFile: (name, filePath) => onDisk.set(name, filePath),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(outDir, { recursive: true, force: true });
    },
  };
};
