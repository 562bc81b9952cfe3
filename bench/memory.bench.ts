/**
 * Memory: the app's renderer heap (Chromium's, after a forced full GC) and main's heap (this Node
 * process, which holds the real engine, stream registry and handler table, after a full GC) before and
 * after streaming N generated Markdown answers, each in a new chat, and returning to an idle new chat.
 * Full: ten answers of 50,000 characters; `--quick`: three of 20,000.
 */
import {
  answerComplete,
  mainHeapAfterGc,
  pageHeapAfterGc,
  round,
  send,
  startAppSession,
} from './app-session';
import { markdownAnswer } from './renderer/workloads';
import { row, type BenchContext, type BenchRow, type Benchmark } from './types';

const MB = 1024 * 1024;

const run = async ({ quick, log }: BenchContext): Promise<BenchRow[]> => {
  const answers = quick ? 3 : 10;
  const length = quick ? 20_000 : 50_000;
  const session = await startAppSession();
  try {
    const page = await session.openWindow();
    // One short exchange first, so both heaps hold what any session has loaded (code, caches).
    session.server.script({ text: 'Warm-up answer.', chunkChars: 8 });
    await send(page, 'warm up');
    await answerComplete(page);
    await page.getByTestId('new-chat').click();
    await page.waitForTimeout(1_500);
    const rendererBefore = await pageHeapAfterGc(page);
    const mainBefore = mainHeapAfterGc();

    const started = performance.now();
    for (let i = 0; i < answers; i += 1) {
      await page.getByTestId('new-chat').click();
      session.server.script({
        text: markdownAnswer(length, 20240700 + i),
        chunkChars: 40,
        delayMs: 4,
      });
      await send(page, `answer ${i}`);
      await answerComplete(page);
    }
    log(
      `streamed ${answers} answers of ${length} characters in ${round((performance.now() - started) / 1000)} s`,
    );
    await page.getByTestId('new-chat').click();
    // Idle: history writes settled and nothing streaming.
    await page.waitForTimeout(1_500);
    const rendererAfter = await pageHeapAfterGc(page);
    const mainAfter = mainHeapAfterGc();
    log(
      `renderer heap ${round(rendererBefore / MB)} → ${round(rendererAfter / MB)} MB; ` +
        `main (this Node process, gc forced) ${round(mainBefore / MB)} → ${round(mainAfter / MB)} MB`,
    );
    const rendererGrowth = (rendererAfter - rendererBefore) / MB;
    const mainGrowth = (mainAfter - mainBefore) / MB;
    return [
      row({
        name: `memory: renderer heap after ${answers} answers of ${length / 1000}k and idle`,
        value: round(rendererAfter / MB),
        unit: 'MB',
        baseline: round(rendererBefore / MB),
        ratio: round(rendererGrowth),
        aim: 'within 20 MB of the start (ratio column: growth in MB)',
        met: rendererGrowth <= 20,
      }),
      row({
        name: `memory: main heap after ${answers} answers of ${length / 1000}k and idle`,
        value: round(mainAfter / MB),
        unit: 'MB',
        baseline: round(mainBefore / MB),
        ratio: round(mainGrowth),
        aim: 'within 20 MB of the start (ratio column: growth in MB)',
        met: mainGrowth <= 20,
      }),
    ];
  } finally {
    await session.close();
  }
};

const benchmark: Benchmark = { name: 'memory (renderer and main heaps after streaming)', run };
export default benchmark;
