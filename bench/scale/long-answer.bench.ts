/**
 * Opening a long answer (issue 28, item 4): a finished 51k-character Markdown answer rendered cold, as
 * opening its conversation from history does, scrolled to its end as the conversation view opens on its
 * last message. Runnel's MessageMarkdown and Streamdown take turns, round by round, in the same Chromium,
 * page and stylesheet as the renderer benchmark (bench/renderer/), with a floor that renders nothing.
 *
 * Per renderer: main-thread busy time until the answer's DOM is quiet (net of the floor), long tasks, the
 * first paint with nothing left to render in the viewport, and when the last part was rendered.
 */
import { rm } from 'node:fs/promises';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { mainThreadCounters } from '../app-session';
import { openBenchPage } from '../renderer/bench-page';
import { buildHarness } from '../renderer/build-harness';
import type { ColdCheck, OpenConfig, OpenResult } from '../renderer/harness/main';
import type { RendererName } from '../renderer/harness/renderers';
import { serveDirectory } from '../renderer/serve-directory';
import { markdownAnswer } from '../renderer/workloads';
import { row, type BenchContext, type Benchmark, type BenchRow } from '../types';

/** The length of the answer the independent harness opened (issue 28). */
export const longAnswerLength = 51_000;
/** The answer's DOM unchanged for this long counts as fully rendered. */
const quietMs = 1_000;
const order: RendererName[] = ['floor', 'runnel', 'streamdown'];

export interface Opened {
  busyS: number;
  open: OpenResult;
  cold: ColdCheck;
}

/** What the benchmark page (bench/renderer/harness/main.tsx) offers this benchmark. */
interface OpenBench {
  runnelBench: {
    open(config: OpenConfig): Promise<OpenResult>;
    coldCheck(quietMs?: number): Promise<ColdCheck>;
  };
}

/** One cold open in a fresh browser context, so no renderer inherits another's caches or warm code. */
export async function measureOpen(
  browser: Browser,
  url: string,
  renderer: RendererName,
  text: string,
): Promise<Opened> {
  const { context, page } = await openBenchPage(browser, url);
  try {
    // The page's own start-up (the parse worker loading, the tail's warm-up) is not the open's cost.
    await page.waitForTimeout(500);
    const counters = await mainThreadCounters(page);
    const before = (await counters()).task;
    const config: OpenConfig = { renderer, text, quietMs };
    const open = await page.evaluate(
      (c) => (window as unknown as OpenBench).runnelBench.open(c),
      config,
    );
    // The quiet wait itself is idle; what the counters add is the render's work.
    const busyS = (await counters()).task - before;
    const cold = await page.evaluate(
      (q) => (window as unknown as OpenBench).runnelBench.coldCheck(q),
      quietMs,
    );
    return { busyS, open, cold };
  } finally {
    await context.close();
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

const benchmark: Benchmark = {
  name: 'scale: opening a 51k-character answer cold, Runnel beside Streamdown (Chromium)',
  async run({ quick, log }: BenchContext): Promise<BenchRow[]> {
    const text = markdownAnswer(longAnswerLength);
    const rounds = quick ? 3 : 5;
    const dir = await buildHarness();
    const server = await serveDirectory(dir);
    const browser = await chromium.launch(chromiumLaunchOptions({ headless: true }));
    const runs: Record<string, Opened[]> = {};
    try {
      for (let round = 1; round <= rounds; round += 1) {
        for (const renderer of order) {
          const result = await measureOpen(browser, server.url, renderer, text);
          (runs[renderer] ??= []).push(result);
          const o = result.open;
          log(
            `${renderer} (round ${round}/${rounds}): busy ${result.busyS.toFixed(2)} s, ` +
              `${o.longTasks} long tasks (longest ${o.longestTaskMs.toFixed(0)} ms` +
              `${o.longTasksAtMs.map(([at, ms]) => `; ${ms} ms at ${at} ms`).join('')}), first screen ` +
              `${o.firstScreenMs.toFixed(0)} ms, complete ${o.completeMs.toFixed(0)} ms, ` +
              `shown ${o.shownChars}/${result.cold.coldChars}, equal ${result.cold.equal}, ` +
              `height ${o.heightPx.toFixed(0)} px`,
          );
        }
      }
    } finally {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
    const floor = runs.floor ?? [];
    const runnel = runs.runnel ?? [];
    const streamdown = runs.streamdown ?? [];
    const net = (of: readonly Opened[]): number[] =>
      of.map((m, i) => m.busyS - (floor[i]?.busyS ?? 0));
    const ratios = net(runnel).map((r, i) => r / (net(streamdown)[i] ?? Number.NaN));
    log(
      `Runnel/Streamdown busy net of floor per round ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
    );
    const runnelNet = median(net(runnel));
    const streamdownNet = median(net(streamdown));
    const worst = (of: readonly Opened[], pick: (o: OpenResult) => number): number =>
      Math.max(...of.map((m) => pick(m.open)));
    const label = `scale: long answer (${longAnswerLength / 1000}k chars) opened cold`;
    const longTasks = worst(runnel, (o) => o.longTasks);
    const firstScreen = worst(runnel, (o) => o.firstScreenMs);
    return [
      row({
        name: `${label}: main-thread busy net of floor, Runnel (baseline Streamdown)`,
        value: round(runnelNet),
        unit: 's',
        baseline: round(streamdownNet),
        aim: 'report',
        met: true,
      }),
      row({
        name: `${label}: long tasks > 50 ms, Runnel (baseline Streamdown), worst round`,
        value: longTasks,
        unit: 'tasks',
        baseline: worst(streamdown, (o) => o.longTasks),
        ratio: null,
        aim: '0',
        met: longTasks === 0,
      }),
      row({
        name: `${label}: first screen shown, Runnel (baseline Streamdown), worst round`,
        value: round(firstScreen, 0),
        unit: 'ms',
        baseline: round(
          worst(streamdown, (o) => o.firstScreenMs),
          0,
        ),
        aim: '<= 100 ms',
        met: firstScreen <= 100,
      }),
      row({
        name: `${label}: whole answer rendered, Runnel (baseline Streamdown), median`,
        value: round(median(runnel.map((m) => m.open.completeMs)), 0),
        unit: 'ms',
        baseline: round(median(streamdown.map((m) => m.open.completeMs)), 0),
        aim: 'report',
        met: true,
      }),
      row({
        name: `${label}: Runnel's text once rendered equals a cold render's`,
        value: runnel.every((m) => m.cold.equal) ? 1 : 0,
        unit: 'equal',
        baseline: null,
        aim: '1 (equal)',
        met: runnel.every((m) => m.cold.equal),
      }),
    ];
  },
};

export default benchmark;
