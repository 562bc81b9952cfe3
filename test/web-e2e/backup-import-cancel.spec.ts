/**
 * A Runnel backup chosen in the Import & export dialog streams in as a ChatGPT export does: the
 * progress names the conversation being read, Cancel stops the import and history is exactly as it
 * was; the same file imported afterwards lands whole. The backup is generated (the history bench's mix).
 */
import { streamHistory } from '../history-e2e/generate-history';
import { expect, test } from './fixtures';
import { chooseFile, importFile, openImportExport } from './history-helpers';

test('a backup streams in: progress by conversation, Cancel leaves history as it was', async ({
  app,
}) => {
  const [batch] = [
    ...streamHistory({
      conversations: 600,
      messages: 40_000,
      longConversation: 1_000,
      seed: 11,
      averageChars: 535,
      batchMessages: 1e9,
    }),
  ];
  const backup = JSON.stringify(batch?.backup);
  const conversations = batch?.backup.conversations.length ?? 0;
  const { page } = app;
  await app.open();
  await openImportExport(page);
  const stats = page.getByTestId('history-stats');
  await expect(stats).toContainText('are stored on this computer');
  const before = await stats.textContent();

  await chooseFile(page, 'backup', 'big-backup.json', backup);
  const progress = page.getByTestId('import-progress');
  // "… — 12 of about 600 conversations: “…”": counted and named as they come.
  await expect(progress).toContainText(/ of about [\d,]+ conversations: “/);
  await page.getByTestId('import-cancel').click();
  const cancelled = page.getByTestId('import-cancelled');
  await expect(cancelled).toContainText('Import of “big-backup.json” cancelled.');
  await expect(cancelled).toContainText('History is exactly as it was before it started.');
  await expect(stats).toHaveText(before ?? '');

  const imported = await importFile(page, 'backup', 'big-backup.json', backup);
  expect(imported.outcome).toBe('done');
  await expect(imported.status).toContainText(
    `Imported ${conversations.toLocaleString('en')} conversations`,
  );
});
