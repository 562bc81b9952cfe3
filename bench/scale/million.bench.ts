/**
 * A million messages (issue 28, items 1 and 8): the generated history's mix (English, code, Chinese,
 * some Japanese and Korean; fixed seed) at ten times the history benchmark's size, about 500 M
 * characters in 20,000 conversations. It is generated a batch at a time and never held whole: each
 * batch is scanned for the checked queries in this process and appended to one backup file on disk,
 * then let go; the file (larger than a string can be at a million) is then imported as a person's
 * file is, through the real worker into OPFS in headless Chromium: fetched as a Blob and imported as
 * one streamed backup, one import session and one index rebuild (timed together). Then, in a
 * new browser session: app open to the last conversation shown, conversation switch, search p95 by
 * query kind (a sample of the queries checked against the plain scan of the same data), and the size
 * on disk beside the size of the text it holds. Every absolute figure has a same-run reference
 * beside it: the import a plain JSON.parse of the same text in the page (batch by batch, as no one
 * string holds a million messages), each search the plain scan
 * of the same data, open and switch the CPU calibration workload timed just before (calibration.ts).
 * `--quick`: 100,000 messages.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { streamHistory } from '../../test/history-e2e/generate-history';
import '../../test/history-e2e/harness/harness-api';
import { startHarnessServer } from '../../test/history-e2e/harness-server';
import { calibrate } from '../calibration';
import { coldOpens, openHarnessPage } from '../history.bench';
import type { BenchContext, BenchRow, Benchmark } from '../types';
import { row } from '../types';
import { watchRendererMemory } from './process-memory';
import { canonicalKeys, createScanReference } from './scan-reference';

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round = (value: number): number => Number(value.toFixed(1));
const limit = 50;
/** Queries of each kind checked against the plain scan (every query is timed). */
const checkedPerKind = 3;

export const millionSize = (quick: boolean) =>
  quick
    ? { conversations: 2_000, messages: 100_000, longConversation: 5_000 }
    : { conversations: 20_000, messages: 1_000_000, longConversation: 5_000 };
/** The 100k set's mix, a little longer on average, so a million messages hold about 500 M characters. */
export const millionSeed = { seed: 20261208, averageChars: 535 };
/** Messages per generated batch (and per file of the start-up bench's seeding): about 30 MB of JSON. */
export const batchMessages = 50_000;

/** "1M" or "100k": the size in a row's name. */
export const label = (messages: number): string =>
  messages >= 1_000_000 ? `${messages / 1_000_000}M` : `${messages / 1000}k`;

const run = async ({ quick, log }: BenchContext): Promise<BenchRow[]> => {
  const size = millionSize(quick);
  const name = label(size.messages);
  const server = await startHarnessServer();
  const profile = await mkdtemp(path.join(os.tmpdir(), 'runnel-scale-million-'));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'runnel-scale-million-data-'));
  const backupPath = path.join(dataDir, 'scale-backup.json');
  let context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
  const rows: BenchRow[] = [];
  try {
    const page = await openHarnessPage(context, server.url);

    const imported = { ms: 0, parseMs: 0, messages: 0, longTasks: 0, longestTaskMs: 0 };
    const text = { chars: 0, utf8Bytes: 0 };
    let queries: Array<{ kind: string; query: string }> = [];
    let scan: ReturnType<typeof createScanReference> | null = null;
    let checked: string[] = [];
    const generateStart = performance.now();
    let batchNumber = 0;
    let conversationsWritten = 0;
    // One backup file, written as the app's export writes one: the head, then the conversations.
    const out = openSync(backupPath, 'w');
    try {
      for (const batch of streamHistory({
        ...size,
        ...millionSeed,
        queriesPerKind: quick ? 10 : 20,
        batchMessages,
      })) {
        if (!scan) {
          queries = batch.queries;
          const kinds = [...new Set(queries.map((q) => q.kind))];
          checked = kinds.flatMap((kind) =>
            queries
              .filter((q) => q.kind === kind)
              .slice(0, checkedPerKind)
              .map((q) => q.query),
          );
          scan = createScanReference(checked, limit);
          const { format, version, exportedAt } = batch.backup;
          writeSync(
            out,
            `{"format":${JSON.stringify(format)},"version":${version},"exportedAt":${exportedAt},"conversations":[`,
          );
        }
        scan.add(batch.backup);
        for (const conversation of batch.backup.conversations) {
          const texts = [conversation.title, ...conversation.messages.map((m) => m.content)];
          for (const t of texts) {
            text.chars += t.length;
            text.utf8Bytes += Buffer.byteLength(t);
          }
          writeSync(out, (conversationsWritten++ === 0 ? '' : ',') + JSON.stringify(conversation));
          imported.messages += conversation.messages.length;
        }
        // The same-run reference: a plain JSON.parse of this batch's text in the page.
        server.addFile('scale-batch.json', JSON.stringify(batch.backup));
        imported.parseMs += await page.evaluate(
          (file) => window.harness.bench.timeJsonParse(file),
          'scale-batch.json',
        );
        server.addFile('scale-batch.json', '');
        batchNumber += 1;
        log(`batch ${batchNumber}: ${imported.messages} messages generated and written`);
      }
      writeSync(out, ']}');
    } finally {
      closeSync(out);
    }
    log(
      `generated and scanned ${imported.messages} messages (${(text.chars / 1e6).toFixed(0)} M characters, ${(text.utf8Bytes / 1e6).toFixed(0)} MB of UTF-8) in ${round((performance.now() - generateStart) / 1000)} s (not timed)`,
    );
    server.addDiskFile('scale-backup.json', backupPath);
    const memory = watchRendererMemory(profile);
    const one = await page.evaluate(
      (file) => window.harness.bench.timeImportBlob(window.harness.client(), file),
      'scale-backup.json',
    );
    imported.ms = one.ms;
    imported.longTasks = one.longTasks;
    imported.longestTaskMs = one.longestTaskMs;
    if (one.messages !== imported.messages || one.skipped > 0) {
      log(
        `the import brought ${one.messages} of ${imported.messages} messages (${one.skipped} conversations skipped)`,
      );
      imported.messages = one.messages;
    }
    log(
      `one streamed backup of ${one.conversations} conversations: fetched as a Blob in ${round(one.fetchedMs)} ms, imported in ${round(one.ms / 1000)} s all told`,
    );
    const peakBytes = await memory.stop();
    log(
      `import: ${round(imported.ms / 1000)} s (plain JSON.parse of the same text: ${round(imported.parseMs / 1000)} s); ${imported.longTasks} long tasks on the UI thread (longest ${round(imported.longestTaskMs)} ms); renderer peak ${peakBytes === null ? 'not measured' : `${(peakBytes / 2 ** 20).toFixed(0)} MiB`}`,
    );
    const estimate = await page.evaluate(() => window.harness.bench.storageBytes());
    await page.evaluate(() => window.harness.client().close());
    // The database file itself: the largest file of the pool (the rest are its journal, emptied
    // but not shrunk after each commit, and spare files the pool keeps ready).
    const files = await page.evaluate(() => window.harness.bench.opfsFiles());
    const bytes = files[0]?.bytes ?? 0;
    log(
      `on disk: the database ${(bytes / 1e6).toFixed(0)} MB for ${(text.utf8Bytes / 1e6).toFixed(0)} MB of text (${(bytes / text.utf8Bytes).toFixed(2)}x); all files ${(files.reduce((sum, f) => sum + f.bytes, 0) / 1e6).toFixed(0)} MB (${files
        .slice(0, 4)
        .map((f) => `${(f.bytes / 1e6).toFixed(0)}`)
        .join(' + ')} MB ...); OPFS estimate ${(estimate / 1e6).toFixed(0)} MB`,
    );
    rows.push(
      row({
        name: `scale: import ${name} messages (s)`,
        value: round(imported.ms / 1000),
        unit: 's',
        baseline: round(imported.parseMs / 1000),
        aim: '<= 60 (baseline: plain JSON.parse of the same text, same run)',
        met: imported.ms <= 60_000 && imported.messages === size.messages,
      }),
      row({
        name: `scale: longest UI-thread task during the ${name} import (ms)`,
        value: round(imported.longestTaskMs),
        unit: 'ms',
        baseline: null,
        aim: '<= 50',
        met: imported.longestTaskMs <= 50,
      }),
      row({
        name: `scale: renderer (page + history worker) peak memory during the ${name} import (MiB)`,
        value: peakBytes === null ? 0 : Math.round(peakBytes / 2 ** 20),
        unit: 'MiB',
        baseline: null,
        aim: 'report',
        met: true,
      }),
      row({
        name: `scale: size on disk of ${name} messages (MB)`,
        value: Math.round(bytes / 1e6),
        unit: 'MB',
        baseline: Math.round(text.utf8Bytes / 1e6),
        aim: 'ratio <= 1.5 (baseline: the UTF-8 text it holds)',
        met: bytes / text.utf8Bytes <= 1.5,
      }),
    );
    await context.close();

    // Open, switch and search in a new browser session, as the history benchmark times its aims.
    context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    const openCalibration = calibrate(3);
    const openCount = quick ? 3 : 5;
    const { opens, page: openPage } = await coldOpens(context, server.url, openCount);
    const openMedian = percentile(opens, 50);
    log(
      `open to last conversation shown, ${openCount} cold opens: ${opens.map(round).join(', ')} ms (calibration just before: ${openCalibration} ms)`,
    );
    rows.push(
      row({
        name: `scale: app open to last conversation shown, ${name} messages, median of ${openCount} cold opens (ms)`,
        value: round(openMedian),
        unit: 'ms',
        baseline: openCalibration,
        aim: '<= 300 (baseline: CPU calibration, same run)',
        met: openMedian <= 300,
      }),
    );

    const ids = Array.from({ length: 60 }, (_, i) => `c${(i * 337) % size.conversations}`);
    const switchCalibration = calibrate(3);
    const switches = await openPage.evaluate(
      (list) => window.harness.bench.timeSwitches(window.harness.client(), list),
      ids,
    );
    const switchP95 = percentile(switches.slice(10), 95);
    log(`switch p95 ${round(switchP95)} ms (calibration just before: ${switchCalibration} ms)`);
    rows.push(
      row({
        name: `scale: conversation switch p95, ${name} messages (ms)`,
        value: round(switchP95),
        unit: 'ms',
        baseline: switchCalibration,
        aim: '<= 100 (baseline: CPU calibration, same run)',
        met: switchP95 <= 100,
      }),
    );

    // One untimed pass warms SQLite's page cache as a session of use would; the timed pass follows.
    await openPage.evaluate(
      (list) => window.harness.bench.timeSearches(window.harness.client(), list, 50),
      queries.slice(0, 20),
    );
    const timings = await openPage.evaluate(
      (list) => window.harness.bench.timeSearches(window.harness.client(), list, 50),
      queries,
    );
    if (!scan) throw new Error('no batch was generated');
    const reference = scan;
    for (const kind of [...new Set(timings.map((t) => t.kind))]) {
      const ofKind = timings.filter((t) => t.kind === kind);
      const p95 = percentile(
        ofKind.map((t) => t.ms),
        95,
      );
      const sample = ofKind.filter((t) => checked.includes(t.query));
      const unequal = sample.filter(
        (t) => canonicalKeys(t.keys) !== canonicalKeys(reference.newest(t.query)),
      );
      for (const bad of unequal) {
        log(
          `  ${kind} "${bad.query}" differs from the scan: ${bad.keys.length} hits against ${reference.newest(bad.query).length}`,
        );
      }
      const scanMs = percentile(
        sample.map((t) => reference.scanMs(t.query)),
        50,
      );
      log(
        `search ${kind}: p95 ${round(p95)} ms over ${ofKind.length} queries; ${sample.length - unequal.length}/${sample.length} checked equal to the scan (a plain scan of the same data: ${round(scanMs)} ms a query)`,
      );
      rows.push(
        row({
          name: `scale: search p95, ${name} messages, ${kind} (ms)`,
          value: round(p95),
          unit: 'ms',
          baseline: round(scanMs),
          aim: '<= 20 and equal to scan (baseline: plain scan of the same data)',
          met: p95 <= 20 && unequal.length === 0 && sample.length > 0,
        }),
      );
    }
  } finally {
    await context.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
};

const benchmark: Benchmark = {
  name: 'scale: a million messages (sqlite-wasm + FTS5 in a worker, OPFS)',
  run,
};
export default benchmark;
