/**
 * History store: a generated history (100,000 messages in 2,000 conversations, one of 5,000; English,
 * code and Chinese; fixed seed) imported through the real worker into OPFS in headless Chromium, then
 * app open, conversation switch and search p95 by query kind, each search next to a newest-first scan
 * of the same data in the same page, with whether their answers are equal. `--quick`: 10,000 messages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../test/support/chromium';
import { generateHistory } from '../test/history-e2e/generate-history';
import '../test/history-e2e/harness/harness-api';
import { startHarnessServer } from '../test/history-e2e/harness-server';
import type { BenchContext, BenchRow, Benchmark } from './types';
import { row } from './types';

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round = (value: number): number => Number(value.toFixed(1));
/** Cold opens measured; the row is their median. */
const openCount = 7;

const run = async ({ quick, log }: BenchContext): Promise<BenchRow[]> => {
  const size = quick
    ? { conversations: 200, messages: 10_000, longConversation: 500 }
    : { conversations: 2_000, messages: 100_000, longConversation: 5_000 };
  const generated = generateHistory({ ...size, seed: 20240601, queriesPerKind: 30 });
  const { queries } = generated;
  const json = JSON.stringify(generated.backup);
  log(
    `generated ${size.messages} messages, ${(json.length / 1e6).toFixed(1)} M characters of JSON`,
  );

  const server = await startHarnessServer();
  server.addFile('bench-data.json', json);
  // A persistent profile on disk, as the app's own (Electron keeps one per user). A fresh
  // incognito-style context keeps OPFS in memory behind a slower path (~0.6 ms a read or write call
  // against ~20 us), which no user of the app ever runs on.
  const profile = await mkdtemp(path.join(os.tmpdir(), 'runnel-history-bench-'));
  let context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
  const rows: BenchRow[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    await page.evaluate(() => window.harness.open({}));

    const imported = await page.evaluate(async () => {
      const text = await window.harness.bench.fetchText('bench-data.json');
      return window.harness.bench.timeImport(window.harness.client(), text);
    });
    log(
      `import: ${round(imported.ms)} ms, ${imported.longTasks} long tasks (longest ${round(imported.longestTaskMs)} ms)`,
    );
    const bytes = await page.evaluate(() => window.harness.bench.storageBytes());
    log(`on disk (OPFS estimate): ${(bytes / 1e6).toFixed(1)} MB`);
    rows.push(
      row({
        name: `history: import ${size.messages / 1000}k messages (ms)`,
        value: round(imported.ms),
        unit: 'ms',
        baseline: null,
        aim: '<= 10000',
        met: imported.ms <= 10_000,
      }),
      row({
        name: 'history: longest UI-thread task during import (ms)',
        value: round(imported.longestTaskMs),
        unit: 'ms',
        baseline: null,
        aim: '<= 50',
        met: imported.longestTaskMs <= 50,
      }),
    );

    /**
     * Cold opens: a new window after the last one closed (the new one takes over the database), several
     * times over, as one open swings with whatever else the machine does; the last window stays open.
     */
    const coldOpens = async (): Promise<{ opens: number[]; page: Page }> => {
      const opens: number[] = [];
      for (let attempt = 1; ; attempt += 1) {
        const openPage = await context.newPage();
        // The client starts with the page's script, as in the app (renderer/src/main.tsx).
        await openPage.goto(`${server.url}?open-at-start`);
        opens.push(await openPage.evaluate(() => window.harness.openToLastConversationMs()));
        if (attempt === openCount) return { opens, page: openPage };
        await openPage.evaluate(() => window.harness.client().close());
        await openPage.close();
      }
    };
    await page.evaluate(() => window.harness.client().close());
    await page.close();
    // First in the browser session that has just imported (reported, not the aim): there every open ran
    // ~100 ms longer than in a new session on the same profile (one run: median 309 against 203 ms),
    // whatever the page. The aim is timed in a new session, as most opens come long after any import; its
    // first open also carries the browser's own start, which the start-up benchmark times with the app.
    const afterImport = await coldOpens();
    await afterImport.page.evaluate(() => window.harness.client().close());
    await context.close();
    context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    const { opens, page: openPage } = await coldOpens();
    const openMedian = percentile(opens, 50);
    const afterImportMedian = percentile(afterImport.opens, 50);
    log(
      `open to last conversation shown, ${openCount} cold opens after a browser launch: ${opens.map(round).join(', ')} ms (p95 ${round(percentile(opens, 95))})`,
    );
    log(
      `the same in new windows of the browser that imported: ${afterImport.opens.map(round).join(', ')} ms`,
    );
    rows.push(
      row({
        name: `history: app open to last conversation shown, median of ${openCount} cold opens (ms)`,
        value: round(openMedian),
        unit: 'ms',
        baseline: null,
        aim: '<= 300',
        met: openMedian <= 300,
      }),
      row({
        name: `history: the same in new windows of the browser that just imported (ms)`,
        value: round(afterImportMedian),
        unit: 'ms',
        baseline: null,
        aim: 'report',
        met: true,
      }),
    );

    const ids = Array.from({ length: 60 }, (_, i) => `c${(i * 37) % size.conversations}`);
    const switches = await openPage.evaluate(
      (list) => window.harness.bench.timeSwitches(window.harness.client(), list),
      ids,
    );
    const switchP95 = percentile(switches.slice(10), 95);
    rows.push(
      row({
        name: 'history: conversation switch p95 (ms)',
        value: round(switchP95),
        unit: 'ms',
        baseline: null,
        aim: '<= 100',
        met: switchP95 <= 100,
      }),
    );

    const scanned = await openPage.evaluate(async () => {
      const text = await window.harness.bench.fetchText('bench-data.json');
      return window.harness.bench.prepareScan(text);
    });
    log(`scan baseline holds ${scanned} texts in memory`);
    // One untimed pass warms SQLite's page cache as a session of use would; the timed pass follows.
    await openPage.evaluate(
      (list) => window.harness.bench.timeQueries(window.harness.client(), list, 50),
      queries.slice(0, 20),
    );
    const timings = await openPage.evaluate(
      (list) => window.harness.bench.timeQueries(window.harness.client(), list, 50),
      queries,
    );
    const kinds = [...new Set(timings.map((t) => t.kind))];
    for (const kind of kinds) {
      const ofKind = timings.filter((t) => t.kind === kind);
      const fts = percentile(
        ofKind.map((t) => t.ftsMs),
        95,
      );
      const scan = percentile(
        ofKind.map((t) => t.scanMs),
        95,
      );
      const unequal = ofKind.filter((t) => !t.equal);
      for (const bad of unequal.slice(0, 3)) log(`  ${kind} "${bad.query}" differs from the scan`);
      log(
        `search ${kind}: p95 ${round(fts)} ms vs scan ${round(scan)} ms over ${ofKind.length} queries; equal ${ofKind.length - unequal.length}/${ofKind.length}`,
      );
      rows.push(
        row({
          name: `history: search p95, ${kind} (ms)`,
          value: round(fts),
          unit: 'ms',
          baseline: round(scan),
          aim: '<= 20 and equal to scan',
          met: fts <= 20 && unequal.length === 0,
        }),
      );
    }
    const verify = await openPage.evaluate(() => window.harness.client().verify());
    log(`integrity: ${verify.ok ? 'ok' : verify.problems.join('; ')}`);
  } finally {
    await context.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
  return rows;
};

const benchmark: Benchmark = { name: 'history (sqlite-wasm + FTS5 in a worker, OPFS)', run };
export default benchmark;
