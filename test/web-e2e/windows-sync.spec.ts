/**
 * Two windows of the app on one history (issue 25): what one deletes, or puts back with Undo, the
 * other shows at once, without a reload: a branch with everything below it, and a whole
 * conversation (deleted once its Undo has run out). Real Chromium, two pages, the real history worker of each and their shared store.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { backupOf, conversation, importBackup, itemTitled, message } from './history-helpers';

const shownTexts = (page: Page) => page.getByTestId('message-content').allInnerTexts();
const byText = (page: Page, text: string) =>
  page.getByTestId('message').filter({ has: page.getByText(text, { exact: true }) });

/**
 * q1 ─ a1 ─ q2 ─ a2      shown
 *         └ q2e ─ a2e    q2 edited
 */
const branched = (now: number) => {
  const at = now - 60_000;
  return {
    ...conversation('tree', 'Proofing dough', now, { exchanges: [] }),
    currentLeafId: 'a2',
    messages: [
      message('q1', 'user', 'How long do I proof the dough?', at, null),
      message('a1', 'assistant', 'About four hours at room temperature.', at + 1, 'q1'),
      message('q2', 'user', 'And in the fridge?', at + 2, 'a1'),
      message('a2', 'assistant', 'Overnight, 12 to 16 hours.', at + 3, 'q2'),
      message('q2e', 'user', 'And at 30 °C?', at + 4, 'a1'),
      message('a2e', 'assistant', 'Two to three hours.', at + 5, 'q2e'),
    ],
  };
};

const whole = [
  'How long do I proof the dough?',
  'About four hours at room temperature.',
  'And in the fridge?',
  'Overnight, 12 to 16 hours.',
];

test('a branch deleted in one window goes from the other, and Undo brings it back there', async ({
  app,
}) => {
  const first = await app.open();
  await importBackup(first, backupOf([branched(Date.now())]));
  await itemTitled(first, 'Proofing dough').click();
  const second = await app.openWindow('index.html', 2);
  await itemTitled(second, 'Proofing dough').click();
  await expect.poll(() => shownTexts(second)).toEqual(whole);
  await expect(byText(second, 'And in the fridge?').getByTestId('version-position')).toHaveText(
    '1 / 2',
  );

  const fridge = byText(first, 'And in the fridge?');
  await fridge.hover();
  await fridge.getByTestId('message-delete').click();
  await fridge.getByTestId('delete-confirm-yes').click();
  const edited = [
    'How long do I proof the dough?',
    'About four hours at room temperature.',
    'And at 30 °C?',
    'Two to three hours.',
  ];
  await expect.poll(() => shownTexts(first)).toEqual(edited);
  // The other window, untouched, follows: the deleted version is gone, and so is its pager.
  await expect.poll(() => shownTexts(second)).toEqual(edited);
  await expect(second.getByTestId('version-pager')).toHaveCount(0);

  await first.getByTestId('undo-delete').click();
  await expect.poll(() => shownTexts(first)).toEqual(whole);
  // Back in the other window as a version again.
  await expect(byText(second, 'And at 30 °C?').getByTestId('version-position')).toHaveText('2 / 2');
});

test('a conversation deleted in one window leaves the other once its Undo has run out', async ({
  app,
}) => {
  const first = await app.open();
  await importBackup(first, backupOf([branched(Date.now())]));
  const second = await app.openWindow('index.html', 2);
  await itemTitled(second, 'Proofing dough').click();
  await expect.poll(() => shownTexts(second)).toEqual(whole);

  await itemTitled(first, 'Proofing dough').click({ button: 'right' });
  await first.getByTestId('row-menu-delete').click();
  await expect(itemTitled(first, 'Proofing dough')).toHaveCount(0);
  // Until its toast runs out (or is dismissed) the delete can be undone, and history still has it.
  await first.getByTestId('undo-toast').getByRole('button', { name: 'Dismiss' }).click();
  // Then it is gone from the other window's list, and from its view: a new chat, not the old text.
  await expect(itemTitled(second, 'Proofing dough')).toHaveCount(0);
  await expect(second.getByTestId('message')).toHaveCount(0);
});
