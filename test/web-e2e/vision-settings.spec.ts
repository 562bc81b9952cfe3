/**
 * Settings → Which models read images (issue 26 item 5): a person marks a model text only or
 * reading images; the mark survives a reload, the composer goes by it before the known families
 * (and the provider's list), and Forget gives the model back to them. Real Chromium, real bridge.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { assistant, expect, send, test } from './fixtures';
import { questionRequests } from './question-requests';

const fixture = (name: string) =>
  path.resolve(import.meta.dirname, '../fixtures/attachments', name);

async function pickImage(page: Page): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('attach-button').click();
  await (await chooser).setFiles(fixture('opaque.png'));
  await expect(page.getByTestId('attachment-chip')).toHaveAttribute('data-status', 'ready');
}

async function openSection(page: Page) {
  await page.getByTestId('open-settings').click();
  const section = page.getByTestId('vision-section');
  await expect(section).toBeVisible();
  return section;
}

test('a model marked in Settings is asked about, or not, by that mark, across a reload', async ({
  app,
}) => {
  const { page, server } = app;
  await app.open();
  let section = await openSection(page);
  await expect(section.getByTestId('vision-none')).toBeVisible();
  // A name is needed; the problem is said beside the field.
  await section.getByTestId('vision-add').click();
  await expect(section.getByTestId('vision-problem')).toHaveText(
    'Type the model’s name, as the provider lists it.',
  );
  // "scripted" is in no known family: nothing would ask before sending it an image.
  await section.getByTestId('vision-model').fill('scripted');
  await section.getByTestId('vision-choice').selectOption('text');
  await section.getByTestId('vision-add').click();
  await expect(section.getByTestId('vision-problem')).toHaveCount(0);
  await expect(section.getByTestId('vision-item')).toHaveCount(1);
  await expect(section.getByTestId('vision-item')).toContainText('scripted');
  await expect(section.getByTestId('vision-item')).toContainText('Test server');
  await expect(section.getByTestId('vision-item')).toContainText(
    'Without it: Runnel does not know',
  );
  await section.scrollIntoViewIfNeeded();
  await app.screenshot('vision-settings');
  await page.getByTestId('settings-close').click();

  await pickImage(page);
  await send(page, 'Describe it');
  await expect(page.getByTestId('images-ask')).toContainText('scripted may not read images.');
  expect(questionRequests(app)).toHaveLength(0);

  // The mark is kept: after a reload Settings shows it, and it is changed there.
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  section = await openSection(page);
  await expect(section.getByTestId('vision-item-choice')).toHaveValue('text');
  await section.getByTestId('vision-item-choice').selectOption('vision');
  await page.getByTestId('settings-close').click();

  await pickImage(page);
  server.script({ text: 'A gradient.' });
  await send(page, 'Describe it');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('images-ask')).toHaveCount(0);
  const parts = questionRequests(app)[0]?.body?.messages?.at(-1)?.content as unknown as Array<{
    type: string;
  }>;
  expect(parts.map((part) => part.type)).toEqual(['text', 'image_url']);

  section = await openSection(page);
  await section.getByTestId('vision-item-forget').click();
  await expect(section.getByTestId('vision-none')).toBeVisible();
});

test('a known text-only family marked as reading images sends them without asking, in both windows', async ({
  app,
}) => {
  const { page, server } = app;
  app.host.settings.saveProvider({
    id: app.providerId,
    name: 'Test server',
    baseURL: app.server.baseURL,
    defaultModel: 'gpt-3.5-turbo',
    headers: {},
  });
  await app.open();
  const section = await openSection(page);
  await section.getByTestId('vision-model').fill('gpt-3.5-turbo');
  await section.getByTestId('vision-choice').selectOption('vision');
  await section.getByTestId('vision-model').press('Enter');
  await expect(section.getByTestId('vision-item')).toContainText(
    'Without it: GPT-3.5 models take text only.',
  );
  await page.getByTestId('settings-close').click();
  await pickImage(page);
  server.script({ text: 'Seen.' }, { text: 'Seen too.' });
  await send(page, 'Describe it');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('images-ask')).toHaveCount(0);

  // Quick ask goes by the same mark.
  const quick = await app.openWindow('quick-ask.html', 2);
  const image = await readFile(fixture('opaque.png'));
  await quick.getByTestId('quick-ask-input').evaluate(
    (input, bytes) => {
      const clipboardData = new DataTransfer();
      clipboardData.items.add(
        new File([new Uint8Array(bytes)], 'opaque.png', { type: 'image/png' }),
      );
      input.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }),
      );
    },
    [...image],
  );
  await expect(quick.getByTestId('attachment-chip')).toHaveAttribute('data-status', 'ready');
  await quick.getByTestId('quick-ask-input').fill('And this?');
  await quick.getByTestId('quick-ask-input').press('Enter');
  await expect(quick.getByTestId('quick-ask-answer').getByTestId('message')).toHaveAttribute(
    'data-status',
    'complete',
  );
  await expect(quick.getByTestId('images-ask')).toHaveCount(0);
});

test("Settings says when an answer comes from the provider's model list", async ({ app }) => {
  const { page, server } = app;
  server.setModels({
    models: [],
    modelEntries: [
      { id: 'acme/seer-1', architecture: { input_modalities: ['text', 'image'] } },
      { id: 'acme/scribe-1', architecture: { input_modalities: ['text'] } },
    ],
  });
  await app.open();
  // The switcher fetches the provider's list, as a person opening it does.
  await page.getByTestId('model-switcher').click();
  await expect(page.getByTestId('model-option').filter({ hasText: 'acme/seer-1' })).toHaveCount(1);
  await page.getByTestId('model-search').press('Escape');
  const section = await openSection(page);
  await section.getByTestId('vision-model').fill('acme/seer-1');
  await expect(section.getByTestId('vision-current')).toHaveText(
    'For acme/seer-1 now: The provider’s model list says this model reads images.',
  );
  await section.getByTestId('vision-model').fill('claude-3-opus');
  await expect(section.getByTestId('vision-current')).toContainText(
    '(from the known model families)',
  );
  await section.getByTestId('vision-model').fill('acme/scribe-1');
  await section.getByTestId('vision-choice').selectOption('vision');
  await section.getByTestId('vision-add').click();
  await expect(section.getByTestId('vision-item-without')).toHaveText(
    'Without it: The provider’s model list says this model takes text only.',
  );
  await section.getByTestId('vision-model').fill('acme/scribe-1');
  await expect(section.getByTestId('vision-current')).toHaveText(
    'For acme/scribe-1 now: You marked this model as reading images.',
  );
  // One list request in all: the switcher's. Settings read main's cache.
  expect(server.requests.filter((request) => request.path.endsWith('/models'))).toHaveLength(1);
});
