/**
 * The attachment limits a person sets (issue 26 items 2 to 4: "configurable"): the largest text file
 * and the pages of a scanned PDF in Settings → Attachments, the size images are sent at in a
 * provider's form. Real Chromium, the real attachment worker, the real settings service behind the bridge.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { assistant, expect, send, test } from './fixtures';
import { questionRequests } from './question-requests';

const fixture = (name: string) =>
  path.resolve(import.meta.dirname, '../fixtures/attachments', name);
const chip = (page: Page) => page.getByTestId('attachment-chip');

async function pick(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('attach-button').click();
  await (await chooser).setFiles(file);
}

/** Types a whole number into a Settings field and leaves it, as a person does; waits for "Saved". */
async function setNumber(page: Page, testId: string, value: number): Promise<void> {
  await page.getByTestId(testId).fill(String(value));
  await page.getByTestId(testId).blur();
  await expect(page.getByTestId(`${testId}-status`)).toHaveText('Saved');
}

/** The pixel size of the image the chip will send (its thumbnail is the data URL that is sent). */
const sentSize = (page: Page) =>
  page.getByTestId('attachment-thumb').evaluate(async (image: HTMLImageElement) => {
    await image.decode();
    return [image.naturalWidth, image.naturalHeight];
  });

test('the text file limit set in Settings refuses a bigger file, and a raised one takes it', async ({
  app,
}) => {
  const { page } = app;
  await app.open();
  const notes = { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.alloc(40 * 1024, 'a') };

  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('attachments-section')).toBeVisible();
  await expect(page.getByTestId('pref-attach-text-max')).toHaveValue('512');
  await setNumber(page, 'pref-attach-text-max', 16);
  await page.getByTestId('attachments-section').scrollIntoViewIfNeeded();
  await app.screenshot('attachments-settings');
  // Out of range: said beside the field, nothing saved.
  await page.getByTestId('pref-attach-pdf-pages').fill('0');
  await page.getByTestId('pref-attach-pdf-pages').blur();
  await expect(page.getByTestId('pref-attach-pdf-pages-error')).toBeVisible();
  expect(app.host.settings.view().preferences.attachPdfPageImages).toBeUndefined();
  await page.getByTestId('settings-close').click();

  await pick(page, notes);
  await expect(chip(page)).toHaveAttribute('data-status', 'refused');
  await expect(chip(page)).toContainText('notes.txt is 40 KB; a text file can be at most 16 KB.');
  await chip(page)
    .getByRole('button', { name: /remove/i })
    .click();

  await page.getByTestId('open-settings').click();
  await setNumber(page, 'pref-attach-text-max', 64);
  await page.getByTestId('settings-close').click();
  await pick(page, notes);
  await expect(chip(page)).toHaveAttribute('data-status', 'ready');
});

test("a provider's image size scales what is sent to it; the default size is 2048 x 768", async ({
  app,
}) => {
  const { page, server } = app;
  await app.open();
  // opaque.png is 640 x 480: within the default size, sent as it is.
  await pick(page, fixture('opaque.png'));
  await expect(chip(page)).toHaveAttribute('data-status', 'ready');
  expect(await sentSize(page)).toEqual([640, 480]);
  await chip(page)
    .getByRole('button', { name: /remove/i })
    .click();

  await page.getByTestId('open-settings').click();
  await page.getByTestId('provider-edit').first().click();
  await expect(page.getByTestId('provider-image-long')).toHaveValue('2048');
  await page.getByTestId('provider-image-long').fill('320');
  await page.getByTestId('provider-image-short').fill('400');
  await page.getByTestId('provider-save').click();
  await expect(page.getByTestId('provider-image-size-error')).toHaveText(
    'The short side cannot be longer than the long side.',
  );
  await page.getByTestId('provider-image-size-error').scrollIntoViewIfNeeded();
  await app.screenshot('provider-image-size');
  await page.getByTestId('provider-image-short').fill('256');
  await page.getByTestId('provider-save').click();
  await expect(page.getByTestId('provider-form')).toHaveCount(0);
  await page.getByTestId('settings-close').click();

  await pick(page, fixture('opaque.png'));
  await expect(chip(page)).toHaveAttribute('data-status', 'ready');
  // Fits 320 on the long side and 256 on the short: 320 x 240 keeps the shape.
  expect(await sentSize(page)).toEqual([320, 240]);
  server.script({ text: 'Small.' });
  await send(page, 'And now?');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  const content: unknown = questionRequests(app)[0]?.body?.messages?.at(-1)?.content;
  const parts = content as Array<{ type: string }>;
  expect(parts.map((part) => part.type)).toEqual(['text', 'image_url']);
});
