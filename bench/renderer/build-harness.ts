/** Bundles the benchmark page (production React, minified) into a temporary directory. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * `root` is the tree whose page and renderer are bundled: this one unless another copy of the repository
 * is named (bench/renderer/ab.ts bundles an older commit's beside the work tree's).
 */
export async function buildHarness({
  minify = true,
  root = path.join(here, '../..'),
} = {}): Promise<string> {
  const outdir = await mkdtemp(path.join(os.tmpdir(), 'runnel-renderer-bench-'));
  await build({
    entryPoints: [path.join(root, 'bench/renderer/harness/main.tsx')],
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir,
    minify,
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    logLevel: 'error',
  });
  // Runnel's settled-block parse worker, as the app bundles it: an ES module worker, resolved with the
  // `worker` export condition (a worker has no DOM).
  await build({
    entryPoints: [path.join(root, 'renderer/src/markdown/settled-parse-worker.ts')],
    bundle: true,
    format: 'esm',
    outfile: path.join(outdir, 'settled-parse-worker.js'),
    minify,
    target: 'chrome120',
    conditions: ['worker'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  await writeFile(
    path.join(outdir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>renderer bench</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/main.css"></head>
<body><main><div id="stream"></div><div id="cold"></div></main>
<script type="module" src="/main.js"></script></body></html>`,
  );
  return outdir;
}
