/**
 * Conversations that branch, in real Chromium over the real bridge and SQLite history: Regenerate
 * keeps the old answer a page away, editing a question keeps the old question and what followed it,
 * the pager pages both by mouse and keyboard, the conversation reopens on the version shown last, and
 * a search hit on another branch opens that branch.
 */
import type { Page } from '@playwright/test';
import { assistant, expect, send, test } from './fixtures';
import { conversationItems } from './history-helpers';

const shownTexts = (page: Page) => page.getByTestId('message-content').allInnerTexts();
const pagerOf = (page: Page, role: 'user' | 'assistant', nth = -1) => {
  const messages = page.locator(`[data-testid="message"][data-role="${role}"]`);
  return (nth < 0 ? messages.last() : messages.nth(nth)).getByTestId('version-pager');
};

test('regenerate and edit make versions to page through; the branch shown is remembered', async ({
  app,
}) => {
  const { page, server } = app;
  await app.open();
  server.script({ text: 'Feed it once a day.' }, { text: '"Feeding a starter"' });
  await send(page, 'How often do I feed a sourdough starter?');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('version-pager')).toHaveCount(0);

  // Regenerate: a second answer beside the first, which stays a page away.
  server.script({ text: 'Twice a day when the kitchen is warm.' });
  await assistant(page).getByTestId('message-regenerate').click();
  await expect(assistant(page)).toContainText('Twice a day');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(pagerOf(page, 'assistant').getByTestId('version-position')).toHaveText('2 / 2');
  // The new answer was asked with the question alone, not the old answer.
  const regenerated = server.requests.at(-1)?.body?.messages ?? [];
  expect(regenerated.map((m) => m.content)).toEqual(['How often do I feed a sourdough starter?']);
  await app.screenshot('branches-regenerated');

  await pagerOf(page, 'assistant').getByTestId('version-previous').click();
  await expect(assistant(page)).toContainText('Feed it once a day.');
  await expect(pagerOf(page, 'assistant').getByTestId('version-position')).toHaveText('1 / 2');

  // Keyboard: the pager's buttons take focus and Enter pages.
  await pagerOf(page, 'assistant').getByTestId('version-next').focus();
  await page.keyboard.press('Enter');
  await expect(assistant(page)).toContainText('Twice a day');

  // Edit the question: a second question with its own answer; the first and its answers stay.
  server.script({ text: 'A rye starter wants feeding every 12 hours.' });
  const question = page.locator('[data-testid="message"][data-role="user"]').last();
  await question.hover();
  await question.getByTestId('message-edit').click();
  await page.getByTestId('edit-input').fill('How often do I feed a rye starter?');
  await page.getByTestId('edit-send').click();
  await expect(assistant(page)).toContainText('every 12 hours');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(pagerOf(page, 'user').getByTestId('version-position')).toHaveText('2 / 2');
  expect(await shownTexts(page)).toEqual([
    'How often do I feed a rye starter?',
    'A rye starter wants feeding every 12 hours.',
  ]);
  await app.screenshot('branches-edited');

  await pagerOf(page, 'user').getByTestId('version-previous').click();
  // The first question's branch, on the answer shown last under it.
  await expect(assistant(page)).toContainText('Twice a day');
  await expect(pagerOf(page, 'user').getByTestId('version-position')).toHaveText('1 / 2');
  await expect(pagerOf(page, 'assistant').getByTestId('version-position')).toHaveText('2 / 2');

  // Reloaded, the conversation opens on the version shown last.
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await conversationItems(page).first().click();
  await expect(assistant(page)).toContainText('Twice a day');
  expect(await page.getByTestId('message').count()).toBe(2);

  // Search finds text on a branch not shown, and opening the hit shows that branch.
  await page.getByTestId('search-input').fill('rye');
  await page.getByTestId('search-result').first().click();
  await expect(assistant(page)).toContainText('every 12 hours');
  await expect(pagerOf(page, 'user').getByTestId('version-position')).toHaveText('2 / 2');
});
