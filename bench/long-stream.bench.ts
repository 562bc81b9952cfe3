/**
 * Long stream (issue 11): one answer streaming at about 500 tokens/s (2,000 characters/s at 4
 * characters a token) for 60 s (`--quick`: 15 s) into a conversation that already holds 200 messages
 * of mixed Markdown, while a person types into the composer. The whole app as the web e2e runs it
 * (app-session.ts); the history is generated from a fixed seed and seeded through the app's own
 * backup import, then opened from the sidebar.
 *
 * Three phases on the same page, in the same run:
 *  - idle: the 200 messages on screen, no stream, the same typing (the floor: what headless Chromium's
 *    frame cadence, the typing and the shared machine cost with nothing streaming);
 *  - stream: from pressing Enter on the question until the answer is complete;
 *  - four: the next question asked of four models at once (issue 25: chosen in the model switcher's
 *    Compare, all four on the bench's loopback server), each answer at 500 tokens/s, side by side in
 *    four columns, from Enter until all four are complete. Its rows sit next to the single stream's,
 *    with the same idle floor; it also counts delta events of one stream less than a frame apart as
 *    they leave main (the stream registry's promise: at most one per stream per frame).
 *
 * Figures, measured in the page:
 *  - long tasks: PerformanceObserver `longtask` entries (main-thread tasks over 50 ms) that start in the
 *    phase; the `long-animation-frame` entries (LoAF, frames over 50 ms) and their scripts are logged to
 *    say where the time went.
 *  - frames over 16.7 ms: the deltas between successive requestAnimationFrame timestamps (each frame's
 *    begin time), as a share of all frames in the phase. The deltas are whole vsync intervals whose
 *    timestamps jitter by about 0.1 ms, so a frame counts as over when its delta exceeds 17.7 ms (see
 *    OVER_MS; the literal share over 16.7 ms, about half of all frames even when idle, is logged).
 *    Headless Chromium's cadence and the shared machine have hiccups of their own: the idle floor.
 *  - keystroke to next frame: for each `input` event on the composer, from the `timeStamp` of the
 *    keydown that caused it to the end of the first frame after the input: a requestAnimationFrame
 *    callback scheduled from the input event, then a MessageChannel message posted from it, which runs
 *    once that frame's style, layout and paint are done. Keys are real key events (page.keyboard, one
 *    every 100 ms), so the figure includes any time the key waited behind other work. A key arrives
 *    anywhere within a frame, so even an app with no work waits up to one frame for the next one: the
 *    idle floor shows that share.
 *  - keystroke to the start of the frame that shows it: the same, but to the start of that
 *    requestAnimationFrame callback: at most one frame when the key made the next frame, which is what
 *    "answered within one frame" asks; the frame's own style, layout and paint are left out. The share
 *    of keys whose frame started more than 17.7 ms after the key (a frame missed) is logged.
 *    (Event Timing's durations are not used: headless Chromium reports no presentation for some
 *    frames, and keydowns then show durations of seconds.)
 *  - the answer fully shown: the last message complete, every heading of the answer and its closing
 *    sentence in the page, and the list still scrolled to its end.
 * Logged beside them: the main thread's busy time per second in each phase (Chromium's own counters),
 * and the keystroke's frame alone (its rAF callback to its paint), which the arrival phase and the
 * machine's scheduling do not blur, for comparing changes to the app on a shared machine; and each
 * frame's begin to its first rAF callback: a key that arrives just after a frame began waits for that
 * frame and is shown by the next, so whatever a frame does before its rAF callbacks (layout forced
 * for the focused composer's caret, the hover hit test after the list scrolled) decides whether such
 * a key still makes one frame.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { questions } from '../test/support/long-thread';
import { seededRandom } from '../test/support/seeded-random';
import {
  importBackup,
  mainThreadCounters,
  percentile,
  round,
  send,
  startAppSession,
  type Counters,
} from './app-session';
import { markdownAnswer } from './renderer/workloads';
import { row, type BenchContext, type BenchRow, type Benchmark } from './types';

const FRAME_MS = 1000 / 60;
/**
 * A frame over budget. rAF deltas here are whole vsync intervals whose timestamps jitter by about
 * 0.1 ms (16.6–16.8 ms, or 33.3 ms when a vsync was missed), so a literal "> 16.7 ms" counts about
 * half of all on-time frames; 1 ms of slack keeps only the frames that really ran long.
 */
const OVER_MS = 16.7 + 1;
const TOKENS_PER_SECOND = 500;
const CHARS_PER_TOKEN = 4;
/**
 * About two tokens an SSE event every 4 ms (Node's 4 ms timers run about 4.5 ms here); the stream
 * registry coalesces them to one event a frame anyway. The rate reached is logged.
 */
const CHUNK_CHARS = 9;
const DELAY_MS = 4;
const HISTORY_MESSAGES = 200;
const KEY_DELAY_MS = 100;
const CLOSING = 'This closes the long answer.';
const CONVERSATION_ID = 'long-stream-conversation';

// ---- data -------------------------------------------------------------------------------------

/** 200 messages, questions and answers in turn: answers mostly 300–2,000 characters, some far longer. */
function historyBackup(seed: number) {
  const random = seededRandom(seed);
  const start = Date.UTC(2024, 5, 1);
  const messages = Array.from({ length: HISTORY_MESSAGES }, (_, index) => {
    const at = start + index * 45_000;
    const user = index % 2 === 0;
    const roll = random();
    const length = user
      ? 0
      : roll < 0.7
        ? 300 + Math.floor(random() * 1_700)
        : roll < 0.95
          ? 2_000 + Math.floor(random() * 4_000)
          : 10_000 + Math.floor(random() * 10_000);
    const question = questions[Math.floor(random() * questions.length)] ?? '';
    const content = user
      ? random() < 0.2
        ? `${question}\n\n\`\`\`ts\nconst value = await fetchThing(${index});\n\`\`\``
        : question
      : closeFences(markdownAnswer(length, seed + index));
    return {
      id: `ls-${index}`,
      role: user ? ('user' as const) : ('assistant' as const),
      content,
      reasoning: '',
      status: 'complete' as const,
      finishReason: user ? null : 'stop',
      usage: user ? null : { promptTokens: 100 + index, completionTokens: 400, totalTokens: 500 },
      error: null,
      createdAt: at,
      updatedAt: at,
    };
  });
  const updatedAt = start + HISTORY_MESSAGES * 45_000;
  return {
    format: 'runnel-history-backup',
    version: 1,
    exportedAt: updatedAt,
    conversations: [
      {
        id: CONVERSATION_ID,
        title: 'Long-running design discussion',
        createdAt: start,
        // In the future, so it is the newest conversation whatever else the page holds.
        updatedAt: Date.now() + 60_000,
        pinned: false,
        model: null,
        providerId: null,
        tags: [],
        messages,
      },
    ],
  };
}

/** markdownAnswer cuts mid-sentence, possibly inside a code fence: close it, as a model would. */
function closeFences(text: string): string {
  const fences = text.match(/^```/gm)?.length ?? 0;
  return fences % 2 === 1 ? `${text}\n\`\`\`` : text;
}

// ---- the page's side --------------------------------------------------------------------------

type Phase = 'off' | 'idle' | 'stream' | 'four';

interface Loaf {
  start: number;
  duration: number;
  blocking: number;
  renderStart: number;
  styleAndLayoutStart: number;
  scripts: Array<{ invoker: string; source: string; duration: number; forcedLayout: number }>;
}

interface Probe {
  phase: Phase;
  marks: Array<{ phase: Phase; at: number }>;
  frames: Record<Phase, number[]>;
  keys: Record<Phase, number[]>;
  longTasks: Array<{ start: number; duration: number }>;
  loafs: Loaf[];
  /** Per input: keydown to the start of the rAF callback of the frame that shows it. */
  keyToFrameStart: Record<Phase, number[]>;
  /**
   * Per frame: from the frame's begin time to its first rAF callback (the probe's). What the frame
   * did before any script (the focused composer's caret bounds forcing layout, the hover hit test
   * after a scroll) delays every key that just missed the frame before by as much.
   */
  frameToRaf: Record<Phase, number[]>;
}

/** In the page from its first script. */
const longStreamProbe = (): void => {
  const probe: Probe = {
    phase: 'off',
    marks: [],
    frames: { off: [], idle: [], stream: [], four: [] },
    keys: { off: [], idle: [], stream: [], four: [] },
    longTasks: [],
    loafs: [],
    keyToFrameStart: { off: [], idle: [], stream: [], four: [] },
    frameToRaf: { off: [], idle: [], stream: [], four: [] },
  };
  (window as unknown as { __longStream: Probe }).__longStream = probe;

  let last = 0;
  const onFrame = (time: number): void => {
    if (last > 0) probe.frames[probe.phase].push(time - last);
    probe.frameToRaf[probe.phase].push(performance.now() - time);
    last = time;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const frame = entry as PerformanceEntry & {
        blockingDuration: number;
        renderStart: number;
        styleAndLayoutStart: number;
        scripts: Array<{
          invoker: string;
          sourceURL: string;
          sourceFunctionName: string;
          sourceCharPosition: number;
          duration: number;
          forcedStyleAndLayoutDuration: number;
        }>;
      };
      probe.loafs.push({
        start: frame.startTime,
        duration: frame.duration,
        blocking: frame.blockingDuration,
        renderStart: frame.renderStart,
        styleAndLayoutStart: frame.styleAndLayoutStart,
        scripts: frame.scripts.map((script) => ({
          invoker: script.invoker,
          source: `${script.sourceFunctionName}@${script.sourceURL.split('/').pop() ?? ''}:${script.sourceCharPosition}`,
          duration: script.duration,
          forcedLayout: script.forcedStyleAndLayoutDuration,
        })),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  const isComposer = (target: EventTarget | null): boolean =>
    target instanceof HTMLElement && target.dataset.testid === 'composer-input';
  let keyDownAt: number | null = null;
  document.addEventListener(
    'keydown',
    (event) => {
      if (isComposer(event.target)) keyDownAt = event.timeStamp;
    },
    true,
  );
  document.addEventListener(
    'input',
    (event) => {
      if (!isComposer(event.target) || keyDownAt === null) return;
      const down = keyDownAt;
      const phase = probe.phase;
      keyDownAt = null;
      requestAnimationFrame(() => {
        probe.keyToFrameStart[phase].push(performance.now() - down);
        const channel = new MessageChannel();
        channel.port1.onmessage = () => probe.keys[phase].push(performance.now() - down);
        channel.port2.postMessage(null);
      });
    },
    true,
  );
};

/** Main-thread milliseconds per second of wall time between two readings, by kind. */
const busyPerSecond = (from: Counters, to: Counters): string => {
  const seconds = (to.at - from.at) / 1000;
  const per = (key: 'task' | 'script' | 'layout' | 'style'): number =>
    round(((to[key] - from[key]) * 1000) / seconds, 0);
  return `${per('task')} ms/s busy (script ${per('script')}, layout ${per('layout')}, style ${per('style')})`;
};

const setPhase = (page: Page, phase: Phase): Promise<void> =>
  page.evaluate((next) => {
    const probe = (window as unknown as { __longStream: Probe }).__longStream;
    probe.phase = next;
    probe.marks.push({ phase: next, at: performance.now() });
  }, phase);

/** Types words into the composer, a key every 100 ms, clearing it now and then, until `until()`. */
async function typeUntil(page: Page, until: () => boolean, seed: number): Promise<number> {
  const random = seededRandom(seed);
  const words = 'when the answer settles we can compare both retry budgets again'.split(' ');
  let typed = 0;
  while (!until()) {
    const word = words[Math.floor(random() * words.length)] ?? 'word';
    await page.keyboard.type(`${word} `, { delay: KEY_DELAY_MS });
    typed += word.length + 1;
    if (typed % 80 < word.length + 1) {
      // Clear it as a person would: select all, delete.
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.waitForTimeout(KEY_DELAY_MS);
    }
  }
  return typed;
}

/**
 * Development aid: with RUNNEL_LONG_STREAM_PROFILE=<dir>, the stream phase is recorded as a Chromium
 * trace (trace.json), a V8 CPU profile (cpu.cpuprofile) and the page's raw figures (probe.json) for DevTools or bench/renderer/profile.ts's
 * way of reading them. Tracing costs time of its own: figures from such a run are not comparable.
 */
const profileDir = process.env.RUNNEL_LONG_STREAM_PROFILE;

async function startProfiling(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const browser = page.context().browser();
  await browser?.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'toplevel'],
  });
  return {
    async stop(dir: string) {
      const { profile } = await cdp.send('Profiler.stop');
      await mkdir(dir, { recursive: true });
      await writeFile(`${dir}/cpu.cpuprofile`, JSON.stringify(profile));
      if (browser) await writeFile(`${dir}/trace.json`, await browser.stopTracing());
      await cdp.detach();
    },
  };
}

// ---- four answers at once ---------------------------------------------------------------------

/** Four models of the bench's server; each answer is scripted, so the names only tell them apart. */
const FOUR_MODELS = ['bench-north', 'bench-east', 'bench-south', 'bench-west'];

/** The model switcher's Compare, as a person uses it: Settings' default out, the four models in. */
async function chooseFour(page: Page): Promise<void> {
  await page.getByTestId('model-switcher').click();
  await page.getByTestId('compare-toggle').click();
  const search = page.getByTestId('model-search');
  for (const name of ['scripted', ...FOUR_MODELS]) {
    await search.fill(name);
    await page.waitForSelector(`[data-testid="model-option"][data-model="${name}"]`);
    await search.press('Enter');
  }
  await search.press('Escape');
  await page.waitForFunction(
    (count) => document.querySelectorAll('[data-testid="compare-chip"]').length === count,
    FOUR_MODELS.length,
  );
  await page.getByTestId('composer-input').click();
}

function reportFour({
  log,
  probe,
  deltas,
  chars,
  shown,
  typed,
  busy,
  label,
}: {
  log: (line: string) => void;
  probe: Probe;
  deltas: Map<string, number[]>;
  chars: Map<string, number>;
  shown: {
    layout: string | null | undefined;
    answers: Array<{ status: string | null; chars: number; closing: boolean }>;
  };
  typed: number;
  busy: string;
  label: string;
}): BenchRow[] {
  const fourPhase = inPhase(probe.marks, 'four');
  const idlePhase = inPhase(probe.marks, 'idle');
  const longFour = probe.longTasks.filter((t) => fourPhase(t.start));
  const longIdle = probe.longTasks.filter((t) => idlePhase(t.start));
  const frames = probe.frames.four;
  const over = share(frames, OVER_MS);
  const overIdle = share(probe.frames.idle, OVER_MS);
  const keyStart = percentile(probe.keyToFrameStart.four, 95);
  const keyStartIdle = percentile(probe.keyToFrameStart.idle, 95);
  const keyPainted = percentile(probe.keys.four, 95);
  // A frame apart at least: two events of one stream closer than a frame would land in one frame.
  let events = 0;
  let closer = 0;
  const rates: number[] = [];
  const tokenRates: number[] = [];
  for (const [streamId, times] of deltas) {
    events += times.length;
    for (let i = 1; i < times.length; i++)
      if ((times[i] ?? 0) - (times[i - 1] ?? 0) < FRAME_MS - 1) closer += 1;
    const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    if (seconds > 0) rates.push(times.length / seconds);
    if (seconds > 0) tokenRates.push((chars.get(streamId) ?? 0) / CHARS_PER_TOKEN / seconds);
  }
  log(
    `four: ${deltas.size} streams, ${events} delta events to the window (${rates.map((r) => round(r, 0)).join(', ')} events/s, ${tokenRates.map((r) => round(r, 0)).join(', ')} tokens/s each), ${closer} less than a frame after the one before; ${typed} characters typed meanwhile; layout ${shown.layout ?? 'none'}`,
  );
  log(`four: main thread ${busy}`);
  const lag = (phase: Phase): string =>
    `p50 ${round(percentile(probe.frameToRaf[phase], 50), 2)} ms, p90 ${round(percentile(probe.frameToRaf[phase], 90), 2)} ms`;
  log(
    `four: keys whose frame started over ${round(OVER_MS)} ms after them ${round(share(probe.keyToFrameStart.four, OVER_MS), 1)}% (idle ${round(share(probe.keyToFrameStart.idle, OVER_MS), 1)}%); ` +
      `frame begin to its first rAF callback: four ${lag('four')}; stream ${lag('stream')}; idle ${lag('idle')}`,
  );
  log(
    `four: long tasks > 50 ms ${longFour.length} (longest ${round(Math.max(0, ...longFour.map((t) => t.duration)))} ms), idle ${longIdle.length}; frames ${frames.length} (p50 ${round(percentile(frames, 50))} ms, p99 ${round(percentile(frames, 99))} ms, ${round(over, 2)}% > ${round(OVER_MS)} ms); keystroke to the start of its frame p95 ${round(keyStart)} ms, to painted p95 ${round(keyPainted)} ms`,
  );
  log(
    `four: answers ${shown.answers.map((a) => `${a.status} ${a.chars} characters${a.closing ? '' : ' (closing sentence MISSING)'}`).join('; ')}`,
  );
  const correct =
    shown.answers.length === 4 &&
    shown.answers.every((a) => a.status === 'complete' && a.closing) &&
    shown.layout === 'columns';
  return [
    row({
      name: `long stream, four at once: delta events of one stream less than a frame apart`,
      value: closer,
      unit: 'events',
      baseline: null,
      aim: '0 (at most one event per stream per frame)',
      met: closer === 0 && events > 0,
    }),
    row({
      name: `long stream, four at once: long tasks > 50 ms, ${label}`,
      value: longFour.length,
      unit: 'tasks',
      baseline: longIdle.length,
      ratio: null,
      aim: '0 (baseline: the idle floor)',
      met: longFour.length === 0,
    }),
    row({
      name: `long stream, four at once: frames over 16.7 ms, ${label}`,
      value: round(over, 2),
      unit: '%',
      baseline: round(overIdle, 2),
      aim: '<= 1 (baseline: the idle floor)',
      met: over <= 1,
    }),
    row({
      name: `long stream, four at once: keystroke to the start of the frame that shows it p95`,
      value: round(keyStart),
      unit: 'ms',
      baseline: round(keyStartIdle),
      aim: '<= one frame (17.7 with vsync jitter): the key makes the next frame (baseline: idle)',
      met: keyStart <= OVER_MS,
    }),
    row({
      name: `long stream, four at once: all four answers fully shown, side by side`,
      value: correct ? 1 : 0,
      unit: 'ok',
      baseline: null,
      aim: '1 (four columns, each complete with its closing sentence)',
      met: correct,
    }),
  ];
}

// ---- the benchmark ----------------------------------------------------------------------------

const inPhase = (marks: Probe['marks'], phase: Phase): ((start: number) => boolean) => {
  const spans: Array<[number, number]> = [];
  marks.forEach((mark, index) => {
    if (mark.phase === phase)
      spans.push([mark.at, marks[index + 1]?.at ?? Number.POSITIVE_INFINITY]);
  });
  return (start) => spans.some(([from, to]) => start >= from && start < to);
};

const share = (values: readonly number[], over: number): number =>
  values.length === 0 ? Number.NaN : (100 * values.filter((v) => v > over).length) / values.length;

const run = async ({ quick, log }: BenchContext): Promise<BenchRow[]> => {
  const streamSeconds = quick ? 15 : 60;
  const idleSeconds = quick ? 10 : 20;
  const answer = `${closeFences(
    markdownAnswer(streamSeconds * TOKENS_PER_SECOND * CHARS_PER_TOKEN, 20241101),
  )}\n\n${CLOSING}`;
  // As shown: without the inline Markdown (code spans, emphasis, links) the headings carry.
  const headings = [...answer.matchAll(/^#{1,2} (.+)$/gm)].map((match) =>
    (match[1] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, ''),
  );
  const backup = historyBackup(20241100);

  let firstDelta = 0;
  let lastDelta = 0;
  let deltaChars = 0;
  let deltaEvents = 0;
  /** While the four answers stream: when each stream's delta events left main, by stream. */
  let fourDeltas: Map<string, number[]> | null = null;
  /** ...and how many characters of text they carried, by stream. */
  const fourChars = new Map<string, number>();
  const session = await startAppSession({
    observe: (channel, payload) => {
      const message = payload as { streamId?: string; event?: { type?: string; text?: string } };
      if (channel !== 'runnel:chat:streamEvent' || message.event?.type !== 'delta') return;
      const now = performance.now();
      if (fourDeltas) {
        const times = fourDeltas.get(message.streamId ?? '') ?? [];
        times.push(now);
        fourDeltas.set(message.streamId ?? '', times);
        const chars = fourChars.get(message.streamId ?? '') ?? 0;
        fourChars.set(message.streamId ?? '', chars + (message.event.text?.length ?? 0));
        return;
      }
      firstDelta ||= now;
      lastDelta = now;
      deltaChars += message.event.text?.length ?? 0;
      deltaEvents += 1;
    },
  });
  try {
    const page = await session.openWindow({
      beforeGoto: async (p) => void (await p.addInitScript(longStreamProbe)),
    });
    const seedStart = performance.now();
    await importBackup(page, JSON.stringify(backup));
    await page
      .locator(`[data-testid="conversation-item"][data-conversation-id="${CONVERSATION_ID}"]`)
      .click();
    await page.waitForSelector('[data-testid="message"]');
    const historyChars = backup.conversations[0]?.messages.reduce(
      (sum, m) => sum + m.content.length,
      0,
    );
    log(
      `seeded ${HISTORY_MESSAGES} messages (${round((historyChars ?? 0) / 1000)}k characters of Markdown) through the app's import and opened them in ${round((performance.now() - seedStart) / 1000)} s (not timed)`,
    );
    // Let the opened conversation settle (measurements, history writes) before the floor.
    await page.waitForTimeout(1_500);
    await page.getByTestId('composer-input').click();

    // The floor: the same page, the same messages and the same typing, no stream.
    const counters = await mainThreadCounters(page);
    const idleFrom = await counters();
    await setPhase(page, 'idle');
    const idleEnd = performance.now() + idleSeconds * 1000;
    await typeUntil(page, () => performance.now() >= idleEnd, 1);
    await setPhase(page, 'off');
    const idleTo = await counters();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');

    session.server.script({ text: answer, chunkChars: CHUNK_CHARS, delayMs: DELAY_MS });
    const profiling = profileDir ? await startProfiling(page) : null;
    await setPhase(page, 'stream');
    const streamFrom = await counters();
    await send(page, 'Write the full design document for the sync engine, with examples.');
    let complete = false;
    const lastSeeded = backup.conversations[0]?.messages.at(-1)?.id ?? '';
    const completion = page
      .waitForFunction(
        (seeded) => {
          const answers = document.querySelectorAll(
            '[data-testid="message"][data-role="assistant"]',
          );
          const last = answers[answers.length - 1];
          return (
            last !== undefined &&
            last.getAttribute('data-message-id') !== seeded &&
            last.getAttribute('data-status') === 'complete'
          );
        },
        lastSeeded,
        { timeout: (streamSeconds * 4 + 60) * 1000, polling: 100 },
      )
      .finally(() => {
        complete = true;
      });
    const typed = await typeUntil(page, () => complete, 2);
    await completion;
    const streamTo = await counters();
    await setPhase(page, 'off');
    if (profiling && profileDir) await profiling.stop(profileDir);

    const probe = await page.evaluate(
      () => (window as unknown as { __longStream: Probe }).__longStream,
    );
    if (profileDir) await writeFile(`${profileDir}/probe.json`, JSON.stringify(probe));
    const shown = await page.evaluate(
      ({ headings: expected, closing }) => {
        const answers = document.querySelectorAll('[data-testid="message"][data-role="assistant"]');
        const last = answers[answers.length - 1];
        const text = last?.querySelector('[data-testid="message-content"]')?.textContent ?? '';
        const scroller = document.querySelector('[data-testid="message-list"]');
        const atEnd =
          scroller !== null &&
          scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
        let at = 0;
        const missing: string[] = [];
        for (const heading of expected) {
          const found = text.indexOf(heading, at);
          if (found < 0) missing.push(heading);
          else at = found + heading.length;
        }
        return {
          status: last?.getAttribute('data-status') ?? null,
          missing,
          closing: text.trimEnd().endsWith(closing),
          atEnd,
          chars: text.length,
        };
      },
      { headings, closing: CLOSING },
    );

    // ---- four answers at once ----
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    // Four columns need about 930 px beside the sidebar (compare-layout.ts): a 1,280 px window, as
    // the e2e's screenshots use; the single stream above ran in the session's 1,100 px.
    await page.setViewportSize({ width: 1280, height: 760 });
    session.server.setModels({ models: FOUR_MODELS });
    await chooseFour(page);
    await page.waitForTimeout(1_000);
    fourDeltas = new Map();
    for (let index = 0; index < FOUR_MODELS.length; index++)
      session.server.script({ text: answer, chunkChars: CHUNK_CHARS, delayMs: DELAY_MS });
    await setPhase(page, 'four');
    const fourFrom = await counters();
    await send(page, 'Now all four of you: the same design document, please.');
    let fourComplete = false;
    const fourCompletion = page
      .waitForFunction(
        (count) =>
          document.querySelectorAll('[data-testid="compare-answer"][data-status="complete"]')
            .length === count,
        FOUR_MODELS.length,
        { timeout: (streamSeconds * 8 + 60) * 1000, polling: 100 },
      )
      .finally(() => {
        fourComplete = true;
      });
    const fourTyped = await typeUntil(page, () => fourComplete, 3);
    await fourCompletion;
    const fourTo = await counters();
    await setPhase(page, 'off');
    const fourShown = await page.evaluate((closing) => {
      const answers = [...document.querySelectorAll('[data-testid="compare-answer"]')];
      return {
        layout: document.querySelector('[data-testid="comparison"]')?.getAttribute('data-layout'),
        answers: answers.map((answer) => {
          const text = answer.querySelector('[data-testid="message-content"]')?.textContent ?? '';
          return {
            status: answer.getAttribute('data-status'),
            chars: text.length,
            closing: text.trimEnd().endsWith(closing),
          };
        }),
      };
    }, CLOSING);
    // Read again: the page's figures now hold the four answers' phase too.
    const fourProbe = await page.evaluate(
      () => (window as unknown as { __longStream: Probe }).__longStream,
    );

    const streamS = (lastDelta - firstDelta) / 1000;
    log(
      `stream: ${answer.length} characters in ${CHUNK_CHARS}-character chunks, ${round(streamS)} s from first to last delta event, ` +
        `${round(deltaChars / CHARS_PER_TOKEN / streamS, 0)} tokens/s (at ${CHARS_PER_TOKEN} characters a token), ${deltaEvents} delta events to the window; ${typed} characters typed meanwhile`,
    );
    log(
      `main thread: stream ${busyPerSecond(streamFrom, streamTo)}; idle ${busyPerSecond(idleFrom, idleTo)}`,
    );
    const streamPhase = inPhase(probe.marks, 'stream');
    const idlePhase = inPhase(probe.marks, 'idle');
    const longStream = probe.longTasks.filter((t) => streamPhase(t.start));
    const longIdle = probe.longTasks.filter((t) => idlePhase(t.start));
    const loafStream = probe.loafs.filter((f) => streamPhase(f.start));
    const loafIdle = probe.loafs.filter((f) => idlePhase(f.start));
    const frames = { idle: probe.frames.idle, stream: probe.frames.stream };
    const overStream = share(frames.stream, OVER_MS);
    const overIdle = share(frames.idle, OVER_MS);
    const keyStream = percentile(probe.keys.stream, 95);
    const keyIdle = percentile(probe.keys.idle, 95);
    const keyStartStream = percentile(probe.keyToFrameStart.stream, 95);
    const keyStartIdle = percentile(probe.keyToFrameStart.idle, 95);
    log(
      `long tasks > 50 ms: stream ${longStream.length} (longest ${round(Math.max(0, ...longStream.map((t) => t.duration)))} ms), idle ${longIdle.length}; ` +
        `long animation frames: stream ${loafStream.length}, idle ${loafIdle.length}`,
    );
    log(
      `frames: stream ${frames.stream.length} (p50 ${round(percentile(frames.stream, 50))} ms, p99 ${round(percentile(frames.stream, 99))} ms, ${round(overStream, 2)}% > ${round(OVER_MS)} ms, ${round(share(frames.stream, FRAME_MS), 2)}% > 16.7 ms literally); ` +
        `idle ${frames.idle.length} (p50 ${round(percentile(frames.idle, 50))} ms, p99 ${round(percentile(frames.idle, 99))} ms, ${round(overIdle, 2)}% > ${round(OVER_MS)} ms, ${round(share(frames.idle, FRAME_MS), 2)}% > 16.7 ms literally)`,
    );
    const histogram = (values: readonly number[]): string => {
      const buckets = new Map<number, number>();
      for (const value of values) {
        const key = Math.round(value);
        buckets.set(key, (buckets.get(key) ?? 0) + 1);
      }
      return [...buckets]
        .sort((a, b) => a[0] - b[0])
        .map(([ms, count]) => `${ms}:${count}`)
        .join(' ');
    };
    log(
      `frame deltas (ms:count) stream ${histogram(frames.stream)}; idle ${histogram(frames.idle)}`,
    );
    log(
      `keystroke to next frame: stream ${probe.keys.stream.length} keys, p50 ${round(percentile(probe.keys.stream, 50))} ms, p95 ${round(keyStream)} ms, max ${round(Math.max(...probe.keys.stream))} ms; ` +
        `idle ${probe.keys.idle.length} keys, p50 ${round(percentile(probe.keys.idle, 50))} ms, p95 ${round(keyIdle)} ms; ` +
        `keydown to the start of its frame p95: stream ${round(keyStartStream)} ms, idle ${round(keyStartIdle)} ms; ` +
        `keys whose frame started over ${round(OVER_MS)} ms after them: stream ${round(share(probe.keyToFrameStart.stream, OVER_MS), 1)}%, idle ${round(share(probe.keyToFrameStart.idle, OVER_MS), 1)}%`,
    );
    // The key's frame alone: from the start of its rAF callback to the end of its paint.
    const keyFrame = (phase: 'idle' | 'stream'): number[] =>
      probe.keys[phase].map((total, i) => total - (probe.keyToFrameStart[phase][i] ?? 0));
    log(
      `the keystroke's frame, rAF to painted: stream p50 ${round(percentile(keyFrame('stream'), 50))} ms, p95 ${round(percentile(keyFrame('stream'), 95))} ms; ` +
        `idle p50 ${round(percentile(keyFrame('idle'), 50))} ms, p95 ${round(percentile(keyFrame('idle'), 95))} ms`,
    );
    const worst = [...loafStream].sort((a, b) => b.duration - a.duration).slice(0, 5);
    for (const frame of worst) {
      const scripts = frame.scripts
        .map((s) => `${s.invoker} ${s.source} ${round(s.duration)} ms`)
        .join('; ');
      log(
        `  LoAF ${round(frame.duration)} ms (blocking ${round(frame.blocking)} ms, render ${round(frame.duration - (frame.renderStart - frame.start))} ms, style+layout from ${round(frame.styleAndLayoutStart - frame.start)} ms): ${scripts || 'no script'}`,
      );
    }
    log(
      `answer shown: status ${shown.status}, ${shown.chars} characters of text, ${headings.length - shown.missing.length}/${headings.length} headings, closing sentence ${shown.closing ? 'shown' : 'MISSING'}, list ${shown.atEnd ? 'at its end' : 'NOT at its end'}`,
    );
    const correct =
      shown.status === 'complete' && shown.missing.length === 0 && shown.closing && shown.atEnd;
    const label = `${streamSeconds} s at ${TOKENS_PER_SECOND} tokens/s into ${HISTORY_MESSAGES} messages`;
    const fourRows = reportFour({
      log,
      probe: fourProbe,
      deltas: fourDeltas,
      chars: fourChars,
      shown: fourShown,
      typed: fourTyped,
      busy: `${busyPerSecond(fourFrom, fourTo)}; idle ${busyPerSecond(idleFrom, idleTo)}`,
      label: `4 answers, ${streamSeconds} s at ${TOKENS_PER_SECOND} tokens/s each, into ${HISTORY_MESSAGES} messages`,
    });
    return [
      row({
        name: `long stream: long tasks > 50 ms, ${label}`,
        value: longStream.length,
        unit: 'tasks',
        baseline: longIdle.length,
        ratio: null,
        aim: '0 (baseline: the idle floor)',
        met: longStream.length === 0,
      }),
      row({
        name: `long stream: frames over 16.7 ms, ${label}`,
        value: round(overStream, 2),
        unit: '%',
        baseline: round(overIdle, 2),
        aim: '<= 1 (baseline: the idle floor)',
        met: overStream <= 1,
      }),
      row({
        // "Answered within one frame": the key makes the next frame. The same vsync-jitter allowance
        // as the frames row (OVER_MS); a frame missed shows as ~33 ms.
        name: `long stream: keystroke to the start of the frame that shows it p95, while streaming`,
        value: round(keyStartStream),
        unit: 'ms',
        baseline: round(keyStartIdle),
        aim: '<= one frame (17.7 with vsync jitter): the key makes the next frame (baseline: idle)',
        met: keyStartStream <= OVER_MS,
      }),
      row({
        // Up to a frame of waiting for the next frame plus that frame's own work: even idle it is
        // over 16.7 ms at p95, so it is reported next to the idle floor rather than held to a frame.
        name: `long stream: keystroke to its frame painted p95, while streaming`,
        value: round(keyStream),
        unit: 'ms',
        baseline: round(keyIdle),
        aim: 'report (baseline: the idle floor)',
        met: Number.isFinite(keyStream),
      }),
      row({
        name: `long stream: the answer fully shown at the end`,
        value: correct ? 1 : 0,
        unit: 'ok',
        baseline: null,
        aim: '1 (complete, every heading and the closing sentence, list at its end)',
        met: correct,
      }),
      ...fourRows,
    ];
  } finally {
    await session.close();
  }
};

const benchmark: Benchmark = {
  name: 'long stream (500 tokens/s into 200 messages, typing meanwhile)',
  run,
};
export default benchmark;
