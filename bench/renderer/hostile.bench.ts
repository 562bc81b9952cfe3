/**
 * Hostile Markdown (issue 22, items 9 and 10): answers built to make parsers slow or overflow their stack
 * (test/support/hostile-markdown.ts), each streamed into Runnel's MessageMarkdown at 24 characters every
 * 16 ms, as the renderer benchmark streams its answers, in the same page. Reports the worst input's long
 * tasks (aim 0) and busy time, next to the ordinary Markdown answer of the same length measured in the
 * same run. Only Runnel runs: the peers re-parse the whole answer on every update and would take minutes
 * on some of these.
 */
import { rm } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { hostileAnswers } from '../../test/support/hostile-markdown';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { row, type BenchContext, type Benchmark, type BenchRow } from '../types';
import { buildHarness } from './build-harness';
import { measure, type Measured } from './renderer.bench';
import { serveDirectory } from './serve-directory';
import { markdownAnswer } from './workloads';

/** The shapes the issue names: emphasis runs, deep nesting, long link and table rows, many backticks. */
const inputs = [
  'underscore run (_a_a…)',
  'star run (*a*a…)',
  'star run in one paragraph of short lines',
  'block quote markers (>>>… x)',
  'nested list levels by indentation',
  'nested emphasis',
  'long link row',
  'wide table row',
  'many backticks',
  'backtick runs of every length',
];

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

const benchmark: Benchmark = {
  name: 'renderer (Chromium): hostile Markdown streamed 24 chars / 16 ms into Runnel',
  async run({ quick, log }: BenchContext): Promise<BenchRow[]> {
    const length = quick ? 10_000 : 50_000;
    const answers = hostileAnswers(length);
    const dir = await buildHarness();
    const server = await serveDirectory(dir);
    const browser = await chromium.launch(chromiumLaunchOptions({ headless: true }));
    try {
      const describe = (label: string, m: Measured): string =>
        `${label}: busy ${m.busyS.toFixed(2)} s, ${m.stream.longTasks} long tasks (longest ` +
        `${m.stream.longestTaskMs.toFixed(0)} ms), shown ${m.stream.shownChars}/${m.cold.coldChars}, ` +
        `wall ${(m.stream.wallMs / 1000).toFixed(1)} s${m.stream.capped ? ', CAPPED' : ''}`;
      const floor = await measure(browser, server.url, 'floor', markdownAnswer(length));
      log(describe('floor', floor));
      const ordinary = await measure(browser, server.url, 'runnel', markdownAnswer(length));
      log(describe(`${length / 1000}k Markdown`, ordinary));
      const results: [string, Measured][] = [];
      // Development knob: RUNNEL_BENCH_HOSTILE=a,b runs only the inputs whose names start so.
      const only = process.env.RUNNEL_BENCH_HOSTILE?.split(',');
      for (const name of inputs) {
        if (only && !only.some((prefix) => name.startsWith(prefix))) continue;
        const text = answers[name];
        if (text === undefined) throw new Error(`no hostile answer named ${name}`);
        const result = await measure(browser, server.url, 'runnel', text);
        log(describe(`${name} (${text.length} chars)`, result));
        results.push([name, result]);
      }
      const worst = (pick: (m: Measured) => number): [string, Measured] =>
        results.reduce((a, b) => (pick(b[1]) > pick(a[1]) ? b : a));
      const [tasksName, byTasks] = worst((m) => m.stream.longTasks);
      const [busyName, byBusy] = worst((m) => m.busyS);
      const label = `renderer hostile Markdown (worst of ${results.length}, ${length / 1000}k each)`;
      return [
        row({
          name: `${label}: Runnel long tasks > 50 ms (${tasksName}, longest ${round(byTasks.stream.longestTaskMs, 0)} ms)`,
          value: byTasks.stream.longTasks,
          unit: 'tasks',
          baseline: ordinary.stream.longTasks,
          ratio: null,
          aim: '0',
          met: byTasks.stream.longTasks === 0,
        }),
        row({
          name: `${label}: Runnel busy net of floor (${busyName})`,
          value: round(byBusy.busyS - floor.busyS),
          unit: 's',
          baseline: round(ordinary.busyS - floor.busyS),
          aim: 'report (baseline: the ordinary answer)',
          met: true,
        }),
        row({
          name: `${label}: every answer fully shown when its stream ended`,
          value: results.filter(([, m]) => !m.stream.capped).length,
          unit: 'answers',
          baseline: results.length,
          ratio: null,
          aim: `${results.length} (none capped)`,
          met: results.every(([, m]) => !m.stream.capped),
        }),
      ];
    } finally {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
