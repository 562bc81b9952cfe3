/**
 * Development tool, not part of `npm run bench`: app open at the million set's list size, the whole
 * conversation list against its first page (ConversationListPage, chat-store.ts), side by side in one
 * Chromium, alternating which goes first each round, so a busy machine weighs on both alike.
 * `node --import tsx bench/scale/million-open-ab.ts [conversations] [messages] [rounds]` (defaults 20,000
 * conversations of 100,000 messages, the million set's list with a tenth of its messages, and 6 rounds)
 * imports the generated history once, then times cold opens (a new page after the last one closed) from
 * page start to the newest conversation's last page, and the list's round trip within it.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { streamHistory } from '../../test/history-e2e/generate-history';
import '../../test/history-e2e/harness/harness-api';
import { startHarnessServer } from '../../test/history-e2e/harness-server';
import { calibrate } from '../calibration';
import { openHarnessPage } from '../history.bench';
import { batchMessages, millionSeed } from './million.bench';

type Variant = 'whole list' | 'first page';
interface Open {
  openMs: number;
  listMs: number;
  listed: number;
}

const [conversations = 20_000, messages = 100_000, rounds = 6] = process.argv
  .slice(2)
  .map((arg) => Number(arg));
const firstPage = 200;
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** One cold open: the client starts with the page's script (`?open-at-start`), as in the app. */
const openCold = async (page: Page, url: string, variant: Variant): Promise<Open> => {
  await page.goto(`${url}?open-at-start`);
  return page.evaluate(
    async ({ limit }) => {
      const client = window.harness.client();
      const listStart = performance.now();
      const list = await client.listConversations(limit === null ? undefined : { limit });
      const listMs = performance.now() - listStart;
      if (list[0]) await client.listMessages(list[0].id, { limit: 50 });
      return { openMs: performance.now(), listMs, listed: list.length };
    },
    { limit: variant === 'first page' ? firstPage : null },
  );
};

const main = async (): Promise<void> => {
  const server = await startHarnessServer();
  const profile = await mkdtemp(path.join(os.tmpdir(), 'runnel-open-ab-'));
  const backupPath = path.join(profile, 'backup.json');
  try {
    let context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    const page = await openHarnessPage(context, server.url);
    const out = openSync(backupPath, 'w');
    let written = 0;
    const size = { conversations, messages, longConversation: 500, queriesPerKind: 1 };
    for (const batch of streamHistory({ ...size, ...millionSeed, batchMessages })) {
      if (written === 0)
        writeSync(
          out,
          `{"format":"runnel-history-backup","version":3,"exportedAt":${batch.backup.exportedAt},"conversations":[`,
        );
      for (const c of batch.backup.conversations)
        writeSync(out, (written++ === 0 ? '' : ',') + JSON.stringify(c));
    }
    writeSync(out, ']}');
    closeSync(out);
    server.addDiskFile('backup.json', backupPath);
    const imported = await page.evaluate(
      (file) => window.harness.bench.timeImportBlob(window.harness.client(), file),
      'backup.json',
    );
    console.log(
      `imported ${imported.conversations} conversations, ${imported.messages} messages in ${(imported.ms / 1000).toFixed(1)} s`,
    );
    await page.evaluate(() => window.harness.client().close());
    await context.close();

    context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    const opens: Record<Variant, Open[]> = { 'whole list': [], 'first page': [] };
    const before = calibrate(3);
    let last: Page | null = null;
    for (let round = 0; round < rounds; round += 1) {
      const order: Variant[] =
        round % 2 === 0 ? ['whole list', 'first page'] : ['first page', 'whole list'];
      for (const variant of order) {
        if (last) {
          await last.evaluate(() => window.harness.client().close());
          await last.close();
        }
        last = await context.newPage();
        opens[variant].push(await openCold(last, server.url, variant));
      }
    }
    console.log(`calibration: ${before} ms before the opens, ${calibrate(3)} ms after`);
    for (const variant of Object.keys(opens) as Variant[]) {
      const all = opens[variant];
      console.log(
        `${variant} (${all[0]?.listed} listed): open ${all.map((o) => o.openMs.toFixed(0)).join(', ')} ms, median ${median(all.map((o) => o.openMs)).toFixed(0)}; the list's round trip median ${median(all.map((o) => o.listMs)).toFixed(1)} ms`,
      );
    }
    const ratio =
      median(opens['first page'].map((o) => o.openMs)) /
      median(opens['whole list'].map((o) => o.openMs));
    console.log(`first page / whole list: ${ratio.toFixed(2)}`);
    await context.close();
  } finally {
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
};

await main();
