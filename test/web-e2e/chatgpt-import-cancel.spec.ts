/**
 * Cancel in the Import & export dialog while a ChatGPT export streams in (issue 28 item 2): the
 * progress names the conversation being read, Cancel stops the import, and history is exactly as it
 * was; the same file imported afterwards lands whole. The export is generated (split files, images).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeChatGptExport } from '../../bench/scale/chatgpt-export-generator';
import { expect, test } from './fixtures';
import { chooseFile, importFile, openImportExport } from './history-helpers';

test('Cancel import leaves history as it was; the progress names conversations as they come', async ({
  app,
}) => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'runnel-cancel-e2e-'));
  try {
    const zipPath = path.join(folder, 'export.zip');
    const generated = writeChatGptExport(zipPath, {
      conversationsBytes: 24_000_000,
      files: 2,
      images: 2,
      seed: 9,
    });
    const zip = readFileSync(zipPath);
    const { page } = app;
    await app.open();
    await openImportExport(page);
    const stats = page.getByTestId('history-stats');
    await expect(stats).toContainText('are stored on this computer');
    const before = await stats.textContent();

    await chooseFile(page, 'chatgpt', 'export.zip', zip, 'application/zip');
    const progress = page.getByTestId('import-progress');
    // A conversation's title in the progress: "… — 12 of about 900 conversations: “7: …”".
    await expect(progress).toContainText(/of about [\d,]+ conversations: “\d+: /);
    await page.getByTestId('import-cancel').click();
    const cancelled = page.getByTestId('import-cancelled');
    await expect(cancelled).toContainText('Import of “export.zip” cancelled.');
    await expect(cancelled).toContainText('History is exactly as it was before it started.');
    await expect(stats).toHaveText(before ?? '');

    const imported = await importFile(page, 'chatgpt', 'export.zip', zip, 'application/zip');
    expect(imported.outcome).toBe('done');
    await expect(imported.status).toContainText(
      `Imported ${generated.conversations.toLocaleString('en')} conversations`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
