/**
 * Issue 28 item 3: a search hit deep in a thread of 5,000 messages opens that message in view, with
 * the words it matched marked in its text and focus on it, and the marks come back when the message
 * is scrolled away and back (the list is virtualised: it was unmounted meanwhile).
 */
import type { Page } from '@playwright/test';
import { generateLongThread } from '../support/long-thread';
import { expect, test } from './fixtures';
import { importBackup, itemTitled } from './history-helpers';

const thread = generateLongThread({
  messages: 5_000,
  seed: 283,
  needleAt: [10],
  title: 'Five thousand messages',
  endsAt: Date.now() - 60_000,
});
const needle = thread.needles[0]!;

/** The text of every range of the search highlight, as the page paints it. */
const markedWords = (page: Page) =>
  page.evaluate(() => [...(CSS.highlights.get('search-hit') ?? [])].map((r) => r.toString()));

test('a search hit deep in a 5,000-message thread opens in view, marked and focused', async ({
  app,
}) => {
  test.setTimeout(120_000);
  const page = await app.open();
  await importBackup(page, JSON.stringify(thread.backup), 'thread.json');
  await itemTitled(page, 'Five thousand messages').click();
  const list = page.getByTestId('message-list');
  await expect(list.locator(`[data-message-id="${thread.messageIds.at(-1)}"]`)).toBeInViewport();
  await expect(list).toHaveAttribute('data-has-older', 'true');

  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill(needle.word);
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');

  const target = list.locator(`[data-message-id="${needle.messageId}"]`);
  await expect(target).toBeInViewport();
  await expect(target).toHaveAttribute('data-search-marked', 'true');
  await expect(target).toBeFocused();
  expect(await markedWords(page)).toEqual([needle.word]);
  // Eleven messages from the top of 5,000: every older page was read in to get there.
  await expect(list).not.toHaveAttribute('data-has-older', 'true');

  // Away (the row is unmounted) and back: the word is marked again in the new DOM.
  const revealedAt = await list.evaluate((element) => element.scrollTop);
  await list.evaluate((element) => {
    element.scrollTop = element.scrollHeight;
  });
  await expect(target).toHaveCount(0);
  await list.evaluate((element, top) => {
    element.scrollTop = top;
  }, revealedAt);
  await expect(target).toBeInViewport();
  await expect(target).toHaveAttribute('data-search-marked', 'true');
  expect(await markedWords(page)).toEqual([needle.word]);

  // Opening another conversation ends the marks.
  await page.getByTestId('new-chat').click();
  await expect.poll(() => markedWords(page)).toEqual([]);
});
