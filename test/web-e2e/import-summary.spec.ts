/**
 * The import summary names every conversation a ChatGPT export could not give, with why, and the list
 * can be copied. The export is the sample with two entries damaged as real exports damage them: one
 * with no mapping (ChatGPT writes that for a chat that failed to save), one whose current message is
 * missing.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { importFile, openImportExport } from './history-helpers';

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
  await expect(imported.status).toContainText('Imported 1 conversation');
  const skipped = page.getByTestId('import-skipped');
  await expect(skipped).toContainText('2 conversations were not imported');
  await expect(skipped.getByRole('listitem')).toHaveText([
    '“Trip to Kyoto in spring” (conversations.json item 0) was not imported: it has no messages in the export (its "mapping" is missing or empty).',
    '“用中文解释递归” (conversations.json item 2) was not imported: its current message (current_node "lost-node") is not in its mapping.',
  ]);

  await page.getByTestId('import-skipped-copy').click();
  await expect(page.getByTestId('import-skipped-copy')).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.split('\n')).toEqual([
    'Not imported from “conversations.json” (2 conversations):',
    expect.stringMatching(/^“Trip to Kyoto in spring” \(conversations\.json item 0\)/),
    expect.stringMatching(/^“用中文解释递归” \(conversations\.json item 2\)/),
  ]);
});
