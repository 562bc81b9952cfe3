/**
 * IPC: three answers streaming at once at about 500 chunks (tokens) a second each, through the real
 * engine, stream registry and handler table in this Node process, delivered over the web e2e's stand-in
 * transport to the built renderer in three Chromium windows. Figures: delta events per stream per
 * 16.7 ms frame (as main sends them, and as each page receives them per rendered frame) next to the
 * raw chunks per frame they coalesce, the largest event, and the time from a chunk's arrival in main
 * (the engine's fetch body read) to the frame that shows it, next to one frame.
 */
import type { Page } from '@playwright/test';
import { answerComplete, percentile, round, send, startAppSession } from './app-session';
import { row, type BenchContext, type BenchRow, type Benchmark } from './types';

const FRAME_MS = 1000 / 60;
const STREAMS = 3;
const CHUNK_CHARS = 6;
const DELAY_MS = 2;
const TOKEN = 7; // "m00001 " — a numbered marker the page can find in what it shows

const markerText = (count: number): string =>
  Array.from(
    { length: count },
    (_, i) => `m${String(i).padStart(5, '0')}${(i + 1) % 60 === 0 ? '\n\n' : ' '}`,
  ).join('');
// Each marker is 7 characters with a space or 8 with the paragraph break: keep offsets exact.
const markerEnds = (text: string): number[] => {
  const ends: number[] = [];
  for (const match of text.matchAll(/m\d{5}/g)) ends.push((match.index ?? 0) + TOKEN - 1);
  return ends;
};

interface Arrival {
  at: number;
  chars: number;
}

/** Wraps fetch: records, per prompt, the wall time at which each body read brought content. */
function arrivalsRecorder() {
  const byPrompt = new Map<string, Arrival[]>();
  const chunkTimes = new Map<string, number[]>();
  const wrap =
    (inner: typeof fetch): typeof fetch =>
    async (input, init) => {
      const body = JSON.parse(String(init?.body ?? '{}')) as {
        messages?: Array<{ role: string; content: string }>;
      };
      const prompt = body.messages?.filter((m) => m.role === 'user').at(-1)?.content ?? '';
      const response = await inner(input, init);
      if (!response.body) return response;
      const arrivals: Arrival[] = [];
      const chunks: number[] = [];
      byPrompt.set(prompt, arrivals);
      chunkTimes.set(prompt, chunks);
      const decoder = new TextDecoder();
      let carry = '';
      let chars = 0;
      const tee = new TransformStream<Uint8Array, Uint8Array>({
        transform(bytes, controller) {
          const at = performance.timeOrigin + performance.now();
          carry += decoder.decode(bytes, { stream: true });
          const lines = carry.split('\n');
          carry = lines.pop() ?? '';
          for (const line of lines) {
            if (!line.startsWith('data: {')) continue;
            const content = (
              JSON.parse(line.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> }
            ).choices?.[0]?.delta?.content;
            if (typeof content === 'string' && content.length > 0) {
              chars += content.length;
              chunks.push(at);
            }
          }
          arrivals.push({ at, chars });
          controller.enqueue(bytes);
        },
      });
      return new Response(response.body.pipeThrough(tee), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
  return { wrap, byPrompt, chunkTimes };
}

/** In the page: per rendered frame, delta events per stream, their sizes, and the newest marker shown. */
const pageProbe = (): void => {
  const w = window as unknown as {
    __runnelDeliver?: (channel: string, payload: unknown) => void;
    __ipcProbe: {
      perFrameMax: number;
      eventBytesMax: number;
      events: number;
      shown: Array<[number, number]>;
    };
  };
  const probe = {
    perFrameMax: 0,
    eventBytesMax: 0,
    events: 0,
    shown: [] as Array<[number, number]>,
  };
  w.__ipcProbe = probe;
  const thisFrame = new Map<string, number>();
  const original = w.__runnelDeliver;
  w.__runnelDeliver = (channel, payload) => {
    if (channel === 'runnel:chat:streamEvent') {
      const message = payload as { streamId: string; event: { type: string } };
      if (message.event.type === 'delta') {
        probe.events += 1;
        probe.eventBytesMax = Math.max(probe.eventBytesMax, JSON.stringify(payload).length);
        thisFrame.set(message.streamId, (thisFrame.get(message.streamId) ?? 0) + 1);
      }
    }
    original?.(channel, payload);
  };
  let lastShown = -1;
  const onFrame = (): void => {
    for (const count of thisFrame.values()) probe.perFrameMax = Math.max(probe.perFrameMax, count);
    thisFrame.clear();
    const messages = document.querySelectorAll(
      '[data-testid="message"][data-role="assistant"] [data-testid="message-content"]',
    );
    const text = messages[messages.length - 1]?.textContent ?? '';
    const match = /m(\d{5})(?!.*m\d{5})/s.exec(text.slice(-64));
    const index = match ? Number(match[1]) : -1;
    if (index > lastShown) {
      lastShown = index;
      probe.shown.push([performance.timeOrigin + performance.now(), index]);
    }
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
};

const maxInWindow = (times: readonly number[], windowMs: number): number => {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
};

const run = async ({ quick, log }: BenchContext): Promise<BenchRow[]> => {
  const seconds = quick ? 6 : 20;
  const markers = Math.round((seconds * 500 * 4) / TOKEN);
  const text = markerText(markers);
  const ends = markerEnds(text);
  const recorder = arrivalsRecorder();
  // Main's side: when each delta event leaves the stream registry, per stream.
  const sent = new Map<string, number[]>();
  const session = await startAppSession({
    wrapFetch: recorder.wrap,
    observe: (channel, payload) => {
      const message = payload as { streamId?: string; event?: { type?: string } };
      if (channel !== 'runnel:chat:streamEvent' || message.event?.type !== 'delta') return;
      const times = sent.get(message.streamId ?? '') ?? [];
      times.push(performance.now());
      sent.set(message.streamId ?? '', times);
    },
  });
  try {
    const pages: Page[] = [];
    for (let i = 0; i < STREAMS; i += 1) {
      pages.push(
        await session.openWindow({
          beforeGoto: async (page) => void (await page.addInitScript(pageProbe)),
        }),
      );
    }
    // Main's side: the time each delta event leaves the registry, per stream.
    for (let i = 0; i < STREAMS; i += 1)
      session.server.script({ text, chunkChars: CHUNK_CHARS, delayMs: DELAY_MS });
    const started = performance.now();
    await Promise.all(pages.map((page, i) => send(page, `stream ${i}: go`)));
    await Promise.all(pages.map((page) => answerComplete(page, 180_000)));
    const wallS = (performance.now() - started) / 1000;

    let perFrameInPage = 0;
    let eventBytesMax = 0;
    let events = 0;
    let chunksPerFrame = 0;
    const latencies: number[] = [];
    for (let i = 0; i < STREAMS; i += 1) {
      const page = pages[i] as Page;
      const probe = await page.evaluate(
        () =>
          (
            window as unknown as {
              __ipcProbe: {
                perFrameMax: number;
                eventBytesMax: number;
                events: number;
                shown: Array<[number, number]>;
              };
            }
          ).__ipcProbe,
      );
      perFrameInPage = Math.max(perFrameInPage, probe.perFrameMax);
      eventBytesMax = Math.max(eventBytesMax, probe.eventBytesMax);
      events += probe.events;
      const arrivals = recorder.byPrompt.get(`stream ${i}: go`) ?? [];
      chunksPerFrame = Math.max(
        chunksPerFrame,
        maxInWindow(recorder.chunkTimes.get(`stream ${i}: go`) ?? [], FRAME_MS),
      );
      let previous = -1;
      let a = 0;
      for (const [at, index] of probe.shown) {
        for (let k = previous + 1; k <= index; k += 1) {
          const end = ends[k] ?? Number.POSITIVE_INFINITY;
          while (a < arrivals.length && (arrivals[a]?.chars ?? 0) <= end) a += 1;
          const arrived = arrivals[a]?.at;
          if (arrived !== undefined) latencies.push(at - arrived);
        }
        previous = Math.max(previous, index);
      }
    }
    const streamS =
      ((recorder.chunkTimes.get('stream 0: go')?.at(-1) ?? 0) -
        (recorder.chunkTimes.get('stream 0: go')?.[0] ?? 0)) /
      1000;
    const charRate = text.length / streamS;
    log(
      `${STREAMS} streams of ${text.length} characters in ${CHUNK_CHARS}-character chunks: ${round(wallS)} s in all, ` +
        `${round(charRate, 0)} characters/s each (${round(charRate / 4, 0)} tokens/s at 4 characters a token); ${events} delta events delivered; ${latencies.length} markers timed`,
    );
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    log(`arrival in main → frame that shows it: p50 ${round(p50)} ms, p95 ${round(p95)} ms`);
    const perFrameInMain = Math.max(...[...sent.values()].map((t) => maxInWindow(t, FRAME_MS)));
    return [
      row({
        name: 'ipc: delta events per stream per 16.7 ms as main sends them, max (3 streams)',
        value: perFrameInMain,
        unit: 'events',
        baseline: chunksPerFrame,
        aim: '<= 1 (baseline: raw chunks per 16.7 ms)',
        met: perFrameInMain <= 1,
      }),
      row({
        name: 'ipc: delta events per stream per rendered frame, max (3 streams)',
        value: perFrameInPage,
        unit: 'events',
        baseline: chunksPerFrame,
        aim: '<= 1 (baseline: raw chunks per 16.7 ms)',
        met: perFrameInPage <= 1,
      }),
      row({
        name: 'ipc: largest event',
        value: round(eventBytesMax / 1024, 2),
        unit: 'KB',
        baseline: 64,
        aim: '< 64 KB',
        met: eventBytesMax < 64 * 1024,
      }),
      row({
        name: 'ipc: chunk arrival in main to its frame, p50',
        value: round(p50),
        unit: 'ms',
        baseline: round(FRAME_MS),
        aim: 'report (baseline: one frame)',
        met: Number.isFinite(p50),
      }),
      row({
        name: 'ipc: chunk arrival in main to its frame, p95',
        value: round(p95),
        unit: 'ms',
        baseline: round(FRAME_MS),
        aim: 'report (baseline: one frame)',
        met: Number.isFinite(p95),
      }),
    ];
  } finally {
    await session.close();
  }
};

const benchmark: Benchmark = { name: 'IPC (3 streams at once, main to paint)', run };
export default benchmark;
