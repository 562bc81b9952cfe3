/**
 * A damaged history database in real Chromium: a file the app made (the real worker, sqlite-wasm,
 * opfs-sahpool), damaged in OPFS while no window has it open (its header; pages of the messages table
 * in the middle), then opened again. History must open, keep the damaged file as it was, recover what
 * still reads, rebuild search, and take writes, stats, checks and backups again.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import type { Backup } from '../../renderer/src/history/backup';
import { openDamagedCopy } from '../../renderer/src/history/damaged-database';
import { generateHistory } from './generate-history';
import './harness/harness-api';

const baseUrl = (): string => {
  const url = process.env.HISTORY_E2E_URL;
  if (!url) throw new Error('HISTORY_E2E_URL is set by global-setup.ts');
  return url;
};

const pageSize = 65536;
const history = generateHistory({
  conversations: 40,
  messages: 1200,
  longConversation: 300,
  seed: 5,
  averageChars: 400,
});

const open = async (page: Page): Promise<void> => {
  await page.goto(baseUrl());
  await expect(page.locator('#status')).toHaveText('ready');
  expect(await page.evaluate(() => window.harness.open({}))).toBe('owner');
};

const stored = async (page: Page): Promise<Backup['conversations']> =>
  page.evaluate(
    async () => (JSON.parse(await window.harness.client().exportBackup()) as Backup).conversations,
  );

/**
 * The database file inside opfs-sahpool's folder (`.runnel-history/.opaque/<random>`): the pool writes
 * the name SQLite opened at the start of a 4,096-byte header it keeps before the file's own bytes.
 * Reading or writing it needs the pool closed (the window's client closed).
 */
const poolFile = {
  read: (page: Page): Promise<Uint8Array> =>
    page
      .evaluate(async () => {
        const root = await navigator.storage.getDirectory();
        const opaque = await (
          await root.getDirectoryHandle('.runnel-history')
        ).getDirectoryHandle('.opaque');
        const entries = (
          opaque as unknown as { values(): AsyncIterable<FileSystemFileHandle> }
        ).values();
        for await (const handle of entries) {
          const file = await handle.getFile();
          const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
          const name = new TextDecoder().decode(head.subarray(0, head.indexOf(0)));
          if (name !== '/history.sqlite3') continue;
          const bytes = new Uint8Array(await file.slice(4096).arrayBuffer());
          let text = '';
          for (let at = 0; at < bytes.length; at += 0x8000)
            text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
          return btoa(text);
        }
        throw new Error('no /history.sqlite3 in the pool');
      })
      .then((base64) => new Uint8Array(Buffer.from(base64, 'base64'))),
  /** Overwrites `length` bytes at each offset of the database file with `fill`. */
  damage: (page: Page, ranges: Array<{ at: number; length: number }>, fill: number) =>
    page.evaluate(
      async ({ ranges, fill }) => {
        const root = await navigator.storage.getDirectory();
        const opaque = await (
          await root.getDirectoryHandle('.runnel-history')
        ).getDirectoryHandle('.opaque');
        const entries = (
          opaque as unknown as { values(): AsyncIterable<FileSystemFileHandle> }
        ).values();
        for await (const handle of entries) {
          const head = new Uint8Array(await (await handle.getFile()).slice(0, 512).arrayBuffer());
          if (new TextDecoder().decode(head.subarray(0, head.indexOf(0))) !== '/history.sqlite3')
            continue;
          const writable = await handle.createWritable({ keepExistingData: true });
          for (const { at, length } of ranges) {
            await writable.write({
              type: 'write',
              position: 4096 + at,
              data: new Uint8Array(length).fill(fill),
            });
          }
          await writable.close();
          return;
        }
        throw new Error('no /history.sqlite3 in the pool');
      },
      { ranges, fill },
    ),
};

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
    });
    await client.saveMessages([
      {
        id: 'after-repair-1',
        conversationId: 'after-repair',
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
    stats: { conversations: expect.any(Number), messages: messages + 1, schemaVersion: 4 },
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
  });
  // The kept file is the damaged one, byte for byte, as a download of it has it.
  const kept = await page.evaluate(
    (name) => window.harness.damagedCopyBytes(name),
    copy?.name ?? '',
  );
  expect(Buffer.from(kept, 'base64').equals(Buffer.from(damaged))).toBe(true);
  await expectWorkingAgain(page, 1200);
});

test('damaged pages in the middle: what reads is recovered, the loss is counted, writes work again', async ({
  page,
}) => {
  const { before, bytes } = await makeHistory(page);
  // Which pages hold messages, read from the app's own file with SQLite's dbstat.
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
    middle.map((page) => ({ at: (page - 1) * pageSize, length: pageSize })),
    0x5a,
  );

  await open(page);
  // Answered once the database is open, so once its repair is done.
  await page.evaluate(() => window.harness.client().getConversation(''));
  const [copy] = await page.evaluate(() => window.harness.damagedCopies());
  const recovered = copy?.report?.messages.recovered ?? 0;
  expect(copy?.report?.messages.expected).toBe(1200);
  expect(recovered).toBeGreaterThan(600);
  expect(recovered).toBeLessThan(1200);
  // Every message that came back is the message that was written, unchanged.
  const originals = new Map(before.flatMap((c) => c.messages).map((m) => [m.id, m]));
  const after = (await stored(page)).flatMap((c) => c.messages);
  expect(after).toHaveLength(recovered);
  for (const message of after) expect(message).toEqual(originals.get(message.id));
  await expectWorkingAgain(page, recovered);
});
