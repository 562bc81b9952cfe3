/**
 * Development tool, not part of `npm run bench`: what drawing a growing paragraph costs a page, whatever
 * renders it. One paragraph, alone on the benchmark page, grows by a few words every 16 ms (400 updates,
 * reset every 20 so it stays paragraph-sized), and the page follows its end as the benchmark's does. The
 * same changes made to a detached paragraph are the baseline: the page's timers and script alone.
 * Prints busy time (Chromium's TaskDuration) for each, medians of paired rounds.
 * `node --import tsx bench/renderer/draw-cost.ts [rounds]`
 */
import { rm } from 'node:fs/promises';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { mainThreadCounters, percentile } from '../app-session';
import { buildHarness } from './build-harness';
import { serveDirectory } from './serve-directory';

type Target = 'on the page' | 'detached';

async function busyMs(browser: Browser, url: string, target: Target): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const counters = await mainThreadCounters(page);
    const before = (await counters()).task;
    await page.evaluate(async (detached) => {
      const stream = document.getElementById('stream');
      if (!stream) throw new Error('no #stream element');
      // The same boxes a streaming Runnel answer has, so the same stylesheet rules apply.
      const block = document.createElement('div');
      block.className = 'md-block md-streaming';
      const paragraph = document.createElement('p');
      block.append(paragraph);
      const wrapper = document.createElement('div');
      wrapper.className = 'md';
      wrapper.append(block);
      if (!detached) stream.append(wrapper);
      const text = document.createTextNode('');
      paragraph.append(text);
      const scroller = document.scrollingElement;
      const words = ['stream', 'token', 'buffer', 'render', 'layout', 'paint', 'frame'];
      for (let i = 0; i < 400; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 16));
        const grown = i % 20 === 0 ? '' : text.data;
        text.data = `${grown} ${words[i % 7]} ${words[(i * 3) % 7]} ${words[(i * 5) % 7]}`;
        if (scroller) scroller.scrollTop = scroller.scrollHeight;
      }
    }, target === 'detached');
    return Math.round(((await counters()).task - before) * 1000);
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const dir = await buildHarness();
  const server = await serveDirectory(dir);
  const browser = await chromium.launch(chromiumLaunchOptions({ headless: true }));
  const results: Record<Target, number[]> = { 'on the page': [], detached: [] };
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const target of ['on the page', 'detached'] as const) {
        results[target].push(await busyMs(browser, server.url, target));
      }
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  for (const [target, values] of Object.entries(results)) {
    console.log(
      `paragraph ${target}: busy ${percentile(values, 50)} ms over 400 updates (rounds ${values.join(', ')})`,
    );
  }
}

void main();
