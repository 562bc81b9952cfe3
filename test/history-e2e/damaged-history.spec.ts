/**
 * A damaged history database in real Chromium: a file the app made (the real worker, sqlite-wasm,
 * opfs-sahpool), damaged in OPFS while no window has it open (its header; pages of the messages table
 * in the middle), then opened again. History must open, keep the damaged file as it was, recover what
 * still reads, rebuild search, and take writes, stats, checks and backups again.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { Backup } from '../../renderer/src/history/backup';
import { openDamagedCopy } from '../../renderer/src/history/damaged-database';
import { latestVersion } from '../../renderer/src/history/migrations';
import { damagePoolFile, readPoolFile } from '../support/opfs-pool-file';
import { generateHistory } from './generate-history';
import { baseUrl, openWindow } from './harness-page';
import './harness/harness-api';

const pageSize = 65536;
const history = generateHistory({
  conversations: 40,
  messages: 1200,
  longConversation: 300,
  seed: 5,
  averageChars: 400,
});

const open = async (page: Page, options: { integrityBudgetMs?: number } = {}): Promise<void> => {
  expect(await openWindow(page, options)).toBe('owner');
};

const stored = async (page: Page): Promise<Backup['conversations']> =>
  page.evaluate(
    async () => (JSON.parse(await window.harness.client().exportBackup()) as Backup).conversations,
  );

const poolFile = { read: readPoolFile, damage: damagePoolFile };

/** Makes the history, closes it, and returns its bytes and content as they were. */
const makeHistory = async (page: Page) => {
  await open(page);
  const summary = await page.evaluate(
    (json) => window.harness.client().importBackup(json),
    JSON.stringify(history.backup),
  );
  expect(summary).toMatchObject({ conversations: 40, messages: 1200 });
  const before = await stored(page);
  await page.evaluate(() => window.harness.client().close());
  return { before, bytes: await poolFile.read(page) };
};

/** After a repair: writes, counts, checks and backups all work again, and search finds new words. */
const expectWorkingAgain = async (page: Page, messages: number): Promise<void> => {
  const after = await page.evaluate(async () => {
    const client = window.harness.client();
    const at = Date.now();
    await client.saveConversation({
      id: 'after-repair',
      title: 'Written after the repair',
      createdAt: at,
      updatedAt: at,
      pinned: false,
      model: null,
      providerId: null,
      tags: [],
      currentLeafId: null,
    });
    await client.saveMessages([
      {
        id: 'after-repair-1',
        conversationId: 'after-repair',
        parentId: null,
        role: 'user',
        content: 'zanzibarish words written after the repair',
        reasoning: '',
        status: 'complete',
        finishReason: null,
        usage: null,
        error: null,
        createdAt: at,
        updatedAt: at,
      },
    ]);
    return {
      stats: await client.stats(),
      verify: await client.verify(),
      hits: (await client.search('zanzibarish')).map((hit) => hit.messageId),
      backup: (await client.exportBackup()).length > 0,
    };
  });
  expect(after).toEqual({
    stats: {
      conversations: expect.any(Number),
      messages: messages + 1,
      schemaVersion: latestVersion,
    },
    verify: { ok: true, problems: [] },
    hits: ['after-repair-1'],
    backup: true,
  });
};

test('a damaged header: history opens repaired with every message, and the damaged file is kept', async ({
  page,
}) => {
  const { before, bytes } = await makeHistory(page);
  await poolFile.damage(page, [{ at: 0, length: 100 }], 0xff);
  const damaged = bytes.slice();
  damaged.fill(0xff, 0, 100);

  await open(page);
  expect(await stored(page)).toEqual(before);
  const [copy, ...others] = await page.evaluate(() => window.harness.damagedCopies());
  expect(others).toEqual([]);
  expect(copy?.report).toEqual({
    conversations: { recovered: 40, expected: 40 },
    messages: { recovered: 1200, expected: 1200 },
    placeholders: 0,
    // The four shipped assistants every history has since schema 8 come back too.
    assistants: 4,
  });
  // The kept file is the damaged one, byte for byte, as a download of it has it.
  const kept = await page.evaluate(
    (name) => window.harness.damagedCopyBytes(name),
    copy?.name ?? '',
  );
  expect(Buffer.from(kept, 'base64').equals(Buffer.from(damaged))).toBe(true);
  await expectWorkingAgain(page, 1200);
});

/**
 * Overwrites with `fill` two pages of the messages table's leaves in the middle of the file the app
 * made (`bytes`), found with SQLite's dbstat.
 */
const damageMiddleMessagePages = async (
  page: Page,
  bytes: Uint8Array,
  fill: number,
): Promise<void> => {
  const sqlite3 = await sqlite3InitModule();
  const original = openDamagedCopy(sqlite3, bytes);
  if (!original) throw new Error('the file the app made does not open');
  const leaves = original
    .selectValues("SELECT pageno FROM dbstat WHERE name = 'messages' AND pagetype = 'leaf'")
    .map(Number);
  original.close();
  expect(leaves.length).toBeGreaterThan(4);
  const middle = leaves.slice(Math.floor(leaves.length / 2), Math.floor(leaves.length / 2) + 2);
  await poolFile.damage(
    page,
    middle.map((number) => ({ at: (number - 1) * pageSize, length: pageSize })),
    fill,
  );
};

/** `after` holds `recovered` messages, each the message that was written (in `before`), unchanged. */
const expectUnchanged = (
  after: Backup['conversations'],
  before: Backup['conversations'],
  recovered: number,
): void => {
  const originals = new Map(before.flatMap((c) => c.messages).map((m) => [m.id, m]));
  const messages = after.flatMap((c) => c.messages);
  expect(messages).toHaveLength(recovered);
  for (const message of messages) expect(message).toEqual(originals.get(message.id));
};

test('damage the check at open did not reach is repaired when a request meets it, and the request answered', async ({
  page,
}) => {
  const { before, bytes } = await makeHistory(page);
  await damageMiddleMessagePages(page, bytes, 0x3c);
  // A check stopped at once, as it is on a history too large for its time at open.
  await open(page, { integrityBudgetMs: 0 });
  expect(await page.evaluate(() => window.harness.damagedCopies())).toEqual([]);
  // A backup reads every message, so it meets the damage: it is answered from the repaired history.
  const backup = await stored(page);
  const [copy, ...others] = await page.evaluate(() => window.harness.damagedCopies());
  expect(others).toEqual([]);
  const recovered = copy?.report?.messages.recovered ?? 0;
  expect(copy?.report?.messages.expected).toBe(1200);
  expect(recovered).toBeLessThan(1200);
  expectUnchanged(backup, before, recovered);
  await expectWorkingAgain(page, recovered);
});

test('damaged pages in the middle: the check after open finds them, what reads is recovered, writes work again', async ({
  page,
}) => {
  const { before, bytes } = await makeHistory(page);
  await damageMiddleMessagePages(page, bytes, 0x5a);

  await open(page);
  // History opens and answers; the integrity check that follows, once the worker is idle, finds the
  // damage and repairs it.
  expect(await page.evaluate(() => window.harness.client().getConversation(''))).toBeNull();
  await expect
    .poll(() => page.evaluate(async () => (await window.harness.damagedCopies())[0]?.report))
    .toBeTruthy();
  const [copy] = await page.evaluate(() => window.harness.damagedCopies());
  const recovered = copy?.report?.messages.recovered ?? 0;
  expect(copy?.report?.messages.expected).toBe(1200);
  expect(recovered).toBeGreaterThan(600);
  expect(recovered).toBeLessThan(1200);
  expectUnchanged(await stored(page), before, recovered);
  await expectWorkingAgain(page, recovered);
});

test('with no room to keep a copy, the damaged file is left as it was, and repaired once there is room', async ({
  page,
}) => {
  const { before, bytes } = await makeHistory(page);
  await poolFile.damage(page, [{ at: 0, length: 100 }], 0xff);
  const damaged = bytes.slice();
  damaged.fill(0xff, 0, 100);
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(baseUrl()).origin;
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 64 * 1024 });

  await open(page);
  const failure = await page.evaluate(async () => {
    try {
      await window.harness.client().getConversation('');
      return null;
    } catch (error) {
      return { code: (error as { code: string }).code, message: (error as Error).message };
    }
  });
  expect(failure?.code).toBe('storage-unavailable');
  expect(failure?.message).toMatch(
    /history is damaged, and a copy of it could not be kept to repair it .*free some disk space and restart Runnel/,
  );
  await page.evaluate(() => window.harness.client().close());
  expect(Buffer.from(await poolFile.read(page)).equals(Buffer.from(damaged))).toBe(true);

  // Room again (the override lifted): the next start repairs it.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await open(page);
  expect(await stored(page)).toEqual(before);
});
