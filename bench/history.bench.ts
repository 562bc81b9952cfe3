/**
 * History store: a generated history (100,000 messages in 2,000 conversations, one of 5,000; English,
 * code and Chinese; fixed seed) imported through the real worker into OPFS in headless Chromium, then
 * app open, conversation switch and search p95 by query kind, each search next to a newest-first scan
 * of the same data in the same page, with whether their answers are equal. `--quick`: 10,000 messages.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../test/support/chromium';
import { generateHistory } from '../test/history-e2e/generate-history';
import { generateTree } from '../test/history-e2e/generate-tree';
import '../test/history-e2e/harness/harness-api';
import { startHarnessServer } from '../test/history-e2e/harness-server';
import { calibrate } from './calibration';
import type { BenchContext, BenchRow, Benchmark } from './types';
import { row } from './types';

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round = (value: number): number => Number(value.toFixed(1));
/** Cold opens measured; the row is their median. */
const openCount = 7;

/** The harness page in the context's first window, its history client open on the profile. */
export const openHarnessPage = async (context: BrowserContext, url: string): Promise<Page> => {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  await page.evaluate(() => window.harness.open({}));
  return page;
};

/**
 * Cold opens: a new window after the last one closed (the new one takes over the database), several
 * times over, as one open swings with whatever else the machine does; the last window stays open.
 */
export const coldOpens = async (
  context: BrowserContext,
  url: string,
  count = openCount,
): Promise<{ opens: number[]; page: Page }> => {
  const opens: number[] = [];
  for (let attempt = 1; ; attempt += 1) {
    const openPage = await context.newPage();
    // The client starts with the page's script, as in the app (renderer/src/main.tsx).
    await openPage.goto(`${url}?open-at-start`);
    opens.push(await openPage.evaluate(() => window.harness.openToLastConversationMs()));
    if (attempt === count) return { opens, page: openPage };
    await openPage.evaluate(() => window.harness.client().close());
    await openPage.close();
  }
};

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
    const page = await openHarnessPage(context, server.url);

    // The same-run reference of the absolute aims below (issue 28 item 8): the CPU calibration
    // workload (calibration.ts) timed just before each, as it moves with the machine's load.
    const importCalibration = calibrate(3);
    const imported = await page.evaluate(async () => {
      const text = await window.harness.bench.fetchText('bench-data.json');
      return window.harness.bench.timeImport(window.harness.client(), text);
    });
    log(
      `import: ${round(imported.ms)} ms, ${imported.longTasks} long tasks (longest ${round(imported.longestTaskMs)} ms); calibration just before: ${importCalibration} ms`,
    );
    const bytes = await page.evaluate(() => window.harness.bench.storageBytes());
    log(`on disk (OPFS estimate): ${(bytes / 1e6).toFixed(1)} MB`);
    rows.push(
      row({
        name: `history: import ${size.messages / 1000}k messages (ms)`,
        value: round(imported.ms),
        unit: 'ms',
        baseline: importCalibration,
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

    await page.evaluate(() => window.harness.client().close());
    await page.close();
    // First in the browser session that has just imported (reported, not the aim): there every open ran
    // ~100 ms longer than in a new session on the same profile (one run: median 309 against 203 ms),
    // whatever the page. The aim is timed in a new session, as most opens come long after any import; its
    // first open also carries the browser's own start, which the start-up benchmark times with the app.
    const afterImport = await coldOpens(context, server.url);
    await afterImport.page.evaluate(() => window.harness.client().close());
    await context.close();
    context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    const openCalibration = calibrate(3);
    const { opens, page: openPage } = await coldOpens(context, server.url);
    const openMedian = percentile(opens, 50);
    const afterImportMedian = percentile(afterImport.opens, 50);
    log(
      `open to last conversation shown, ${openCount} cold opens after a browser launch: ${opens.map(round).join(', ')} ms (p95 ${round(percentile(opens, 95))}); calibration just before: ${openCalibration} ms`,
    );
    log(
      `the same in new windows of the browser that imported: ${afterImport.opens.map(round).join(', ')} ms`,
    );
    rows.push(
      row({
        name: `history: app open to last conversation shown, median of ${openCount} cold opens (ms)`,
        value: round(openMedian),
        unit: 'ms',
        baseline: openCalibration,
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
    const switchCalibration = calibrate(3);
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
        baseline: switchCalibration,
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

/**
 * A conversation that branches: 5,000 messages with 200 branch points (every branch point an answer
 * regenerated and asked on for two turns), the newest of 200 conversations, shown on the end of its
 * main line. Times app open to its branch shown (cold, as above), paging a version at a branch point
 * (the pager: the newest leaf below the other version, remembered, then the branch's last page with
 * its pager positions, as chat-store.ts `showVersion` asks for them, 200 messages) and switching
 * between branches that part near the top and near the end, where the whole page changes. Open is
 * timed as the whole-history row above times it (the last page of 50), on this conversation.
 */
const treeRun = async ({ quick, log }: BenchContext): Promise<BenchRow[]> => {
  const tree = generateTree({
    treeMessages: 5_000,
    branchPoints: 200,
    otherMessages: quick ? 2_000 : 5_000,
    conversations: 200,
    seed: 20261207,
  });
  const server = await startHarnessServer();
  server.addFile('tree-data.json', JSON.stringify(tree.backup));
  const profile = await mkdtemp(path.join(os.tmpdir(), 'runnel-history-tree-bench-'));
  let context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
  const rows: BenchRow[] = [];
  /** The chat store's page: what a conversation opens on and each version shows. */
  const pageSize = 200;
  try {
    const page = await openHarnessPage(context, server.url);
    const imported = await page.evaluate(async () => {
      const text = await window.harness.bench.fetchText('tree-data.json');
      return window.harness.bench.timeImport(window.harness.client(), text);
    });
    log(`import: ${imported.summary.messages} messages in ${round(imported.ms)} ms`);
    await page.evaluate(() => window.harness.client().close());
    await context.close();

    // Cold opens in a new browser session, as for the whole history above.
    context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    const { opens, page: openPage } = await coldOpens(context, server.url);
    const openMedian = percentile(opens, 50);
    log(`open to the tree's branch shown: ${opens.map(round).join(', ')} ms`);

    // Paging: at each branch point, to the other version and back (the pager's two directions).
    const pages = tree.branchedAnswers.flatMap((answer, i) => [
      tree.otherVersions[i] ?? answer,
      answer,
    ]);
    const paged = await openPage.evaluate(
      ({ id, ids, size }) =>
        window.harness.bench.timeShowVersions(window.harness.client(), id, ids, size),
      { id: tree.conversationId, ids: pages, size: pageSize },
    );
    // Switching: between branches that part at the first branch points and at the last, back and
    // forth, so each shown page shares little with the one before.
    const far: string[] = [];
    for (let i = 0; i < 30; i++) {
      far.push(tree.otherVersions[i] ?? '', tree.otherVersions[199 - i] ?? '', tree.mainLeaf);
    }
    const switched = await openPage.evaluate(
      ({ id, ids, size }) =>
        window.harness.bench.timeShowVersions(window.harness.client(), id, ids, size),
      { id: tree.conversationId, ids: far, size: pageSize },
    );
    const warm = (timings: Array<{ ms: number }>) => timings.slice(10).map((t) => t.ms);
    const pagingP95 = percentile(warm(paged), 95);
    const switchP95 = percentile(warm(switched), 95);
    const wrong = [...paged, ...switched].filter((t) => !t.ok).length;
    log(
      `paging ${paged.length} versions: p95 ${round(pagingP95)} ms; switching ${switched.length} branches: p95 ${round(switchP95)} ms; ${wrong} pages not on the branch asked for`,
    );
    const verify = await openPage.evaluate(() => window.harness.client().verify());
    log(`integrity: ${verify.ok ? 'ok' : verify.problems.join('; ')}`);
    rows.push(
      row({
        name: `history: 5,000-message tree (200 branch points), app open to its branch shown, median of ${openCount} cold opens (ms)`,
        value: round(openMedian),
        unit: 'ms',
        baseline: null,
        aim: '<= 300',
        met: openMedian <= 300,
      }),
      row({
        name: 'history: 5,000-message tree, paging a version p95 (ms)',
        value: round(pagingP95),
        unit: 'ms',
        baseline: null,
        aim: '<= 100',
        met: pagingP95 <= 100 && wrong === 0,
      }),
      row({
        name: 'history: 5,000-message tree, switching branches p95 (ms)',
        value: round(switchP95),
        unit: 'ms',
        baseline: null,
        aim: '<= 100',
        met: switchP95 <= 100 && wrong === 0,
      }),
    );
  } finally {
    await context.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
  return rows;
};

export const branchTreeBenchmark: Benchmark = {
  name: 'history: a 5,000-message conversation tree (sqlite-wasm in a worker, OPFS)',
  run: treeRun,
};

/**
 * A history with 1,000 image messages: the generated history (10,000 messages in 200 conversations;
 * `--quick`: 4,000) where the questions of the newest conversations, 1,000 of them, each carry an image
 * of 60 KB (each different, as photos are), stored in the database with the messages. The aims are the
 * whole-history rows' own: app open to the last conversation shown (median of cold opens), switching
 * between conversations full of images (p95), and search p95 by query kind, equal to a scan. What the
 * attachments add is the list of each page's files (one query per page) and the search of attached
 * files' text; the bytes are read only when a thumbnail is shown.
 */
const imagesRun = async ({ quick, log }: BenchContext): Promise<BenchRow[]> => {
  const imageCount = 1_000;
  const imageBytes = 60_000;
  const generated = generateHistory({
    conversations: 200,
    messages: quick ? 4_000 : 10_000,
    longConversation: 500,
    seed: 20261208,
    queriesPerKind: 20,
  });
  const { backup, queries } = generated;
  const newestFirst = [...backup.conversations].sort((a, b) => b.updatedAt - a.updatedAt);
  const attachments: Array<{ hash: string; mime: string; data: string }> = [];
  const withImages = new Set<string>();
  for (const conversation of newestFirst) {
    for (const message of conversation.messages) {
      if (attachments.length >= imageCount) break;
      if (message.role !== 'user') continue;
      // Different bytes for each image: a xorshift stream seeded by its number.
      const bytes = Buffer.alloc(imageBytes);
      let state = (attachments.length + 1) * 2654435761;
      for (let i = 0; i < bytes.length; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        bytes[i] = state & 0xff;
      }
      const hash = createHash('sha256').update(bytes).digest('hex');
      attachments.push({ hash, mime: 'image/jpeg', data: bytes.toString('base64') });
      message.attachments = [
        {
          hash,
          kind: 'image',
          name: `photo-${attachments.length}.jpg`,
          mime: 'image/jpeg',
          size: imageBytes,
          width: 1024,
          height: 768,
        },
      ];
      withImages.add(conversation.id);
    }
  }
  const json = JSON.stringify({ ...backup, attachments });
  const plain = {
    ...backup,
    conversations: backup.conversations.map((c) => ({
      ...c,
      messages: c.messages.map(({ attachments: _files, ...m }) => m),
    })),
  };
  const imageConversations = [...withImages];
  const ids = Array.from(
    { length: 60 },
    (_, i) => imageConversations[(i * 7) % imageConversations.length] ?? '',
  );
  log(
    `${attachments.length} images of ${imageBytes / 1000} KB in ${withImages.size} conversations; ${(json.length / 1e6).toFixed(1)} M characters of JSON`,
  );

  const server = await startHarnessServer();
  server.addFile('images-data.json', json);
  server.addFile('plain-data.json', JSON.stringify(plain));
  const rows: BenchRow[] = [];
  try {
    // The same history without its images first: the baseline each row is compared with, measured
    // in this run on this machine (its speed drifts between runs).
    const without = await imageSession(server, 'plain-data.json', { ids, queries: [] }, log);
    const measured = await imageSession(server, 'images-data.json', { ids, queries }, log);
    if (!measured.search) throw new Error('no search timings');
    const { search } = measured;
    rows.push(
      row({
        name: `history: 1,000 image messages, app open to last conversation shown, median of ${openCount} cold opens (ms)`,
        value: round(measured.openMedian),
        unit: 'ms',
        baseline: round(without.openMedian),
        aim: '<= 300',
        met: measured.openMedian <= 300 && measured.shownFiles > 0,
      }),
      row({
        name: 'history: 1,000 image messages, conversation switch p95 (ms)',
        value: round(measured.switchP95),
        unit: 'ms',
        baseline: round(without.switchP95),
        aim: '<= 100',
        met: measured.switchP95 <= 100,
      }),
      row({
        name: `history: 1,000 image messages, search p95 of the slowest kind (${search.kind}) (ms)`,
        value: round(search.p95),
        unit: 'ms',
        baseline: null,
        aim: '<= 20 and equal to scan',
        met: search.p95 <= 20 && search.unequal === 0 && measured.verified,
      }),
    );
  } finally {
    await server.close();
  }
  return rows;
};

interface ImageSession {
  openMedian: number;
  switchP95: number;
  /** Messages with files on the newest conversation's last page. */
  shownFiles: number;
  search: { p95: number; kind: string; unequal: number } | null;
  verified: boolean;
}

/**
 * Imports `file` into a new profile, then times cold opens in a new browser session, switches between
 * `ids` and (when there are any) `queries`, as the whole-history benchmark times them.
 */
const imageSession = async (
  server: Awaited<ReturnType<typeof startHarnessServer>>,
  file: string,
  timed: { ids: string[]; queries: Array<{ kind: string; query: string }> },
  log: BenchContext['log'],
): Promise<ImageSession> => {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'runnel-history-images-bench-'));
  let context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
  try {
    const page = await openHarnessPage(context, server.url);
    const imported = await page.evaluate(async (name) => {
      const text = await window.harness.bench.fetchText(name);
      return window.harness.bench.timeImport(window.harness.client(), text);
    }, file);
    const bytes = await page.evaluate(() => window.harness.bench.storageBytes());
    log(
      `${file}: imported ${imported.summary.messages} messages in ${round(imported.ms)} ms; ${(bytes / 1e6).toFixed(1)} MB on disk (OPFS estimate)`,
    );
    await page.evaluate(() => window.harness.client().close());
    await context.close();

    context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    const { opens, page: openPage } = await coldOpens(context, server.url);
    const openMedian = percentile(opens, 50);
    log(`${file}: open to the last conversation shown: ${opens.map(round).join(', ')} ms`);
    const switches = await openPage.evaluate(
      (list) => window.harness.bench.timeSwitches(window.harness.client(), list),
      timed.ids,
    );
    const switchP95 = percentile(switches.slice(10), 95);
    const shownFiles = await openPage.evaluate(async () => {
      const [top] = await window.harness.client().listConversations();
      if (!top) return 0;
      const { messages } = await window.harness.client().listMessages(top.id, { limit: 50 });
      return messages.filter((m) => (m.attachments?.length ?? 0) > 0).length;
    });
    log(
      `${file}: switch p95 ${round(switchP95)} ms; the newest conversation's last page lists ${shownFiles} images`,
    );
    let search: ImageSession['search'] = null;
    if (timed.queries.length > 0) {
      await openPage.evaluate(async (name) => {
        const text = await window.harness.bench.fetchText(name);
        return window.harness.bench.prepareScan(text);
      }, file);
      await openPage.evaluate(
        (list) => window.harness.bench.timeQueries(window.harness.client(), list, 50),
        timed.queries.slice(0, 20),
      );
      const timings = await openPage.evaluate(
        (list) => window.harness.bench.timeQueries(window.harness.client(), list, 50),
        timed.queries,
      );
      search = { p95: 0, kind: '', unequal: timings.filter((t) => !t.equal).length };
      for (const kind of new Set(timings.map((t) => t.kind))) {
        const p95 = percentile(
          timings.filter((t) => t.kind === kind).map((t) => t.ftsMs),
          95,
        );
        log(`${file}: search ${kind}: p95 ${round(p95)} ms`);
        if (p95 > search.p95) Object.assign(search, { p95, kind });
      }
    }
    const verify = await openPage.evaluate(() => window.harness.client().verify());
    log(`${file}: integrity ${verify.ok ? 'ok' : verify.problems.join('; ')}`);
    return { openMedian, switchP95, shownFiles, search, verified: verify.ok };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
};

export const imageHistoryBenchmark: Benchmark = {
  name: 'history: 1,000 image messages (sqlite-wasm in a worker, OPFS)',
  run: imagesRun,
};
