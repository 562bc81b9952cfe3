/**
 * A heavy user's ChatGPT export imported as a stream (issue 28 item 2): the generated export ZIP
 * (chatgpt-export-generator.ts: 500 MB of conversations JSON over several split files, plus images;
 * `--quick`: 50 MB) is chosen as a file in headless Chromium, as the dialog's file picker hands it over,
 * and imported through the real history worker into OPFS. One conversation in the middle of a file is
 * broken on purpose: it must be skipped and named, every other one imported.
 *
 * Rows: the import's time beside the CPU calibration workload timed just before (issue item 8: a
 * reference that moves with the machine's load), the renderer's peak resident memory during the import
 * (the history worker is a thread of it, so this bounds the worker's) beside its size just before, and
 * the conversations imported beside those generated. The ZIP is kept in the temp folder between runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import '../../test/history-e2e/harness/harness-api';
import { startHarnessServer } from '../../test/history-e2e/harness-server';
import { calibrate } from '../calibration';
import type { BenchContext, BenchRow, Benchmark } from '../types';
import { row } from '../types';
import type { GeneratedExport } from './chatgpt-export-generator';
import { exportSize, writeChatGptExport } from './chatgpt-export-generator';
import { watchRendererMemory } from './process-memory';
import { watchWorkerHeap } from './worker-heap';

interface ImportResult {
  ms: number;
  conversations: number;
  messages: number;
  skipped: Array<string | null>;
  reports: number;
  lastTitle: string;
}

const importAimMs = 120_000;
const memoryAimMiB = 300;
const round = (value: number): number => Number(value.toFixed(1));
const mib = (bytes: number | null): number => (bytes === null ? 0 : Math.round(bytes / 2 ** 20));

/** The generated export, made once per size and seed and kept beside a note of what it holds. */
const generatedExport = (quick: boolean, log: (line: string) => void) => {
  const size = exportSize(quick);
  const zipPath = path.join(
    os.tmpdir(),
    `runnel-chatgpt-export-${size.conversationsBytes}-${size.files}-${size.images}-${size.seed}-v1.zip`,
  );
  const notePath = `${zipPath}.json`;
  if (existsSync(zipPath) && existsSync(notePath)) {
    return { zipPath, generated: JSON.parse(readFileSync(notePath, 'utf8')) as GeneratedExport };
  }
  const started = performance.now();
  const generated = writeChatGptExport(zipPath, size, { damaged: true });
  writeFileSync(notePath, JSON.stringify(generated));
  log(
    `generated ${zipPath}: ${generated.conversations} conversations (${generated.nodes} nodes), ${(generated.conversationsBytes / 1e6).toFixed(0)} MB of JSON, ${(generated.zipBytes / 1e6).toFixed(0)} MB zipped, in ${round((performance.now() - started) / 1000)} s`,
  );
  return { zipPath, generated };
};

const run = async ({ quick, log }: BenchContext): Promise<BenchRow[]> => {
  const { zipPath, generated } = generatedExport(quick, log);
  const label = `${(generated.conversationsBytes / 1e6).toFixed(0)} MB`;
  const server = await startHarnessServer();
  const profile = await mkdtemp(path.join(os.tmpdir(), 'runnel-scale-chatgpt-'));
  const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
  // Stopped in `finally` too: a watcher left sampling keeps the process (and the bench lock) alive.
  const watchers: Array<{ stop(): Promise<unknown> }> = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    await page.evaluate(() => window.harness.open({}));
    // The file as the dialog's picker gives it: a File backed by the file on disk.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'chatgpt-export';
      document.body.append(input);
    });
    await page.setInputFiles('#chatgpt-export', zipPath);

    const idle = watchRendererMemory(profile, 100);
    watchers.push(idle);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = await idle.stop();
    const calibrationMs = calibrate(3);
    const memory = watchRendererMemory(profile);
    watchers.push(memory);
    const workerHeap = await watchWorkerHeap(context, page);
    watchers.push(workerHeap);
    // A string, not a function: tsx would wrap the callback's names in a helper the page lacks.
    const result = await page.evaluate<ImportResult>(`(async () => {
      const file = document.getElementById('chatgpt-export').files[0];
      let reports = 0;
      let lastTitle = '';
      const started = performance.now();
      const summary = await window.harness.client().importChatGpt(file, {
        onProgress: (progress) => {
          reports += 1;
          if (progress.title) lastTitle = progress.title;
        },
      });
      return {
        ms: performance.now() - started,
        conversations: summary.conversations,
        messages: summary.messages,
        skipped: summary.skipped.map((entry) => entry.title),
        reports,
        lastTitle,
      };
    })()`);
    const peak = await memory.stop();
    const heap = await workerHeap.stop();
    const stats = await page.evaluate(() => window.harness.client().stats());
    log(
      `import of ${label} (${generated.conversations} conversations, ${(generated.zipBytes / 1e6).toFixed(0)} MB ZIP): ${round(result.ms / 1000)} s (CPU calibration just before: ${calibrationMs} ms); ${result.conversations} conversations and ${result.messages} messages imported (${stats.messages} stored), skipped: ${JSON.stringify(result.skipped)}; ${result.reports} progress reports, the last “${result.lastTitle}”`,
    );
    log(
      `renderer (page + history worker) resident memory: ${mib(before)} MiB before, peak ${mib(peak)} MiB during the import; the history worker's JavaScript heap (DevTools protocol, SQLite's wasm memory not in it): peak ${mib(heap.used)} MiB used, ${mib(heap.total)} MiB reserved`,
    );
    const skippedRight =
      generated.damagedTitle === null
        ? result.skipped.length === 0
        : result.skipped.length === 1 && result.skipped[0] === generated.damagedTitle;
    return [
      row({
        name: `scale: ChatGPT export import, ${label} of conversations JSON in ${exportSize(quick).files} split files + images (s)`,
        value: round(result.ms / 1000),
        unit: 's',
        baseline: round(calibrationMs / 1000),
        aim: `<= ${importAimMs / 1000} (baseline: CPU calibration workload, s, same run)`,
        met: result.ms <= importAimMs,
      }),
      row({
        name: `scale: ChatGPT export import, ${label}: renderer (page + history worker) peak memory (MiB)`,
        value: mib(peak),
        unit: 'MiB',
        baseline: mib(before),
        aim: `<= ${memoryAimMiB} (baseline: the same renderer just before the import)`,
        met: peak !== null && mib(peak) <= memoryAimMiB,
      }),
      // The renderer row counts the page and the worker's idle footprint (SQLite's wasm loaded, the
      // database open) too: what the import itself adds is the growth over the renderer just before,
      // all of it in the importing worker, as the page only shows progress meanwhile.
      row({
        name: `scale: ChatGPT export import, ${label}: importing worker's growth, renderer peak minus just before (MiB)`,
        value: mib(peak) - mib(before),
        unit: 'MiB',
        baseline: null,
        aim: `<= ${memoryAimMiB} (what the import adds in the history worker)`,
        met: peak !== null && before !== null && mib(peak) - mib(before) <= memoryAimMiB,
      }),
      row({
        name: `scale: ChatGPT export import, ${label}: conversations imported (the broken one skipped and named)`,
        value: result.conversations,
        unit: 'conversations',
        baseline: generated.conversations,
        aim: 'all generated, the broken one named in the summary',
        met: result.conversations === generated.conversations && skippedRight,
      }),
    ];
  } finally {
    await Promise.all(watchers.map((watcher) => watcher.stop()));
    await context.close().catch(() => undefined);
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
};

const benchmark: Benchmark = { name: 'scale: ChatGPT export import', run };
export default benchmark;
