/**
 * A thread of 5,000 messages (issue 28 item 3; `--quick`: 1,000), with code blocks and tables,
 * generated from a fixed seed (test/support/long-thread.ts) and seeded through the app's own backup
 * import. The whole app as the web e2e runs it (app-session.ts).
 *
 * Figures, measured in the page:
 *  - open: from clicking the thread in the sidebar (the page just loaded, nothing of the thread in
 *    memory) to the end of the first frame that shows its last message in view (a rAF callback that
 *    sees it, then a MessageChannel message: after that frame's style, layout and paint). Median of
 *    several cold opens. Reference, same run: the same for a two-message conversation.
 *  - scroll: from the end of the thread to its top, as a fast fling would (a fixed number of pixels
 *    each frame, older pages paged in on the way); the share of frames over 16.7 ms (rAF deltas
 *    over 17.7 ms: see OVER_MS). Reference, same run: the same share over an idle phase of the one
 *    screen the thread opened on (what the machine and headless Chromium's cadence cost alone).
 *  - memory: the page's JS heap after a forced full GC, and its DOM node count (Chromium's own
 *    counter, after the GC), after scrolling it all; the baseline is the same pair on the one screen
 *    the thread opened on.
 *  - jump: from pressing Enter on a search result for a word in a message deep in the thread (the
 *    thread freshly opened on its last page) to the end of the first frame that shows that message in
 *    view with the word marked. The slowest of several messages spread from the first to the last.
 *    Reference, same run: the same jump to a message on the page already loaded.
 *
 * THREAD_TRACE=<file> writes a Chromium trace of the scroll phase, for profiling; THREAD_TRACE_OPEN=<file>
 * one of the last open, THREAD_TRACE_JUMP=<file> one of each jump (`<file>-<message>.json`); the
 * history worker's thread is in them too.
 */
import { writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { generateLongThread, type Needle } from '../../test/support/long-thread';
import { importBackup, pageHeapAfterGc, percentile, round, startAppSession } from '../app-session';
import { row, type BenchContext, type BenchRow, type Benchmark } from '../types';

const MB = 1024 * 1024;
/** rAF deltas are whole vsync intervals that jitter by about 0.1 ms: see long-stream.bench.ts. */
const OVER_MS = 16.7 + 1;
/** A fast fling: 18,000 px/s at 60 frames a second. */
const SCROLL_PX_PER_FRAME = 300;
const IDLE_MS = 3_000;
const OPENS = 5;
/** A message revealed from search with the words it matched marked in it (use-search-marks.ts). */
const MARKED = '[data-search-marked="true"]';

type Phase = 'off' | 'idle' | 'scroll';

interface Probe {
  phase: Phase;
  frames: Record<Phase, number[]>;
  loafs: Array<{ phase: Phase; duration: number; blocking: number; scripts: string[] }>;
}

/** In the page from its first script: every frame's delta, and long animation frames, by phase. */
const threadProbe = (): void => {
  const probe: Probe = { phase: 'off', frames: { off: [], idle: [], scroll: [] }, loafs: [] };
  (window as unknown as { __thread: Probe }).__thread = probe;
  let last = 0;
  const onFrame = (time: number): void => {
    if (last > 0) probe.frames[probe.phase].push(time - last);
    last = time;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const frame = entry as PerformanceEntry & {
        blockingDuration: number;
        scripts: Array<{ invoker: string; sourceFunctionName: string; duration: number }>;
      };
      probe.loafs.push({
        phase: probe.phase,
        duration: frame.duration,
        blocking: frame.blockingDuration,
        scripts: frame.scripts.map(
          (s) => `${s.invoker}/${s.sourceFunctionName} ${Math.round(s.duration)}`,
        ),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
};

const setPhase = (page: Page, phase: Phase) =>
  page.evaluate((p) => {
    (window as unknown as { __thread: Probe }).__thread.phase = p;
  }, phase);

/** Clicks the conversation in the sidebar; ms to the end of the frame that shows `lastId` in view. */
const timeOpen = (page: Page, conversationId: string, lastId: string): Promise<number> =>
  page.evaluate(
    ([conversationId, lastId]) =>
      new Promise<number>((resolve, reject) => {
        const item = document.querySelector<HTMLElement>(
          `[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`,
        );
        if (!item) return reject(new Error(`no sidebar item for ${conversationId}`));
        const started = performance.now();
        item.click();
        const check = (): void => {
          if (performance.now() - started > 60_000)
            return reject(new Error(`the last message of ${conversationId} never showed`));
          const list = document.querySelector('[data-testid="message-list"]');
          // In the list: a search result in the sidebar carries the same data-message-id.
          const message = list?.querySelector(`[data-message-id="${lastId}"]`);
          if (list && message) {
            const view = list.getBoundingClientRect();
            const box = message.getBoundingClientRect();
            if (box.bottom <= view.bottom + 1 && box.bottom > view.top) {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => resolve(performance.now() - started);
              channel.port2.postMessage(null);
              return;
            }
          }
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    [conversationId, lastId] as const,
  );

/** Scrolls the list a fixed step a frame from its end to its top, paging older messages in. */
const fling = (page: Page, step: number): Promise<{ frames: number }> =>
  page.evaluate(
    (step) =>
      new Promise((resolve, reject) => {
        const list = document.querySelector<HTMLElement>('[data-testid="message-list"]');
        if (!list) throw new Error('no message list');
        const started = performance.now();
        let frames = 0;
        let stillFrames = 0;
        const tick = (): void => {
          frames += 1;
          if (performance.now() - started > 300_000)
            return reject(
              new Error(`scrolling stuck at ${list.scrollTop} of ${list.scrollHeight} px`),
            );
          list.scrollTop = Math.max(0, list.scrollTop - step);
          const more = list.dataset.hasOlder === 'true';
          // At the top with nothing older left: the whole thread has been in view.
          stillFrames = list.scrollTop === 0 && !more ? stillFrames + 1 : 0;
          if (stillFrames > 10) return resolve({ frames });
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    step,
  );

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
];

/** Starts a Chromium trace of the page (and its workers); the returned stop writes it to `file`. */
async function startTrace(page: Page): Promise<(file: string) => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: unknown[] = [];
  cdp.on('Tracing.dataCollected', (event) => chunks.push(...event.value));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES } });
  return async (file) => {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    await writeFile(file, JSON.stringify({ traceEvents: chunks }));
    await cdp.detach();
  };
}

/** `measure`, traced into `file` when one is given. */
async function traced<T>(
  page: Page,
  file: string | undefined,
  measure: () => Promise<T>,
): Promise<T> {
  if (!file) return measure();
  const stop = await startTrace(page);
  try {
    return await measure();
  } finally {
    await stop(file);
  }
}

async function domNodes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const counters = await cdp.send('Memory.getDOMCounters');
    return counters.nodes;
  } finally {
    await cdp.detach();
  }
}

/** Heap and DOM nodes after a full GC (the DOM count is read after the heap's GC). */
async function memory(page: Page): Promise<{ heap: number; nodes: number }> {
  const heap = await pageHeapAfterGc(page);
  return { heap, nodes: await domNodes(page) };
}

/**
 * Types the needle into search, waits for its one result, then presses Enter: ms from that keydown to
 * the end of the first frame with the message in view and the word marked in it.
 */
async function timeJump(page: Page, needle: Needle): Promise<number> {
  const search = page.getByTestId('search-input');
  await search.fill(needle.word);
  await page
    .locator(`[data-testid="search-result"][data-message-id="${needle.messageId}"]`)
    .waitFor();
  await page.evaluate(
    ([messageId, markedSelector]) => {
      const w = window as unknown as { __jump?: Promise<number> };
      w.__jump = new Promise<number>((resolve, reject) => {
        const input = document.querySelector('[data-testid="search-input"]');
        input?.addEventListener(
          'keydown',
          (event) => {
            const pressed = (event as KeyboardEvent).timeStamp;
            const check = (): void => {
              if (performance.now() - pressed > 30_000) {
                const list = document.querySelector<HTMLElement>('[data-testid="message-list"]');
                const rows = [...document.querySelectorAll<HTMLElement>('[data-index]')];
                const message = list?.querySelector<HTMLElement>(
                  `[data-message-id="${messageId}"]`,
                );
                return reject(
                  new Error(
                    `message ${messageId} never showed marked: list at ${list?.scrollTop} of ` +
                      `${list?.scrollHeight} px, rows ${rows[0]?.dataset.index}-${rows.at(-1)?.dataset.index}, ` +
                      `message ${message ? `at ${Math.round(message.getBoundingClientRect().top)} px, marked ${message.dataset.searchMarked}` : 'not rendered'}, ` +
                      `has older ${list?.dataset.hasOlder}`,
                  ),
                );
              }
              const list = document.querySelector('[data-testid="message-list"]');
              // In the list: the search result in the sidebar carries the same data-message-id.
              const message = list?.querySelector(`[data-message-id="${messageId}"]`);
              const marked = message?.closest(markedSelector);
              if (list && message && marked) {
                const view = list.getBoundingClientRect();
                const box = message.getBoundingClientRect();
                if (box.bottom > view.top && box.top < view.bottom) {
                  const channel = new MessageChannel();
                  channel.port1.onmessage = () => resolve(performance.now() - pressed);
                  channel.port2.postMessage(null);
                  return;
                }
              }
              requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          },
          { once: true },
        );
      });
    },
    [needle.messageId, MARKED] as const,
  );
  await search.press('Enter');
  return page.evaluate(() => (window as unknown as { __jump: Promise<number> }).__jump);
}

async function reopen(page: Page): Promise<void> {
  await page.reload();
  await page.waitForSelector('body[data-app-state="ready"]', { state: 'attached' });
}

const share = (frames: readonly number[]): number =>
  frames.length ? (100 * frames.filter((d) => d > OVER_MS).length) / frames.length : 0;

const run = async ({ quick, log }: BenchContext): Promise<BenchRow[]> => {
  const total = quick ? 1_000 : 5_000;
  const label = total.toLocaleString('en');
  const depth = [1, 0.75, 0.5, 0.25, 0.02].map((f) => Math.floor((total - 1) * (1 - f)));
  // A needle on the last page too: the reference jump, with nothing to page in.
  const needleAt = [...depth, total - 4];
  const thread = generateLongThread({
    messages: total,
    seed: 20261208,
    needleAt,
    endsAt: Date.now() - 3_600_000,
  });
  const short = generateLongThread({
    messages: 2,
    seed: 7,
    title: 'A short thread',
    endsAt: Date.now() - 7_200_000,
  });
  const lastId = thread.messageIds.at(-1) ?? '';
  const chars = thread.backup.conversations[0]?.messages.reduce((n, m) => n + m.content.length, 0);
  log(`${label} messages, ${round((chars ?? 0) / 1e6, 2)} M characters`);

  const session = await startAppSession({ persistentProfile: true });
  try {
    const page = await session.openWindow({
      beforeGoto: async (p) => {
        await p.addInitScript(threadProbe);
      },
    });
    await importBackup(
      page,
      JSON.stringify({
        ...thread.backup,
        conversations: [...thread.backup.conversations, ...short.backup.conversations],
      }),
    );

    // ---- open
    const opens: number[] = [];
    const shortOpens: number[] = [];
    for (let i = 0; i < OPENS; i += 1) {
      await reopen(page);
      shortOpens.push(await timeOpen(page, short.conversationId, short.messageIds.at(-1) ?? ''));
      await reopen(page);
      const file = i === OPENS - 1 ? process.env.THREAD_TRACE_OPEN : undefined;
      opens.push(await traced(page, file, () => timeOpen(page, thread.conversationId, lastId)));
    }
    const openMs = percentile(opens, 50);
    const shortOpenMs = percentile(shortOpens, 50);
    log(
      `open: ${opens.map((v) => round(v)).join(', ')} ms (two messages: ${shortOpens.map((v) => round(v)).join(', ')} ms)`,
    );

    // ---- one screen: idle frames and memory
    await page.waitForTimeout(1_500);
    const oneScreen = await memory(page);
    await setPhase(page, 'idle');
    await page.waitForTimeout(IDLE_MS);
    await setPhase(page, 'off');

    // ---- scroll it all
    const trace = process.env.THREAD_TRACE;
    await setPhase(page, 'scroll');
    const started = performance.now();
    const flung = await traced(page, trace, () => fling(page, SCROLL_PX_PER_FRAME));
    const scrollSeconds = (performance.now() - started) / 1000;
    await setPhase(page, 'off');
    if (trace) log(`trace of the scroll written to ${trace}`);
    const probe = await page.evaluate(() => (window as unknown as { __thread: Probe }).__thread);
    const scrollShare = share(probe.frames.scroll);
    const idleShare = share(probe.frames.idle);
    log(
      `scroll: ${flung.frames} frames in ${round(scrollSeconds)} s, ${SCROLL_PX_PER_FRAME} px a frame; ` +
        `${round(scrollShare, 2)}% over ${OVER_MS} ms (p99 ${round(percentile(probe.frames.scroll, 99))} ms), ` +
        `idle ${round(idleShare, 2)}% (${probe.frames.idle.length} frames)`,
    );
    const scrollLoafs = probe.loafs.filter((l) => l.phase === 'scroll');
    log(
      `long animation frames while scrolling: ${scrollLoafs.length}` +
        scrollLoafs
          .sort((a, b) => b.duration - a.duration)
          .slice(0, 5)
          .map((l) => `\n     ${round(l.duration)} ms: ${l.scripts.slice(0, 3).join('; ')}`)
          .join(''),
    );

    // ---- memory after it all
    await page.waitForTimeout(1_500);
    const after = await memory(page);
    const heapRatio = after.heap / oneScreen.heap;
    const nodeRatio = after.nodes / oneScreen.nodes;
    log(
      `memory: heap ${round(oneScreen.heap / MB)} → ${round(after.heap / MB)} MB, ` +
        `DOM nodes ${oneScreen.nodes} → ${after.nodes}`,
    );

    // ---- jumps from search
    const jumps: Array<{ needle: Needle; ms: number }> = [];
    for (const needle of thread.needles) {
      await reopen(page);
      await timeOpen(page, thread.conversationId, lastId);
      try {
        const prefix = process.env.THREAD_TRACE_JUMP;
        const file = prefix
          ? `${prefix.replace(/\.json$/, '')}-${needle.index + 1}.json`
          : undefined;
        jumps.push({ needle, ms: await traced(page, file, () => timeJump(page, needle)) });
      } catch (error) {
        log(`jump to message ${needle.index + 1} failed: ${String(error)}`);
        jumps.push({ needle, ms: Number.POSITIVE_INFINITY });
      }
    }
    const near = jumps.find((j) => j.needle.index === total - 4);
    const deep = jumps.filter((j) => j !== near);
    const jumpMs = Math.max(...deep.map((j) => j.ms));
    log(`jump: ${jumps.map((j) => `message ${j.needle.index + 1} ${round(j.ms)} ms`).join(', ')}`);

    const name = `scale: ${label}-message thread`;
    return [
      row({
        name: `${name}, open to the last message shown`,
        value: round(openMs),
        unit: 'ms',
        baseline: round(shortOpenMs),
        aim: '<= 200 ms (baseline: a two-message conversation)',
        met: openMs <= 200,
      }),
      row({
        name: `${name}, frames over 16.7 ms scrolling it all`,
        value: round(scrollShare, 2),
        unit: '%',
        baseline: round(idleShare, 2),
        ratio: null,
        aim: '<= 1 % (baseline: the same share idle on one screen)',
        met: scrollShare <= 1,
      }),
      row({
        name: `${name}, JS heap after scrolling it all`,
        value: round(after.heap / MB),
        unit: 'MB',
        baseline: round(oneScreen.heap / MB),
        aim: 'ratio <= 2 (baseline: one screen of it)',
        met: heapRatio <= 2,
      }),
      row({
        name: `${name}, DOM nodes after scrolling it all`,
        value: after.nodes,
        unit: 'nodes',
        baseline: oneScreen.nodes,
        aim: 'ratio <= 2 (baseline: one screen of it)',
        met: nodeRatio <= 2,
      }),
      row({
        name: `${name}, jump from a search hit, slowest of ${deep.length}`,
        value: round(jumpMs),
        unit: 'ms',
        baseline: near ? round(near.ms) : null,
        aim: '<= 100 ms (baseline: a hit on the page already loaded)',
        met: jumpMs <= 100,
      }),
    ];
  } finally {
    await session.close();
  }
};

const benchmark: Benchmark = { name: 'scale: a thread of thousands of messages', run };
export default benchmark;
