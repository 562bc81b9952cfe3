/**
 * Damaged history in the app itself: a history the app made, damaged in OPFS while no window of the
 * app ran, then the app started again. The window says what was recovered, every recovered
 * conversation reads as before, and the damaged file, exported from the notice, is the damaged file
 * byte for byte.
 */
import { readFile } from 'node:fs/promises';
import { damagePoolFile, readPoolFile } from '../support/opfs-pool-file';
import { expect, test } from './fixtures';
import { backupOf, importBackup, itemTitled, sampleHistory } from './history-helpers';
import { readConversation } from './read-conversation';

test('a history with a damaged header opens repaired, says so, and exports the damaged file', async ({
  app,
}) => {
  const page = await app.open();
  const history = sampleHistory();
  await importBackup(page, backupOf(history));
  const titles = history.map((c) => c.title);
  for (const title of titles) await expect(page.getByText(title).first()).toBeVisible();

  // A page of the same origin that does not run the app: the pool is free to damage.
  await page.goto(`${app.origin}/not-the-app.txt`);
  await damagePoolFile(page, [{ at: 0, length: 100 }], 0xee);
  const damaged = await readPoolFile(page);

  await app.open();
  const messages = history.reduce((sum, c) => sum + c.messages.length, 0);
  await expect(page.getByTestId('damaged-history-summary')).toHaveText(
    `All ${messages} messages were recovered from a damaged history; the damaged file is kept.`,
  );
  // Every recovered conversation reads as it was written, message for message.
  for (const conversation of history) {
    await itemTitled(page, conversation.title).click();
    await expect(page.locator('.conversation-title')).toHaveText(conversation.title);
    expect(await readConversation(page), conversation.title).toEqual(
      conversation.messages.map(({ role, content }) => ({ role, text: content })),
    );
  }

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('damaged-history-export').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^history-.*\.sqlite3$/);
  const exported = await readFile(await download.path());
  expect(exported.equals(Buffer.from(damaged))).toBe(true);

  // Deleting the kept file ends the notice, in this start and the next.
  await page.getByTestId('damaged-history-delete').click();
  await expect(page.getByTestId('damaged-history-notice')).toBeHidden();
  await app.open();
  await expect(page.getByText(titles[0] ?? '').first()).toBeVisible();
  await expect(page.getByTestId('damaged-history-notice')).toBeHidden();
});
