/**
 * Start-up with a million messages stored (issue 28, item 5): from navigation of the built renderer
 * (real bridge and handler table) to an interactive composer with the last conversation shown, as
 * the start-up benchmark times it, with the million-message history (million.bench.ts's data) seeded
 * through the app's own backup import a file at a time (not timed). Baseline: the same navigation with
 * an empty history, in the same run, a reference that moves with the machine's load. Median of cold
 * window opens. `--quick`: 100,000 messages. Needs `npx electron-vite build` first.
 */
import { streamHistory } from '../../test/history-e2e/generate-history';
import { importBackup, round, startAppSession } from '../app-session';
import { medianColdOpens, openSeedingPage } from '../startup.bench';
import { row, type BenchContext, type BenchRow, type Benchmark } from '../types';
import { batchMessages, label, millionSeed, millionSize } from './million.bench';

const run = async ({ quick, log }: BenchContext): Promise<BenchRow[]> => {
  const size = millionSize(quick);
  const name = label(size.messages);
  const runs = quick ? 3 : 5;
  const session = await startAppSession({ persistentProfile: true });
  try {
    const seeding = await openSeedingPage(session);
    const seedStart = performance.now();
    // The conversation at the top of the list (pinned first, then newest): with 20,000 conversations
    // the list shows only its first screen, so the one to open must be on it.
    let newestId = '';
    let newestKey = -1;
    for (const batch of streamHistory({
      ...size,
      ...millionSeed,
      queriesPerKind: 1,
      batchMessages,
    })) {
      for (const conversation of batch.backup.conversations) {
        const key = (conversation.pinned ? 2 ** 52 : 0) + conversation.updatedAt;
        if (key > newestKey) {
          newestKey = key;
          newestId = conversation.id;
        }
      }
      await importBackup(seeding, JSON.stringify(batch.backup));
    }
    log(
      `seeded ${size.messages} messages through the app's import, ${batchMessages} a file, in ${round((performance.now() - seedStart) / 1000)} s (not timed)`,
    );
    await seeding.close();

    const { shown, ready, emptyReady } = await medianColdOpens(session, newestId, runs);
    log(
      `with ${size.messages} messages: composer + newest listed ${round(ready)} ms, its messages shown ${round(shown)} ms (median of ${runs}); empty history: composer ${round(emptyReady)} ms`,
    );
    return [
      row({
        name: `scale: start-up to composer with last conversation shown, ${name} messages (ms)`,
        value: round(shown),
        unit: 'ms',
        baseline: round(emptyReady),
        aim: '<= 1000 (baseline: empty history, same run)',
        met: shown <= 1000,
      }),
    ];
  } finally {
    await session.close();
  }
};

const benchmark: Benchmark = {
  name: 'scale: start-up with a million messages stored (navigation to the last conversation shown)',
  run,
};
export default benchmark;
