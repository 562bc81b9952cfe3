/**
 * Development tool, not part of `npm run bench`: streams the Markdown workload into one renderer with
 * Chromium tracing on and prints main-thread time by trace event (self time), so an update's cost can be
 * split into script, style, layout, paint and commit; also the V8 CPU profile by function, DOM mutations and
 * scrollers. `node --import tsx bench/renderer/profile.ts runnel [length]` (NOTRACE=1 skips tracing)
 */
import { rm, writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { buildHarness } from './build-harness';
import type { StreamConfig } from './harness/main';
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
function printProfile(profile: {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}): void {
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
      .slice(0, 40)
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
      .slice(0, 50)
      .map(([name, us]) => ({ name, inclusiveMs: Math.round(us / 1000) })),
  );
}

async function main(): Promise<void> {
  const renderer = (process.argv[2] ?? 'runnel') as RendererName;
  const length = Number(process.argv[3] ?? 10_000);
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
    const config: StreamConfig = {
      renderer,
      text: markdownAnswer(length),
      chunk: 24,
      intervalMs: 16,
      capMs: 60_000,
    };
    await page.evaluate(
      (c) =>
        (
          window as unknown as { runnelBench: { stream(c: StreamConfig): Promise<unknown> } }
        ).runnelBench.stream(c),
      config,
    );
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
    // Self time: each event's duration minus its direct children's.
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
    const rows = [...self.entries()]
      .sort((a, b) => b[1].self - a[1].self)
      .slice(0, 30)
      .map(([name, v]) => ({
        name,
        count: v.count,
        selfMs: Math.round(v.self / 1000),
        totalMs: Math.round(v.total / 1000),
      }));
    console.table(rows);
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
