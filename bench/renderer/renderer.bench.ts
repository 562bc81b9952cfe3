/**
 * The renderer benchmark: an answer streamed at 24 characters every 16 ms into Runnel's MessageMarkdown,
 * react-markdown + remark-gfm (whole text per update), Streamdown with its defaults, and a floor that
 * renders nothing, in the same Chromium, page and stylesheet, one after another in one run. The Markdown
 * answer runs in rounds, the renderers taking turns, and its busy times are the rounds' medians: three
 * rounds of the 50k answer, five of quick mode's 10k one, which streams for only ~7 s, so that one busy
 * stretch of a shared machine moves a single round by up to 15 %. The long single line, ~30 s a renderer
 * in quick mode, runs once.
 */
import { rm } from 'node:fs/promises';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { mainThreadCounters } from '../app-session';
import { row, type BenchContext, type Benchmark, type BenchRow } from '../types';
import { openBenchPage } from './bench-page';
import { buildHarness } from './build-harness';
import type { ColdCheck, StreamConfig, StreamResult } from './harness/main';
import type { RendererName } from './harness/renderers';
import { serveDirectory } from './serve-directory';
import { markdownAnswer, minifiedJsonLine } from './workloads';

const chunk = 24;
const intervalMs = 16;
/** How long after the last chunk was due a renderer may keep working before the run is cut short. */
const capMs = 60_000;
const order: RendererName[] = ['floor', 'runnel', 'react-markdown', 'streamdown'];

export interface Measured {
  busyS: number;
  stream: StreamResult;
  cold: ColdCheck;
}

declare global {
  interface Window {
    runnelBench: {
      stream(config: StreamConfig): Promise<StreamResult>;
      coldCheck(): Promise<ColdCheck>;
    };
  }
}

export async function measure(
  browser: Browser,
  url: string,
  renderer: RendererName,
  text: string,
): Promise<Measured> {
  const { context, page } = await openBenchPage(browser, url);
  try {
    const counters = await mainThreadCounters(page);
    const before = (await counters()).task;
    const config: StreamConfig = { renderer, text, chunk, intervalMs, capMs };
    const stream = await page.evaluate((c) => window.runnelBench.stream(c), config);
    const busyS = (await counters()).task - before;
    const cold = await page.evaluate(() => window.runnelBench.coldCheck());
    return { busyS, stream, cold };
  } finally {
    await context.close();
  }
}

/**
 * Several rounds as one: the median busy time, every update's latency, and the worst of the rest (most
 * long tasks, least text shown, equal only if every round was).
 */
function combine(runs: readonly Measured[]): Measured {
  const worst = (pick: (m: Measured) => number, most: boolean): Measured =>
    runs.reduce((a, b) => ((most ? pick(b) > pick(a) : pick(b) < pick(a)) ? b : a));
  const first = runs[0];
  if (!first) throw new Error('no runs to combine');
  const byTasks = worst((m) => m.stream.longTasks, true);
  const byShown = worst((m) => m.stream.shownChars, false);
  return {
    busyS: percentile(
      runs.map((m) => m.busyS),
      50,
    ),
    stream: {
      ...byShown.stream,
      longTasks: byTasks.stream.longTasks,
      longestTaskMs: Math.max(...runs.map((m) => m.stream.longestTaskMs)),
      latenciesMs: runs.flatMap((m) => m.stream.latenciesMs),
      capped: runs.some((m) => m.stream.capped),
    },
    cold: { ...first.cold, equal: runs.every((m) => m.cold.equal) },
  };
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

function rowsFor(
  workload: string,
  floor: Measured,
  results: Partial<Record<RendererName, Measured>>,
): BenchRow[] {
  const streamdownNet = results.streamdown ? results.streamdown.busyS - floor.busyS : Number.NaN;
  const floorP95 = percentile(floor.stream.latenciesMs, 95);
  const rows: BenchRow[] = [
    row({
      name: `renderer ${workload}: floor busy (renders nothing)`,
      value: round(floor.busyS),
      unit: 's',
      baseline: null,
      aim: 'reference',
      met: true,
    }),
    row({
      name: `renderer ${workload}: floor update-to-paint p95`,
      value: round(floorP95),
      unit: 'ms',
      baseline: null,
      aim: 'reference',
      met: true,
    }),
  ];
  for (const name of ['runnel', 'react-markdown', 'streamdown'] as const) {
    const result = results[name];
    if (!result) continue;
    const runnel = name === 'runnel';
    const label = `renderer ${workload}: ${name}${result.stream.capped ? ' (capped: still behind 60 s after the stream ended)' : ''}`;
    const net = result.busyS - floor.busyS;
    const p50 = percentile(result.stream.latenciesMs, 50);
    const p95 = percentile(result.stream.latenciesMs, 95);
    const shownPct = result.cold.coldChars
      ? (100 * result.stream.shownChars) / result.cold.coldChars
      : 0;
    const peer = 'peer, for comparison';
    rows.push(
      row({
        name: `${label} busy net of floor`,
        value: round(net),
        unit: 's',
        baseline: runnel ? round(streamdownNet) : null,
        aim: runnel ? 'ratio to Streamdown net <= 0.5' : peer,
        met: runnel ? net <= streamdownNet / 2 : true,
      }),
      row({
        name: `${label} long tasks > 50 ms`,
        value: result.stream.longTasks,
        unit: 'tasks',
        baseline: null,
        aim: runnel ? '0' : peer,
        met: runnel ? result.stream.longTasks === 0 : true,
      }),
      row({
        name: `${label} update-to-paint p50`,
        value: round(p50),
        unit: 'ms',
        baseline: round(percentile(floor.stream.latenciesMs, 50)),
        aim: 'report',
        met: true,
      }),
      row({
        name: `${label} update-to-paint p95`,
        value: round(p95),
        unit: 'ms',
        baseline: round(floorP95),
        aim: runnel ? 'within 5 ms of floor' : peer,
        met: runnel ? p95 - floorP95 <= 5 : true,
      }),
      row({
        name: `${label} text shown when the stream ended`,
        value: round(shownPct, 1),
        unit: '%',
        baseline: null,
        aim: runnel ? '100%' : peer,
        met: runnel ? result.stream.shownChars === result.cold.coldChars : true,
      }),
      row({
        name: `${label} streamed DOM text equals cold render`,
        value: result.cold.equal ? 1 : 0,
        unit: 'equal',
        baseline: null,
        aim: runnel ? '1 (equal)' : peer,
        met: runnel ? result.cold.equal : true,
      }),
    );
  }
  return rows;
}

const benchmark: Benchmark = {
  name: 'renderer (Chromium): stream 24 chars / 16 ms into each renderer',
  async run({ quick, log }: BenchContext): Promise<BenchRow[]> {
    const markdownLength = quick ? 10_000 : 50_000;
    const lineLength = quick ? 40_000 : 200_000;
    const workloads: [string, string, 'markdown' | 'line'][] = [
      [`${markdownLength / 1000}k Markdown`, markdownAnswer(markdownLength), 'markdown'],
      [`${lineLength / 1000}k one-line JSON`, minifiedJsonLine(lineLength), 'line'],
    ];
    // Development knobs: RUNNEL_BENCH_RENDERERS=runnel,streamdown (the floor always runs) and
    // RUNNEL_BENCH_WORKLOADS=markdown or line. The full table runs everything.
    const only = process.env.RUNNEL_BENCH_RENDERERS?.split(',');
    const workloadFilter = process.env.RUNNEL_BENCH_WORKLOADS;
    const dir = await buildHarness();
    const server = await serveDirectory(dir);
    const browser = await chromium.launch(chromiumLaunchOptions({ headless: true }));
    const rows: BenchRow[] = [];
    try {
      for (const [workload, text, kind] of workloads) {
        if (workloadFilter && workloadFilter !== kind) continue;
        // Renderers take turns round by round, so a slow stretch of a shared machine falls on all of them.
        const rounds = kind === 'line' ? 1 : quick ? 5 : 3;
        const runs: Partial<Record<RendererName, Measured[]>> = {};
        for (let round = 1; round <= rounds; round += 1) {
          for (const renderer of order) {
            if (only && renderer !== 'floor' && !only.includes(renderer)) continue;
            const result = await measure(browser, server.url, renderer, text);
            (runs[renderer] ??= []).push(result);
            const s = result.stream;
            log(
              `${workload} ${renderer} (round ${round}/${rounds}): busy ${result.busyS.toFixed(2)} s, ${s.updates} updates, ` +
                `${s.longTasks} long tasks (longest ${s.longestTaskMs.toFixed(0)} ms), ` +
                `p50/p95 ${percentile(s.latenciesMs, 50).toFixed(1)}/${percentile(s.latenciesMs, 95).toFixed(1)} ms, ` +
                `shown ${s.shownChars}/${result.cold.coldChars}, equal ${result.cold.equal}, wall ${(s.wallMs / 1000).toFixed(1)} s`,
            );
          }
        }
        // The spread between rounds, for the log: Runnel's ratio within each round, against that round's peers.
        const { floor, runnel, streamdown } = runs;
        if (rounds > 1 && floor && runnel && streamdown) {
          const ratios = floor.map(
            (f, i) =>
              ((runnel[i]?.busyS ?? Number.NaN) - f.busyS) /
              ((streamdown[i]?.busyS ?? Number.NaN) - f.busyS),
          );
          log(
            `${workload}: Runnel/Streamdown net per round ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
          );
        }
        const results: Partial<Record<RendererName, Measured>> = {};
        for (const [renderer, measured] of Object.entries(runs)) {
          results[renderer as RendererName] = combine(measured);
        }
        if (results.floor) rows.push(...rowsFor(workload, results.floor, results));
      }
    } finally {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

export default benchmark;
