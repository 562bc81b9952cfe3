/**
 * Attachments kept in history, in the real app in Chromium (the SQLite worker on OPFS): a version 3
 * backup with an image, a text file and a PDF imported through the dialog; the image shown as a
 * thumbnail from a blob: URL (under the app's own CSP) that opens full size and closes with Esc; the
 * text file saved; its text found by search, the hit naming it; and the backup exported again with
 * the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { expect, test } from './fixtures';
import {
  closeImportExport,
  conversation,
  download,
  importBackup,
  importFile,
  itemTitled,
  openImportExport,
} from './history-helpers';

const fixture = (name: string): Buffer =>
  readFileSync(path.resolve(import.meta.dirname, '../fixtures/attachments', name));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const png = fixture('opaque.png');
const pdf = fixture('text.pdf');
const notes = Buffer.from('Ship log: the zeppelin fleet left at dawn.\n', 'utf8');

const backupWithFiles = (): string => {
  const now = Date.now();
  const seed = conversation('c-files', 'Harbour photos', now - 60_000, {
    exchanges: [['What is in this picture?', 'A harbour at dawn, with airships overhead.']],
  });
  const question = seed.messages[0];
  if (!question) throw new Error('no question');
  Object.assign(question, {
    attachments: [
      {
        hash: sha256(png),
        kind: 'image',
        name: 'harbour.png',
        mime: 'image/png',
        size: png.length,
        width: 640,
        height: 480,
      },
      {
        hash: sha256(notes),
        kind: 'text',
        name: 'notes.txt',
        mime: 'text/plain',
        size: notes.length,
      },
      {
        hash: sha256(pdf),
        kind: 'pdf',
        name: 'manifest.pdf',
        mime: 'application/pdf',
        size: pdf.length,
        pages: 2,
      },
    ],
  });
  return JSON.stringify({
    format: 'runnel-history-backup',
    version: 3,
    exportedAt: now,
    conversations: [seed],
    attachments: [
      { hash: sha256(png), mime: 'image/png', data: png.toString('base64') },
      {
        hash: sha256(notes),
        mime: 'text/plain',
        text: notes.toString('utf8'),
        data: notes.toString('base64'),
      },
      { hash: sha256(pdf), mime: 'application/pdf', data: pdf.toString('base64') },
    ],
  });
};

/** The thumbnail decoded: a blob: URL the CSP let through, and pixels behind it. */
const thumbnailLoaded = async (page: Page): Promise<void> => {
  const image = page.getByTestId('stored-image-open').locator('img');
  await expect(image).toBeVisible();
  await expect(image).toHaveAttribute('src', /^blob:/);
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(640);
};

test('stored attachments: thumbnail, full-size view, Save, search by file text, export', async ({
  app,
}) => {
  const page = await app.open({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
  const backup = backupWithFiles();
  await importBackup(page, backup, 'with-files.json');

  await itemTitled(page, 'Harbour photos').click();
  await thumbnailLoaded(page);
  await expect(page.getByTestId('stored-file-name')).toHaveText(['notes.txt', 'manifest.pdf']);
  await expect(page.getByTestId('stored-file').nth(1)).toContainText('2 pages');
  await app.screenshot('attachments-history-1280-light');

  // Full size inside the app; Esc closes it and focus goes back to the thumbnail.
  const opener = page.getByTestId('stored-image-open');
  await opener.click();
  const viewer = page.getByTestId('image-viewer');
  await expect(viewer).toBeVisible();
  await expect
    .poll(() =>
      page
        .getByTestId('image-viewer-image')
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
    )
    .toBe(640);
  await app.screenshot('attachments-viewer-1280-light');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(opener).toBeFocused();

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 640, height: 800 });
  await thumbnailLoaded(page);
  await app.screenshot('attachments-history-640-dark');
  await opener.click();
  await expect(viewer).toBeVisible();
  await app.screenshot('attachments-viewer-640-dark');
  await page.getByTestId('image-viewer-close').click();
  await expect(viewer).toBeHidden();
  await expect(opener).toBeFocused();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });

  // Save gives the stored bytes under the file's name.
  const saved = await download(page, () =>
    page.getByRole('button', { name: 'Save notes.txt' }).click(),
  );
  expect(saved.name).toBe('notes.txt');
  expect(saved.text).toBe(notes.toString('utf8'));

  // The text file's words are found, and the hit says which file they are in.
  await page.getByTestId('search-input').fill('zeppelin');
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await expect(page.getByTestId('search-result-file')).toHaveText(
    'In the attached file “notes.txt”',
  );
  await expect(page.getByTestId('search-result').locator('mark')).toHaveText(['zeppelin']);
  await page.getByTestId('search-clear').click();

  // Exported again: the same files, byte for byte, once each.
  await openImportExport(page);
  const file = await download(page, () => page.getByTestId('export-backup').click());
  await closeImportExport(page);
  const exported = JSON.parse(file.text) as {
    version: number;
    attachments: Array<{ hash: string; data: string }>;
  };
  const original = JSON.parse(backup) as typeof exported;
  expect(exported.version).toBe(3);
  const byHash = (list: typeof exported.attachments) =>
    [...list].sort((a, b) => a.hash.localeCompare(b.hash)).map(({ hash, data }) => [hash, data]);
  expect(byHash(exported.attachments)).toEqual(byHash(original.attachments));
});

test('a ChatGPT export ZIP brings its images in: the question shows the picture it was asked about', async ({
  app,
}) => {
  const page = await app.open({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
  const fileId = 'file-6y9faxjcnXrzx8UTUQepS7';
  const message = (id: string, role: string, content: unknown, at: number) => ({
    id,
    author: { role, name: null, metadata: {} },
    create_time: at,
    content,
    status: 'finished_successfully',
    metadata: role === 'assistant' ? { finish_details: { type: 'stop' } } : {},
  });
  // Shaped as the real export writes a question about an uploaded picture.
  const conversations = [
    {
      title: 'Interpret this painting',
      create_time: 1749687798.69,
      update_time: 1749687850.1,
      conversation_id: 'conv-painting',
      current_node: 'a1',
      mapping: {
        root: { id: 'root', message: null, parent: null, children: ['q1'] },
        q1: {
          id: 'q1',
          parent: 'root',
          children: ['a1'],
          message: message(
            'q1',
            'user',
            {
              content_type: 'multimodal_text',
              parts: [
                {
                  content_type: 'image_asset_pointer',
                  asset_pointer: `file-service://${fileId}`,
                  size_bytes: png.length,
                  width: 640,
                  height: 480,
                },
                'Interpret this painting ',
              ],
            },
            1749687798.69,
          ),
        },
        a1: {
          id: 'a1',
          parent: 'q1',
          children: [],
          message: message(
            'a1',
            'assistant',
            { content_type: 'text', parts: ['A surreal, symbolic tableau.'] },
            1749687810.2,
          ),
        },
      },
    },
  ];
  const zip = zipSync({
    'conversations.json': strToU8(JSON.stringify(conversations)),
    'chat.html': strToU8('<html>ChatGPT Data Export</html>'),
    [`${fileId}-painting.png`]: new Uint8Array(png),
  });
  await openImportExport(page);
  const { outcome, status } = await importFile(
    page,
    'chatgpt',
    'chatgpt-export.zip',
    Buffer.from(zip),
    'application/zip',
  );
  expect(outcome, (await status.textContent()) ?? '').toBe('done');
  await closeImportExport(page);

  await itemTitled(page, 'Interpret this painting').click();
  await thumbnailLoaded(page);
  await expect(page.getByTestId('stored-image-open')).toHaveAttribute(
    'aria-label',
    'Open painting.png full size',
  );
  await app.screenshot('attachments-chatgpt-import-1280-light');
});
