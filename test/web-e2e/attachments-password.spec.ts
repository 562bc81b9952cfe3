/**
 * An encrypted PDF in the composer (issue 26 item 4): its chip asks for the password; a wrong one says
 * so and asks again; the right one reads it (its text is what is sent); Cancel removes the file. Real
 * Chromium, the real attachment worker and pdf.js, and test/fixtures/attachments/encrypted.pdf (text.pdf
 * encrypted by qpdf with AES-256, user password "runnel"; see the fixtures' README).
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { assistant, expect, send, test, type AppUnderTest } from './fixtures';

const encrypted = path.resolve(import.meta.dirname, '../fixtures/attachments/encrypted.pdf');
const chip = (page: Page) => page.getByTestId('attachment-chip');

async function pickEncrypted(page: Page): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('attach-button').click();
  await (await chooser).setFiles(encrypted);
  await expect(chip(page)).toHaveAttribute('data-status', 'refused');
}

const lastQuestion = (app: AppUnderTest) =>
  app.server.requests
    .filter((r) => r.path.endsWith('/chat/completions'))
    .map((r) => r.body?.messages?.at(-1)?.content)
    .find((content) => typeof content === 'string' && content.startsWith('Summarise'));

test('a wrong password says so and asks again; the right one attaches the text', async ({
  app,
}) => {
  const page = await app.open();
  await pickEncrypted(page);
  await expect(chip(page).getByTestId('attachment-refusal')).toHaveText(
    'encrypted.pdf is protected by a password. Type its password to attach it.',
  );
  const field = chip(page).getByTestId('attachment-password');
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('type', 'password');

  await field.fill('not-it');
  // Enter opens the file with the password; it does not send the message.
  await field.press('Enter');
  await expect(chip(page).getByTestId('attachment-refusal')).toHaveText(
    'The password for encrypted.pdf is not right. Type it again, or remove the file.',
  );
  await expect(chip(page).getByTestId('attachment-password')).toHaveValue('');
  await app.screenshot('attachments-password-wrong');
  expect(app.server.requests).toHaveLength(0);

  await chip(page).getByTestId('attachment-password').fill('runnel');
  await chip(page).getByTestId('attachment-password-open').click();
  await expect(chip(page)).toHaveAttribute('data-status', 'ready');
  await expect(chip(page).getByTestId('attachment-size')).toContainText('2 pages');
  await expect(chip(page).getByTestId('attachment-password')).toHaveCount(0);

  app.server.script({ text: 'Two pages of test text.' });
  await send(page, 'Summarise it');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  expect(lastQuestion(app)).toContain('The second page says hello.');
});

test('Cancel on the password removes the file', async ({ app }) => {
  const page = await app.open();
  await pickEncrypted(page);
  await chip(page).getByTestId('attachment-password-cancel').click();
  await expect(chip(page)).toHaveCount(0);
});
