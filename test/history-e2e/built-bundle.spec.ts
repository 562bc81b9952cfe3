/**
 * The app's built renderer (`npm run build`, which `npm test` runs before this suite): the history
 * worker that ships carries no test hooks, and sqlite-wasm's unused workers are not in the build.
 * Read from out/, so it checks what electron-vite really emitted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from './fixtures';

const assets = new URL('../../out/renderer/assets/', import.meta.url);

const builtFiles = (): string[] => {
  try {
    return readdirSync(assets);
  } catch {
    throw new Error('out/renderer/assets is missing: run `npm run build` first.');
  }
};

test('the shipped history worker has no test hooks', () => {
  const workers = builtFiles().filter((name) => /^history-worker-.*\.js$/.test(name));
  expect(workers).toHaveLength(1);
  const code = readFileSync(new URL(workers[0] ?? '', assets), 'utf8');
  // It is the history worker: it opens the pool and migrates.
  expect(code).toContain('PRAGMA user_version');
  for (const hook of ['testSeedSql', 'maxPageCount', 'max_page_count', 'integrityBudgetMs']) {
    expect(code, `${hook} in the built worker`).not.toContain(hook);
  }
});

test("sqlite-wasm's Worker1 API and OPFS async proxy are not built", () => {
  const files = builtFiles();
  expect(files.filter((name) => /sqlite3-worker1|sqlite3-opfs-async-proxy/.test(name))).toEqual([]);
  // The wasm that history does use is there.
  expect(files.filter((name) => /^sqlite3-.*\.wasm$/.test(name))).toHaveLength(1);
  for (const name of files.filter((file) => file.endsWith('.js'))) {
    const code = readFileSync(new URL(name, assets), 'utf8');
    expect(code, name).not.toMatch(
      /sqlite3-worker1-[\w-]+\.js|sqlite3-opfs-async-proxy-[\w-]+\.js/,
    );
  }
});
