import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * Vite resolves a worker's packages with the page's `browser` condition, not `worker`
 * (vitejs/vite#7439), and these packages' browser builds need a `document` that the Markdown parse worker
 * lacks: take their DOM-free builds there. The web e2e fails if the worker cannot load.
 */
const domFreeBuilds: Readonly<Record<string, string>> = {
  // micromark's character-reference decoder
  'decode-named-character-reference': 'index.js',
  // rehype-katex's HTML parser
  'hast-util-from-html-isomorphic': 'index.js',
};
const domFreeBuildsInWorkers: Plugin = {
  name: 'runnel:dom-free-builds-in-workers',
  enforce: 'pre',
  resolveId(source) {
    const file = domFreeBuilds[source];
    return file === undefined ? null : resolve(root, 'node_modules', source, file);
  },
};

/**
 * sqlite-wasm's module names two workers History never starts: its Worker1 API (`sqlite3-worker1`,
 * 216 KB) and the async proxy of the "opfs" VFS (32 KB; history uses opfs-sahpool, which needs none).
 * Vite bundles whatever `new URL(…, import.meta.url)` names, so the two names are cut here; code that
 * still reached them would throw. test/history-e2e/built-bundle.spec.ts checks the build lacks them.
 */
const sqliteUnusedWorkers: Readonly<Record<string, string>> = {
  'new Worker(new URL("sqlite3-worker1.mjs", import.meta.url), { type: "module" })':
    'sqlite3-worker1',
  'new URL("sqlite3-opfs-async-proxy.js", import.meta.url)': 'sqlite3-opfs-async-proxy',
};
const withoutUnusedSqliteWorkers: Plugin = {
  name: 'runnel:without-unused-sqlite-workers',
  enforce: 'pre',
  transform(code, id) {
    if (!id.replaceAll('\\', '/').endsWith('@sqlite.org/sqlite-wasm/dist/index.mjs')) return null;
    let out = code;
    for (const [use, name] of Object.entries(sqliteUnusedWorkers)) {
      // A new sqlite-wasm that spells these differently fails the build rather than ship them again.
      if (!out.includes(use)) this.error(`sqlite-wasm no longer names ${name} as expected`);
      out = out.replace(
        use,
        `(() => { throw new Error("${name} is not part of Runnel's build"); })()`,
      );
    }
    return { code: out, map: null };
  },
};

// electron-vite looks for src/ by default; Runnel's processes live in top-level folders instead.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'main/index.ts'),
          // The MCP host, started as a utilityProcess (main/mcp/electron-host-process.ts).
          'mcp-host': resolve(root, 'main/mcp/host-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require packages or load ESM: one CommonJS file with zod inside.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    // Workers are ES modules (sqlite-wasm is ESM).
    worker: { format: 'es', plugins: () => [domFreeBuildsInWorkers, withoutUnusedSqliteWorkers] },
    build: {
      // electron-vite leaves bundles unminified; minified, the app chunk is 0.9 MB instead of 2.1 MB and
      // start-up with 10,000 messages took 596-600 ms instead of 604-653 ms (startup bench, --quick).
      minify: true,
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: {
        input: {
          index: resolve(root, 'renderer/index.html'),
          'quick-ask': resolve(root, 'renderer/quick-ask.html'),
        },
      },
    },
  },
});
