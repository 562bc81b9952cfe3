/**
 * Development tool, not part of `npm run bench`: streams the Markdown workload into one renderer with
 * Chromium tracing on and prints main-thread time by trace event (self time), so an update's cost can be
 * split into script, style, layout, paint and commit; also the V8 CPU profile by function, DOM mutations and
 * scrollers. `node --import tsx bench/renderer/profile.ts runnel [length]` (NOTRACE=1 skips tracing).
 * With `--open`, renders the finished answer cold instead (bench/scale/long-answer.bench.ts) and also
 * splits each long task (over 50 ms) into its events, to say which part of an open is long.
 */
import { rm, writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { buildHarness } from './build-harness';
import type { OpenConfig, StreamConfig } from './harness/main';
import type { RendererName } from './harness/renderers';
import { serveDirectory } from './serve-directory';
import { markdownAnswer } from './workloads';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat: string;
  args?: { name?: string; data?: Record<string, unknown> };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** JS self time by function, from the V8 sampling profiler. */
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** The part of a profile sampled between two times (µs, the trace's clock). */
function profileBetween(profile: CpuProfile, from: number, to: number): CpuProfile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let at = profile.startTime;
  let last = from;
  (profile.samples ?? []).forEach((sample, i) => {
    at += profile.timeDeltas?.[i] ?? 0;
    if (at < from || at > to) return;
    samples.push(sample);
    timeDeltas.push(at - last);
    last = at;
  });
  return { ...profile, samples, timeDeltas };
}

function printProfile(profile: CpuProfile, top = 40): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const time = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    const node = byId.get(samples[i] ?? -1);
    if (!node) continue;
    const f = node.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    time.set(key, (time.get(key) ?? 0) + (deltas[i + 1] ?? 0));
  }
  const groups = new Map<string, number>();
  for (const [key, us] of time) {
    const group = key.split(' ').pop()?.split(':')[0] ?? '';
    groups.set(group, (groups.get(group) ?? 0) + us);
  }
  console.log([...groups].map(([g, us]) => `${g} ${Math.round(us / 1000)}`).join(', '));
  console.table(
    [...time.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000) })),
  );
  // Inclusive time: a function's own samples plus its callees', counted once per sample.
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (let i = 0; i < samples.length; i += 1) {
    const seen = new Set<string>();
    for (let id: number | undefined = samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)?.callFrame;
      if (!f || !f.url) continue;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + (deltas[i + 1] ?? 0));
    }
  }
  console.table(
    [...inclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top + 10)
      .map(([name, us]) => ({ name, inclusiveMs: Math.round(us / 1000) })),
  );
}

/** Self time by event name (each event's duration less its direct children's), over sorted events. */
function selfTimes(
  events: readonly TraceEvent[],
): Map<string, { total: number; self: number; count: number }> {
  const self = new Map<string, { total: number; self: number; count: number }>();
  const stack: { event: TraceEvent; end: number; childTime: number }[] = [];
  const close = (until: number): void => {
    while (stack.length > 0 && (stack[stack.length - 1]?.end ?? 0) <= until) {
      const top = stack.pop();
      if (!top) break;
      const entry = self.get(top.event.name) ?? { total: 0, self: 0, count: 0 };
      entry.total += top.event.dur ?? 0;
      entry.self += (top.event.dur ?? 0) - top.childTime;
      entry.count += 1;
      self.set(top.event.name, entry);
    }
  };
  for (const event of events) {
    close(event.ts);
    const parent = stack[stack.length - 1];
    if (parent) parent.childTime += event.dur ?? 0;
    stack.push({ event, end: event.ts + (event.dur ?? 0), childTime: 0 });
  }
  close(Number.POSITIVE_INFINITY);
  return self;
}

function printSelfTimes(events: readonly TraceEvent[], top = 30): void {
  const rows = [...selfTimes(events).entries()]
    .sort((a, b) => b[1].self - a[1].self)
    .slice(0, top)
    .map(([name, v]) => ({
      name,
      count: v.count,
      selfMs: Math.round(v.self / 1000),
      totalMs: Math.round(v.total / 1000),
    }));
  console.table(rows);
}

/** Each main-thread task over 50 ms, split into its events' self times. */
function printLongTasks(events: readonly TraceEvent[], profile: CpuProfile): void {
  const tasks = events.filter(
    (e) => e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) > 50_000,
  );
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    console.log(`long task: ${Math.round((task.dur ?? 0) / 1000)} ms`);
    printSelfTimes(
      events.filter((e) => e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end),
      15,
    );
    printProfile(profileBetween(profile, task.ts, end), 25);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((arg) => arg !== '--open');
  const opening = process.argv.includes('--open');
  const renderer = (args[0] ?? 'runnel') as RendererName;
  const length = Number(args[1] ?? 10_000);
  const dir = await buildHarness({ minify: false });
  const server = await serveDirectory(dir);
  const browser = await chromium.launch(chromiumLaunchOptions({ headless: true }));
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => 'runnelBench' in window);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.evaluate(() => {
      const counts = { added: 0, removed: 0, chars: 0, attrs: 0 };
      (globalThis as unknown as { muts: typeof counts }).muts = counts;
      new MutationObserver((records) => {
        for (const r of records) {
          counts.added += r.addedNodes.length;
          counts.removed += r.removedNodes.length;
          if (r.type === 'characterData') counts.chars += 1;
          if (r.type === 'attributes') counts.attrs += 1;
        }
      }).observe(document.getElementById('stream')!, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });
    const trace = !process.env.NOTRACE;
    if (trace)
      await browser.startTracing(page, {
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'blink',
          'cc',
          'toplevel',
          'v8.execute',
        ],
      });
    type Bench = {
      runnelBench: {
        stream(c: StreamConfig): Promise<unknown>;
        open(c: OpenConfig): Promise<unknown>;
      };
    };
    const text = markdownAnswer(length);
    if (opening) {
      // As the long-answer benchmark does: the page's own start-up is not the open's cost.
      await page.waitForTimeout(500);
      const config: OpenConfig = { renderer, text, quietMs: 1_000 };
      console.log(
        await page.evaluate((c) => (window as unknown as Bench).runnelBench.open(c), config),
      );
    } else {
      const config: StreamConfig = { renderer, text, chunk: 24, intervalMs: 16, capMs: 60_000 };
      await page.evaluate((c) => (window as unknown as Bench).runnelBench.stream(c), config);
    }
    const { profile } = await cdp.send('Profiler.stop');
    const counts = await page.evaluate(() => {
      let scrollers = 0;
      for (const el of document.querySelectorAll('#stream *')) {
        const s = getComputedStyle(el);
        if (s.overflowX === 'auto' || s.overflowX === 'scroll') scrollers += 1;
      }
      return { scrollers, nodes: document.querySelectorAll('#stream *').length };
    });
    console.log(
      'counts',
      counts,
      await page.evaluate(() => (globalThis as unknown as { muts: unknown }).muts),
    );
    printProfile(profile);
    if (!trace) return;
    const buffer = await browser.stopTracing();
    await writeFile(`/tmp/prof/${renderer}.json`, buffer);
    const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
    const main = traceEvents.find(
      (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
    );
    if (!main) throw new Error('no renderer main thread');
    const events = traceEvents
      .filter(
        (e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined,
      )
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    printSelfTimes(events);
    if (opening) printLongTasks(events, profile);
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
