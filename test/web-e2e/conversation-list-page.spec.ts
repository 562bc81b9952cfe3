/**
 * Start-up reads the conversation list a page first (ConversationListPage, chat-store.ts): after a
 * reload with more conversations than the first page holds, the pinned one is on top at once, and the
 * rest arrive while the window is idle, so the keyboard reaches the oldest and search finds it.
 */
import { expect, test } from './fixtures';
import {
  backupOf,
  conversation,
  conversationItems,
  importBackup,
  itemTitled,
} from './history-helpers';

test('450 conversations: after a reload the first page shows, then every one is reachable', async ({
  app,
}) => {
  const { page } = app;
  const now = Date.now();
  const many = Array.from({ length: 450 }, (_, i) =>
    conversation(`page-${i}`, `Listed conversation ${i}`, now - i * 60_000, {
      pinned: i === 449,
      exchanges: [[`Question ${i}`, `Answer ${i}`]],
    }),
  );
  await app.open();
  await importBackup(page, backupOf(many));
  await expect(itemTitled(page, 'Listed conversation 0')).toHaveCount(1);

  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  // The oldest, pinned, leads the first page; the newest unpinned follows it.
  await expect(conversationItems(page).nth(0)).toContainText('Listed conversation 449');
  await expect(conversationItems(page).nth(0)).toHaveAttribute('data-pinned', 'true');
  await expect(conversationItems(page).nth(1)).toContainText('Listed conversation 0');

  // End goes to the last conversation listed: once the rest has arrived, the oldest unpinned one.
  const list = page.getByTestId('conversation-list');
  await expect
    .poll(
      async () => {
        await list.focus();
        await page.keyboard.press('End');
        return list.getAttribute('aria-activedescendant');
      },
      { intervals: [100] },
    )
    .toBe('conversation-option-page-448');
  await page.keyboard.press('Enter');
  await expect(page.locator('.conversation-title')).toHaveText('Listed conversation 448');
  await expect(page.getByTestId('message')).toHaveCount(2);
});
