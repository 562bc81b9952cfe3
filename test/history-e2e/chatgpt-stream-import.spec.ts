/**
 * The streamed ChatGPT import in real Chromium: a generated export ZIP (split files, images, one
 * conversation broken in the middle) chosen as a file, read by the window's history worker a chunk at a
 * time and written through an import session into SQLite on OPFS, from a follower window as well (its
 * writes cross the BroadcastChannel to the owner). Cancel rolls back everything written so far.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openWindow } from './harness-page';
import {
  writeChatGptExport,
  type GeneratedExport,
} from '../../bench/scale/chatgpt-export-generator';
import './harness/harness-api';

let folder = '';
let zipPath = '';
let generated: GeneratedExport;
/** Larger, so a cancel halfway comes after some of it was written. */
let largerPath = '';

test.beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'runnel-chatgpt-e2e-'));
  zipPath = path.join(folder, 'chatgpt-export.zip');
  generated = writeChatGptExport(
    zipPath,
    { conversationsBytes: 4_000_000, files: 3, images: 4, seed: 7 },
    { damaged: true },
  );
  largerPath = path.join(folder, 'larger-export.zip');
  writeChatGptExport(largerPath, { conversationsBytes: 16_000_000, files: 2, images: 2, seed: 8 });
});
test.afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Puts the ZIP in a file input of `page`, as the dialog's file picker does. */
const chooseFile = async (page: Page, file = zipPath): Promise<void> => {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'chatgpt-export';
    document.body.append(input);
  });
  await page.setInputFiles('#chatgpt-export', file);
};

test('a split export with images and a broken conversation imports from a follower window', async ({
  page,
  context,
}) => {
  const follower = await context.newPage();
  expect(await openWindow(page)).toBe('owner');
  expect(await openWindow(follower)).toBe('follower');
  await chooseFile(follower);
  const result = await follower.evaluate(async () => {
    const file = (document.getElementById('chatgpt-export') as HTMLInputElement).files?.[0];
    if (!file) throw new Error('no file');
    const titles: string[] = [];
    const summary = await window.harness.client().importChatGpt(file, {
      onProgress: (progress) => {
        if (progress.title) titles.push(progress.title);
      },
    });
    return { summary, titles };
  });
  expect(result.summary.conversations).toBe(generated.conversations);
  expect(result.summary.skipped).toEqual([
    expect.objectContaining({
      title: generated.damagedTitle,
      where: expect.stringMatching(/^conversations-001\.json item 20$/),
    }),
  ]);
  // Progress by conversation, named by title.
  expect(result.titles.length).toBeGreaterThan(0);
  expect(result.titles.every((title) => /^\d+: /.test(title))).toBe(true);
  const stats = await page.evaluate(() => window.harness.client().stats());
  expect(stats.conversations).toBe(generated.conversations);
  expect(stats.messages).toBe(result.summary.messages);
  // The same file again adds nothing.
  const again = await follower.evaluate(async () => {
    const file = (document.getElementById('chatgpt-export') as HTMLInputElement).files?.[0];
    if (!file) throw new Error('no file');
    return window.harness.client().importChatGpt(file);
  });
  expect(again.conversations).toBe(generated.conversations);
  expect(await page.evaluate(() => window.harness.client().stats())).toEqual(stats);
});

test('Cancel during the import leaves history exactly as it was; the next import works', async ({
  page,
}) => {
  expect(await openWindow(page)).toBe('owner');
  await page.evaluate(() =>
    window.harness.client().saveConversation({
      id: 'kept',
      title: 'Written in Runnel',
      createdAt: 1,
      updatedAt: 1,
      pinned: false,
      model: null,
      providerId: null,
      tags: [],
      currentLeafId: null,
    }),
  );
  const before = await page.evaluate(() => window.harness.client().stats());
  await chooseFile(page, largerPath);
  const outcome = await page.evaluate(async () => {
    const file = (document.getElementById('chatgpt-export') as HTMLInputElement).files?.[0];
    if (!file) throw new Error('no file');
    const controller = new AbortController();
    let seen = 0;
    try {
      await window.harness.client().importChatGpt(file, {
        signal: controller.signal,
        // Cancelled once the first conversations were read and written: `total` is an estimate, so
        // waiting for half of it raced the end of the import in a clean-clone run.
        onProgress: (progress) => {
          seen = progress.done;
          if (!progress.finishing && progress.done > 0) controller.abort();
        },
      });
      return { code: 'finished', seen, message: '' };
    } catch (error) {
      const failure = error as { code?: string; message?: string };
      return { code: failure.code ?? 'unknown', seen, message: failure.message ?? '' };
    }
  });
  expect(outcome.code).toBe('cancelled');
  expect(outcome.seen).toBeGreaterThan(0);
  expect(outcome.message).toMatch(/History is exactly as it was/);
  expect(await page.evaluate(() => window.harness.client().stats())).toEqual(before);
  expect(
    await page
      .evaluate(() => window.harness.client().listConversations())
      .then((list) => list.map((c) => c.id)),
  ).toEqual(['kept']);

  const summary = await page.evaluate(async () => {
    const file = (document.getElementById('chatgpt-export') as HTMLInputElement).files?.[0];
    if (!file) throw new Error('no file');
    return window.harness.client().importChatGpt(file);
  });
  expect(summary.skipped).toEqual([]);
  expect((await page.evaluate(() => window.harness.client().stats())).conversations).toBe(
    summary.conversations + 1,
  );
});
