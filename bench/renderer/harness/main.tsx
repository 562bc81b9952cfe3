/// <reference types="vite/client" />
/**
 * The benchmark page. It streams an answer into one renderer on its own clock, 24 characters every 16 ms,
 * so the test process is never in the loop, and reports what it measured. Like the app's per-frame
 * buffer, each tick shows all text due by the wall clock: a slow renderer gets bigger updates, and shows
 * less only when it is still busy when the stream should have ended. The page follows the end of the
 * answer, as a chat view does, so the growing part is always on screen.
 */
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { startSettledParseWorker } from '../../../renderer/src/markdown/settled-parser';
import { warmUpStreamingTail } from '../../../renderer/src/markdown/StreamingTail';
import { renderers, type RendererName } from './renderers';
import './harness.css';

// As the app's entry points do when the page loads (build-harness.ts bundles the worker).
startSettledParseWorker(() => new Worker('/settled-parse-worker.js', { type: 'module' }));
warmUpStreamingTail();

export interface StreamConfig {
  renderer: RendererName;
  text: string;
  chunk: number;
  intervalMs: number;
  /** Stop feeding this long after the last chunk was due, and report the renderer as capped. */
  capMs: number;
}

export interface StreamResult {
  updates: number;
  latenciesMs: number[];
  longTasks: number;
  longestTaskMs: number;
  /** textContent length when the last chunk was due (plus two frames), before anything else was fed. */
  shownChars: number;
  fedChars: number;
  capped: boolean;
  wallMs: number;
}

export interface ColdCheck {
  streamedChars: number;
  coldChars: number;
  equal: boolean;
}

const longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({
  type: 'longtask',
  buffered: true,
});

/** Runs `callback` after the next frame has been painted. */
function afterPaint(callback: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = callback;
    channel.port2.postMessage(null);
  });
}

const settle = (ms: number): Promise<void> =>
  new Promise((resolve) => afterPaint(() => setTimeout(resolve, ms)));

/** Keeps the end of the answer in view, as a chat view does while an answer streams in. */
function followStream(): void {
  const scroller = document.scrollingElement;
  if (scroller) scroller.scrollTop = scroller.scrollHeight;
}

let streamed: { root: Root; element: HTMLElement; config: StreamConfig } | null = null;

function render(root: Root, config: StreamConfig, text: string, streaming: boolean): void {
  flushSync(() => root.render(createElement(renderers[config.renderer], { text, streaming })));
}

async function stream(config: StreamConfig): Promise<StreamResult> {
  const element = document.getElementById('stream');
  if (!element) throw new Error('no #stream element');
  const root = createRoot(element);
  streamed = { root, element, config };
  const { text, chunk, intervalMs } = config;
  const chunks = Math.ceil(text.length / chunk);
  const lastDue = (chunks - 1) * intervalMs;
  const latencies: number[] = [];
  let fed = 0;
  let updates = 0;
  let shown: number | null = null;
  const t0 = performance.now();

  const result = await new Promise<Omit<StreamResult, 'longTasks' | 'longestTaskMs' | 'wallMs'>>(
    (resolve) => {
      const tick = (): void => {
        const now = performance.now() - t0;
        // What is on screen two frames after the last chunk was due, before this tick feeds anything.
        if (shown === null && now >= lastDue + 2 * intervalMs) shown = element.textContent.length;
        const capped = now >= lastDue + config.capMs;
        if (shown !== null && (fed >= text.length || capped)) {
          resolve({
            updates,
            latenciesMs: latencies,
            shownChars: shown,
            fedChars: fed,
            capped: fed < text.length,
          });
          return;
        }
        const due = Math.min(text.length, (Math.floor(now / intervalMs) + 1) * chunk);
        if (due > fed) {
          fed = due;
          updates += 1;
          const start = performance.now();
          render(root, config, text.slice(0, fed), true);
          followStream();
          afterPaint(() => latencies.push(performance.now() - start));
        }
        setTimeout(tick, Math.max(0, (Math.floor(now / intervalMs) + 1) * intervalMs - now));
      };
      tick();
    },
  );
  // The answer ends: the renderer may finish its last block (highlighting, math).
  render(root, config, text.slice(0, result.fedChars), false);
  await settle(250);
  const window = longTasks.filter((task) => task.startTime >= t0);
  return {
    ...result,
    longTasks: window.filter((task) => task.duration > 50).length,
    longestTaskMs: Math.max(0, ...window.map((task) => task.duration)),
    wallMs: performance.now() - t0,
  };
}

/**
 * Resolves once `element`'s DOM has not changed for `quietMs` (checked after each paint), or after
 * `capMs` at most, with the time of the last change.
 */
function quiet(element: HTMLElement, quietMs: number, capMs = 10_000): Promise<number> {
  const started = performance.now();
  let lastChange = started;
  const observer = new MutationObserver(() => {
    lastChange = performance.now();
  });
  observer.observe(element, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
  return new Promise((resolve) => {
    const check = (): void => {
      const now = performance.now();
      if (now - lastChange < quietMs && now - started < capMs) {
        afterPaint(check);
        return;
      }
      observer.disconnect();
      resolve(lastChange);
    };
    afterPaint(check);
  });
}

/**
 * Renders the final text cold in a second root and compares its text with the streamed DOM's, once at
 * least 500 ms have passed and the cold render's DOM has been quiet for `quietMs` (a renderer may render
 * a long finished answer in parts, and highlight or typeset after the first render).
 */
async function coldCheck(quietMs = 300): Promise<ColdCheck> {
  if (!streamed) throw new Error('stream first');
  const element = document.getElementById('cold');
  if (!element) throw new Error('no #cold element');
  const root = createRoot(element);
  const done = quiet(element, quietMs);
  render(root, streamed.config, streamed.config.text, false);
  await Promise.all([done, settle(500)]);
  const streamedText = streamed.element.textContent;
  const coldText = element.textContent;
  return {
    streamedChars: streamedText.length,
    coldChars: coldText.length,
    equal: streamedText === coldText,
  };
}

export interface OpenConfig {
  renderer: RendererName;
  text: string;
  /** Nothing changed in the answer's DOM for this long: it is fully rendered. */
  quietMs: number;
}

export interface OpenResult {
  /** From the render call to the paint that first showed the viewport with nothing left to render in it. */
  firstScreenMs: number;
  /** From the render call to the last change of the answer's DOM. */
  completeMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** Start and length of each long task, from the render call. */
  longTasksAtMs: [number, number][];
  /** textContent length once complete; what a cold render of the same text shows (coldCheck). */
  shownChars: number;
  /** The rendered answer's height. */
  heightPx: number;
}

/** Whether any part of the answer still waiting to be rendered (`.md-deferred`) is in the viewport. */
function viewportWaiting(element: HTMLElement): boolean {
  for (const waiting of element.querySelectorAll('.md-deferred')) {
    const box = waiting.getBoundingClientRect();
    if (box.bottom > 0 && box.top < window.innerHeight) return true;
  }
  return false;
}

/**
 * A finished answer rendered cold, as opening a conversation from history does, scrolled to its end as
 * the conversation view opens on its last message. Watches paints until the answer's DOM has been quiet
 * for `quietMs`.
 */
async function open(config: OpenConfig): Promise<OpenResult> {
  const element = document.getElementById('stream');
  if (!element) throw new Error('no #stream element');
  const root = createRoot(element);
  streamed = { root, element, config: { ...config, chunk: 0, intervalMs: 0, capMs: 0 } };
  const done = quiet(element, config.quietMs);
  const t0 = performance.now();
  render(root, streamed.config, config.text, false);
  followStream();
  let firstScreen: number | null = null;
  const watch = (): void => {
    if (!viewportWaiting(element)) firstScreen = performance.now() - t0;
    else afterPaint(watch);
  };
  afterPaint(watch);
  const lastChange = await done;
  // The render runs in the task that called open(), which began just before t0.
  const window = longTasks.filter((task) => task.startTime + task.duration >= t0);
  const long = window.filter((task) => task.duration > 50);
  return {
    firstScreenMs: firstScreen ?? Number.NaN,
    completeMs: Math.max(0, lastChange - t0),
    longTasks: long.length,
    longestTaskMs: Math.max(0, ...window.map((task) => task.duration)),
    longTasksAtMs: long.map((task) => [Math.round(task.startTime - t0), Math.round(task.duration)]),
    shownChars: element.textContent.length,
    heightPx: element.getBoundingClientRect().height,
  };
}

Object.assign(window, { runnelBench: { stream, coldCheck, open } });
