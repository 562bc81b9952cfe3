/**
 * Deleting a message with everything below it, in real Chromium over the real bridge and SQLite
 * history: the question names how many go, the conversation then shows another version and the pager
 * counts again, Undo brings it all back, and Delete waits while an answer streams; and the Markdown
 * export of every version. Screenshots of the question and the toast at 1280 and 640 px, light and
 * dark.
 */
import type { Page } from '@playwright/test';
import { assistant, expect, send, test } from './fixtures';
import {
  backupOf,
  conversation,
  download,
  importBackup,
  itemTitled,
  message,
} from './history-helpers';

const shownTexts = (page: Page) => page.getByTestId('message-content').allInnerTexts();
const byText = (page: Page, text: string) =>
  page.getByTestId('message').filter({ has: page.getByText(text, { exact: true }) });

/**
 * q1 ─ a1 ─ q2 ─ a2 ─ q3 ─ a3     shown
 *         └ q2e ─ a2e             q2 edited
 */
const branched = (now: number) => {
  const base = conversation('tree', 'Proofing dough', now, { exchanges: [] });
  const at = now - 60_000;
  return {
    ...base,
    currentLeafId: 'a3',
    messages: [
      message('q1', 'user', 'How long do I proof the dough?', at, null),
      message('a1', 'assistant', 'About four hours at room temperature.', at + 1, 'q1'),
      message('q2', 'user', 'And in the fridge?', at + 2, 'a1'),
      message('a2', 'assistant', 'Overnight, 12 to 16 hours.', at + 3, 'q2'),
      message('q3', 'user', 'Can I go longer?', at + 4, 'a2'),
      message('a3', 'assistant', 'Up to 48 hours; it gets more sour.', at + 5, 'q3'),
      message('q2e', 'user', 'And at 30 °C?', at + 6, 'a1'),
      message('a2e', 'assistant', 'Two to three hours.', at + 7, 'q2e'),
    ],
  };
};

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1280, 640]) {
    test(`delete asks how many go, shows another version, and Undo brings them back (${colorScheme}, ${width} px)`, async ({
      app,
    }) => {
      const { page } = app;
      await page.setViewportSize({ width: 1280, height: 860 });
      await app.open({ colorScheme });
      await importBackup(page, backupOf([branched(Date.now())]));
      await itemTitled(page, 'Proofing dough').click();
      // Then the window at the width under test (a narrow one has its sidebar as a closed drawer).
      await page.setViewportSize({ width, height: 860 });
      await expect(page.getByTestId('message')).toHaveCount(6);
      const second = byText(page, 'And in the fridge?');
      await expect(second.getByTestId('version-position')).toHaveText('1 / 2');

      await second.hover();
      await second.getByTestId('message-delete').click();
      await expect(second.getByTestId('delete-confirm-text')).toHaveText(
        'Delete this message and the 3 below it?',
      );
      // The question takes focus on its Delete; Escape puts it away and focus back.
      await expect(second.getByTestId('delete-confirm-yes')).toBeFocused();
      await app.screenshot(`delete-branch-confirm-${colorScheme}-${width}`);
      await page.keyboard.press('Escape');
      await expect(second.getByTestId('delete-confirm')).toHaveCount(0);
      await expect(second.getByTestId('message-delete')).toBeFocused();

      await second.getByTestId('message-delete').click();
      await second.getByTestId('delete-confirm-yes').click();
      // The edited version is shown now, alone: no pager left on it.
      await expect
        .poll(() => shownTexts(page))
        .toEqual([
          'How long do I proof the dough?',
          'About four hours at room temperature.',
          'And at 30 °C?',
          'Two to three hours.',
        ]);
      await expect(page.getByTestId('version-pager')).toHaveCount(0);
      const toast = page.getByTestId('undo-toast');
      await expect(toast).toContainText('Deleted 4 messages: “And in the fridge?”');
      await app.screenshot(`delete-branch-undo-${colorScheme}-${width}`);

      await page.getByTestId('undo-delete').click();
      await expect(toast).toHaveCount(0);
      await expect
        .poll(() => shownTexts(page))
        .toEqual([
          'How long do I proof the dough?',
          'About four hours at room temperature.',
          'And in the fridge?',
          'Overnight, 12 to 16 hours.',
          'Can I go longer?',
          'Up to 48 hours; it gets more sour.',
        ]);
      await expect(byText(page, 'And in the fridge?').getByTestId('version-position')).toHaveText(
        '1 / 2',
      );
    });
  }
}

test('deleting stays gone after a reload, search forgets it, and the last message leaves none', async ({
  app,
}) => {
  const { page } = app;
  await app.open();
  await importBackup(page, backupOf([branched(Date.now())]));
  await itemTitled(page, 'Proofing dough').click();
  const third = byText(page, 'Can I go longer?');
  await third.hover();
  await third.getByTestId('message-delete').click();
  await expect(third.getByTestId('delete-confirm-text')).toHaveText(
    'Delete this message and the one below it?',
  );
  await third.getByTestId('delete-confirm-yes').click();
  await expect(page.getByTestId('message')).toHaveCount(4);
  await expect(assistant(page)).toContainText('Overnight, 12 to 16 hours.');
  // The toast runs out (or is dismissed): the delete stays.
  await page.getByTestId('undo-toast').getByRole('button', { name: 'Dismiss' }).click();
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await itemTitled(page, 'Proofing dough').click();
  await expect(page.getByTestId('message')).toHaveCount(4);
  await page.getByTestId('search-input').fill('sour');
  await expect(page.getByTestId('search-empty')).toBeVisible();
});

test('Delete waits while an answer streams, and says why', async ({ app }) => {
  const { page, server } = app;
  await app.open();
  server.script({ text: 'word '.repeat(400), chunkChars: 4, delayMs: 20 });
  await send(page, 'Tell me a long story');
  await expect(assistant(page)).toHaveAttribute('data-status', 'streaming');
  const question = page.locator('[data-testid="message"][data-role="user"]').last();
  const remove = question.getByTestId('message-delete');
  await expect(remove).toBeDisabled();
  await expect(remove).toHaveAttribute('aria-label', 'Delete (wait for the answer to finish)');
  await page.getByTestId('stop-button').click();
  await expect(assistant(page)).toHaveAttribute('data-status', 'cancelled');
  await expect(remove).toBeEnabled();
});

test('Export as Markdown writes the branch shown; “every version” writes each branch once', async ({
  app,
}) => {
  const { page } = app;
  await app.open();
  await importBackup(page, backupOf([branched(Date.now())]));
  await itemTitled(page, 'Proofing dough').click({ button: 'right' });
  const shown = await download(page, () => page.getByTestId('row-menu-export').click());
  expect(shown.text).toContain('Up to 48 hours');
  expect(shown.text).not.toContain('And at 30 °C?');
  await itemTitled(page, 'Proofing dough').click({ button: 'right' });
  const every = await download(page, () => page.getByTestId('row-menu-export-all').click());
  expect(every.name).toBe('Proofing dough.md');
  expect(every.text).toContain(
    '## Branch 1 of 2 (shown)\n\n### You\n\nHow long do I proof the dough?',
  );
  expect(every.text).toContain(
    '## Branch 2 of 2\n\n_Follows Assistant in branch 1: “About four hours at room temperature.”_\n\n### You · version 2 of 2\n\nAnd at 30 °C?',
  );
  expect(every.text.split('Up to 48 hours')).toHaveLength(2);
});
