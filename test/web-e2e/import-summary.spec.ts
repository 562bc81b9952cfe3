/**
 * The import summary names every conversation a ChatGPT export could not give, with why, and the list
 * can be copied. The export is the sample with two entries damaged as real exports damage them: one
 * with no mapping (ChatGPT writes that for a chat that failed to save), left out, and one whose current
 * message is missing, imported on its newest version, which the summary says.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { closeImportExport, importFile, itemTitled, openImportExport } from './history-helpers';

const chatGptSample = new URL('../fixtures/chatgpt/conversations.json', import.meta.url);

test('skipped conversations are listed by title with the reason, and Copy puts the list on the clipboard', async ({
  app,
}) => {
  const { page } = app;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(app.origin).origin,
  });
  const data = JSON.parse(await readFile(chatGptSample, 'utf8')) as Array<Record<string, unknown>>;
  delete data[0]?.mapping;
  if (data[2]) data[2].current_node = 'lost-node';
  await app.open();
  await openImportExport(page);
  const imported = await importFile(page, 'chatgpt', 'conversations.json', JSON.stringify(data));
  expect(imported.outcome).toBe('done');
  await expect(imported.status).toContainText('Imported 2 conversations');
  await expect(page.getByTestId('import-newest-leaf')).toContainText(
    '1 conversation did not say which version was shown last in ChatGPT, so it opens on the newest one.',
  );
  const skipped = page.getByTestId('import-skipped');
  await expect(skipped).toContainText('1 conversation was not imported');
  await expect(skipped.getByRole('listitem')).toHaveText([
    '“Trip to Kyoto in spring” (conversations.json item 0) was not imported: it has no messages in the export (its "mapping" is missing or empty).',
  ]);

  await page.getByTestId('import-skipped-copy').click();
  await expect(page.getByTestId('import-skipped-copy')).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.split('\n')).toEqual([
    'Not imported from “conversations.json” (1 conversation):',
    expect.stringMatching(/^“Trip to Kyoto in spring” \(conversations\.json item 0\)/),
  ]);
});

test('an imported ChatGPT conversation opens on the branch shown there, its other versions a page away', async ({
  app,
}) => {
  const { page } = app;
  await app.open();
  await openImportExport(page);
  const imported = await importFile(
    page,
    'chatgpt',
    'conversations.json',
    await readFile(chatGptSample, 'utf8'),
  );
  expect(imported.outcome).toBe('done');
  await expect(imported.status).toContainText('Imported 3 conversations and 11 messages');
  await expect(page.getByTestId('import-newest-leaf')).toHaveCount(0);
  await closeImportExport(page);
  await itemTitled(page, 'Trip to Kyoto in spring').click();
  const answers = page.locator('[data-testid="message"][data-role="assistant"]');
  await expect(answers.first()).toContainText('Day 1: Fushimi Inari');
  const pager = answers.first().getByTestId('version-pager');
  await expect(pager.getByTestId('version-position')).toHaveText('2 / 2');
  await app.screenshot('import-chatgpt-branches');
  await pager.getByTestId('version-previous').click();
  await expect(answers.first()).toContainText('First draft itinerary that was regenerated away.');
  // That version was never asked on: it ends the branch.
  await expect(page.getByTestId('message')).toHaveCount(2);
});
