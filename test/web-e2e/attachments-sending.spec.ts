/**
 * Attachments from the composer to the provider (issue 26 items 1, 2, 3, 5, 7), in real Chromium with
 * the real attachment worker, bridge and handler table: pick, paste and drop; the exact content parts
 * the fault server receives; a text-only model asking first; a PDF; an image rejection and the resend
 * without images. Screenshots of the chips and the drop target at 1280 and 640, light and dark.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { assistant, expect, send, test, type AppUnderTest } from './fixtures';
import { questionRequests } from './question-requests';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/attachments');
const fixture = (name: string) => path.join(fixtures, name);

type Part = { type: string; text?: string; image_url?: { url: string; detail?: string } };
type SentMessage = { role: string; content: string | Part[] };

const sentMessages = (app: AppUnderTest, index: number): SentMessage[] =>
  (questionRequests(app)[index]?.body?.messages ?? []) as unknown as SentMessage[];

const chips = (page: Page) => page.getByTestId('attachment-chip');

async function pick(page: Page, ...names: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('attach-button').click();
  await (await chooser).setFiles(names.map(fixture));
}

/** Picks one file and waits until its chip is ready to send. */
async function pickReady(page: Page, name: string): Promise<void> {
  await pick(page, name);
  await expect(chips(page)).toHaveAttribute('data-status', 'ready');
}

/** A DataTransfer in the page holding these fixture files, as a drag or a paste carries them. */
async function transferOf(page: Page, files: Array<{ name: string; type: string }>) {
  const contents = await Promise.all(
    files.map(async (file) => ({ ...file, bytes: [...(await readFile(fixture(file.name)))] })),
  );
  return page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list)
      transfer.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    return transfer;
  }, contents);
}

async function useModel(app: AppUnderTest, model: string): Promise<void> {
  app.host.settings.saveProvider({
    id: app.providerId,
    name: 'Test server',
    baseURL: app.server.baseURL,
    defaultModel: model,
    headers: {},
  });
}

test('a picked image goes to the provider as an image_url part with the bytes the chip shows', async ({
  app,
}) => {
  const { page, server } = app;
  await useModel(app, 'gpt-4o');
  await app.open();
  server.script({ text: 'A gradient.' });

  await pickReady(page, 'opaque.png');
  // Sent as JPEG after resizing: the chip's thumbnail is the very data URL that will be sent.
  const thumb = await page.getByTestId('attachment-thumb').getAttribute('src');
  expect(thumb).toMatch(/^data:image\/jpeg;base64,/);
  await expect(page.getByTestId('attachment-name')).toHaveText('opaque.png');

  await send(page, 'What is in this picture?');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  expect(sentMessages(app, 0).at(-1)).toEqual({
    role: 'user',
    content: [
      { type: 'text', text: 'What is in this picture?' },
      // A loopback server is not OpenAI: no `detail` field.
      { type: 'image_url', image_url: { url: thumb } },
    ],
  });
  // The question shows the image it carried; the composer is empty again.
  const question = page.locator('[data-testid="message"][data-role="user"]').last();
  await expect(question.getByTestId('sent-attachment')).toHaveCount(1);
  await expect(question.locator('img')).toHaveAttribute('src', thumb ?? '');
  await expect(chips(page)).toHaveCount(0);

  // Regenerate sends the same parts again.
  server.script({ text: 'Still a gradient.' });
  await assistant(page).getByTestId('message-regenerate').click();
  await expect(assistant(page)).toContainText('Still a gradient.');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  expect(sentMessages(app, 1).at(-1)).toEqual(sentMessages(app, 0).at(-1));
});

test('a pasted image and a dropped text file attach; a drop never navigates the window', async ({
  app,
}) => {
  const { page, server } = app;
  await app.open();
  const startUrl = page.url();

  const pasted = await transferOf(page, [{ name: 'transparent.png', type: 'image/png' }]);
  await page.getByTestId('composer-input').evaluate((input, clipboardData) => {
    input.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }),
    );
  }, pasted);
  await expect(chips(page).first()).toHaveAttribute('data-status', 'ready');
  await expect(chips(page).first()).toHaveAttribute('data-kind', 'image');

  const dragged = await transferOf(page, [{ name: 'make-fixtures.ts', type: 'text/plain' }]);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: dragged });
  await expect(page.getByTestId('drop-target')).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer: dragged });
  await expect(page.getByTestId('drop-target')).toHaveCount(0);
  await expect(chips(page)).toHaveCount(2);
  await expect(chips(page).nth(1)).toHaveAttribute('data-status', 'ready');
  expect(page.url()).toBe(startUrl);

  server.script({ text: 'Read both.' });
  await send(page, 'Look');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  const [message] = sentMessages(app, 0);
  const parts = message?.content as Part[];
  // Transparency keeps PNG; the text file is inlined as a fenced block headed by its name.
  expect(parts[0]?.text).toMatch(/^Look\n\nmake-fixtures\.ts\n`{3,}typescript\n/);
  expect(parts[1]?.image_url?.url).toMatch(/^data:image\/png;base64,/);
  expect(parts).toHaveLength(2);
});

test('a PDF is sent as its text with page markers, its page count on the chip', async ({ app }) => {
  const { page, server } = app;
  await app.open();
  await pickReady(page, 'text.pdf');
  await expect(page.getByTestId('attachment-size')).toContainText('2 pages');
  server.script({ text: 'Two pages.' });
  await send(page, 'Summarise');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  expect(sentMessages(app, 0).at(-1)).toEqual({
    role: 'user',
    content:
      'Summarise\n\ntext.pdf (PDF, 2 pages)\n\n' +
      '--- Page 1 of 2 ---\n\nRunnel attachment test, page one.\nSecond line of the page.\n\n' +
      '--- Page 2 of 2 ---\n\nThe second page says hello.\nSecond line of the page.',
  });
});

test("a scanned PDF's pages go to a vision model as images, each its own image_url part", async ({
  app,
}) => {
  const { page, server } = app;
  await useModel(app, 'gpt-4o');
  await app.open();
  await pickReady(page, 'scanned.pdf');
  await expect(page.getByTestId('attachment-note')).toContainText('no text layer');
  await page.getByTestId('attachment-send-pages').click();
  await expect(chips(page)).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('attachment-size')).toContainText(
    '1 page · 9.4 KB · sent as 1 image',
  );
  server.script({ text: 'A scanned page.' });
  await send(page, 'Read the scan');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  const parts = sentMessages(app, 0).at(-1)?.content as Part[];
  expect(parts.map((part) => part.type)).toEqual(['text', 'image_url']);
  expect(parts[0]?.text).toBe('Read the scan');
  expect(parts[1]?.image_url?.url).toMatch(/^data:image\/(jpeg|png);base64,/);
});

test('a refused file is never sent silently, and sending says so until it is removed', async ({
  app,
}) => {
  const { page, server } = app;
  await app.open();
  await pick(page, 'photo.heic', 'text.pdf');
  await expect(chips(page).first()).toHaveAttribute('data-status', 'refused');
  await expect(page.getByTestId('attachment-refusal')).toContainText('HEIC');
  await expect(chips(page).nth(1)).toHaveAttribute('data-status', 'ready');
  await send(page, 'Read these');
  await expect(page.getByTestId('attachments-notice')).toHaveText(
    'photo.heic cannot be sent. Remove it to send the rest.',
  );
  expect(questionRequests(app)).toHaveLength(0);
  await page.getByRole('button', { name: 'Remove photo.heic' }).click();
  await expect(page.getByTestId('attachments-notice')).toHaveCount(0);
  server.script({ text: 'ok' });
  await page.getByTestId('send-button').click();
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  expect(sentMessages(app, 0).at(-1)?.content).toMatch(/^Read these\n\ntext\.pdf \(PDF/);
});

test('images to a text-only model ask first: Remove images sends the text alone', async ({
  app,
}) => {
  const { page, server } = app;
  await useModel(app, 'gpt-3.5-turbo');
  await app.open();
  await pickReady(page, 'opaque.png');
  await send(page, 'Describe it');
  await expect(page.getByTestId('images-ask')).toContainText('gpt-3.5-turbo may not read images.');
  expect(questionRequests(app)).toHaveLength(0);
  await page.getByTestId('images-remove').click();
  await expect(chips(page)).toHaveCount(0);
  server.script({ text: 'No image.' });
  await page.getByTestId('send-button').click();
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  expect(sentMessages(app, 0).at(-1)).toEqual({ role: 'user', content: 'Describe it' });
});

test('Send anyway, remembered, sends images to that model without asking again', async ({
  app,
}) => {
  const { page, server } = app;
  await useModel(app, 'gpt-3.5-turbo');
  await app.open();
  await pickReady(page, 'opaque.png');
  await send(page, 'Describe it');
  await page.getByLabel('gpt-3.5-turbo reads images: don’t ask again').check();
  server.script({ text: 'A gradient.' }, { text: 'Another.' });
  await page.getByTestId('images-send-anyway').click();
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  expect((sentMessages(app, 0).at(-1)?.content as Part[])[1]?.type).toBe('image_url');

  await pickReady(page, 'opaque.png');
  await send(page, 'And this one?');
  await expect(page.locator('[data-testid="message"][data-role="assistant"]')).toHaveCount(2);
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('images-ask')).toHaveCount(0);
  expect(questionRequests(app)).toHaveLength(2);
});

/**
 * OpenRouter-shaped `/models` entries (openrouter.ai/docs/models) for two models no known family
 * names: the provider's list is all that says which reads images.
 */
const listedModels = [
  {
    id: 'acme/seer-1',
    architecture: { modality: 'text+image->text', input_modalities: ['text', 'image'] },
  },
  { id: 'acme/scribe-1', architecture: { modality: 'text->text', input_modalities: ['text'] } },
];

async function chooseModel(page: Page, model: string): Promise<void> {
  await page.getByTestId('model-switcher').click();
  await page.getByTestId('model-search').fill(model);
  await expect(page.getByTestId('model-option')).toHaveCount(1);
  await page.getByTestId('model-search').press('Enter');
  await expect(page.getByTestId('model-switcher')).toContainText(`${model} · Test server`);
}

const modelsRequests = (app: AppUnderTest) =>
  app.server.requests.filter((request) => request.path.endsWith('/models'));

test("a model the provider's list says reads images gets them without asking", async ({ app }) => {
  const { page, server } = app;
  server.setModels({ models: [], modelEntries: listedModels });
  await app.open();
  // Opening the window asks no provider for its list.
  await expect(page.getByTestId('composer')).toHaveAttribute('data-vision-source', 'unknown');
  expect(modelsRequests(app)).toHaveLength(0);
  await chooseModel(page, 'acme/seer-1');
  await expect(page.getByTestId('composer')).toHaveAttribute('data-vision-source', 'provider');
  await pickReady(page, 'opaque.png');
  server.script({ text: 'A gradient.' });
  await send(page, 'Describe it');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('images-ask')).toHaveCount(0);
  const parts = sentMessages(app, 0).at(-1)?.content as Part[];
  expect(parts.map((part) => part.type)).toEqual(['text', 'image_url']);
  expect(questionRequests(app)[0]?.body?.model).toBe('acme/seer-1');
  // The one list request is the switcher's: the composer looked in main's cache.
  expect(modelsRequests(app)).toHaveLength(1);
});

test("a model the provider's list says takes text only asks first", async ({ app }) => {
  const { page, server } = app;
  server.setModels({ models: [], modelEntries: listedModels });
  await app.open();
  await chooseModel(page, 'acme/scribe-1');
  await expect(page.getByTestId('composer')).toHaveAttribute('data-vision-source', 'provider');
  await pickReady(page, 'opaque.png');
  await send(page, 'Describe it');
  await expect(page.getByTestId('images-ask')).toContainText('acme/scribe-1 may not read images.');
  expect(questionRequests(app)).toHaveLength(0);
  expect(modelsRequests(app)).toHaveLength(1);
});

test("quick ask goes by the provider's list too: a text-only model asks first", async ({ app }) => {
  const { server } = app;
  server.setModels({ models: [], modelEntries: listedModels });
  await useModel(app, 'acme/scribe-1');
  // The list as the chat window's switcher fetched it earlier; quick ask reads main's copy.
  await app.host.dispatch('runnel:models:list', {}, { windowId: 1 });
  const page = await app.open({ page: 'quick-ask.html' });
  const pasted = await transferOf(page, [{ name: 'opaque.png', type: 'image/png' }]);
  await page.getByTestId('quick-ask-input').evaluate((input, clipboardData) => {
    input.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }),
    );
  }, pasted);
  await expect(chips(page)).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('quick-ask-input').fill('What is this?');
  await page.getByTestId('quick-ask-input').press('Enter');
  await expect(page.getByTestId('images-ask')).toContainText('acme/scribe-1 may not read images.');
  expect(questionRequests(app)).toHaveLength(0);
  expect(modelsRequests(app)).toHaveLength(1);
});

test('a provider that rejects images says so, and Resend without images asks again', async ({
  app,
}) => {
  const { page, server } = app;
  await app.open();
  server.script({
    status: 400,
    body: JSON.stringify({
      error: {
        message: 'Invalid content type. image_url is only supported by certain models.',
        type: 'invalid_request_error',
        param: 'messages.[0].content.[1].type',
        code: null,
      },
    }),
  });
  await pickReady(page, 'opaque.png');
  await send(page, 'What is this?');
  const banner = assistant(page).getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-error-code', 'images-rejected');
  await expect(banner).toContainText('This model does not accept images');
  await expect(banner).toContainText('image_url is only supported by certain models');

  server.script({ text: 'Without the image, I cannot tell.' });
  await banner.getByTestId('error-resend-without-images').click();
  await expect(assistant(page)).toContainText('Without the image, I cannot tell.');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  expect(sentMessages(app, 1)).toEqual([{ role: 'user', content: 'What is this?' }]);
  // The new version of the question has no image; the old one is a page of the pager away.
  const question = page.locator('[data-testid="message"][data-role="user"]').last();
  await expect(question.getByTestId('sent-attachment')).toHaveCount(0);
});

test('quick ask takes a pasted image and sends it with the question', async ({ app }) => {
  const { server } = app;
  const page = await app.open({ page: 'quick-ask.html' });
  const pasted = await transferOf(page, [{ name: 'opaque.png', type: 'image/png' }]);
  await page.getByTestId('quick-ask-input').evaluate((input, clipboardData) => {
    input.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }),
    );
  }, pasted);
  await expect(chips(page)).toHaveAttribute('data-status', 'ready');
  const thumb = await page.getByTestId('attachment-thumb').getAttribute('src');
  server.script({ text: 'A gradient.' });
  await page.getByTestId('quick-ask-input').fill('What is this?');
  await page.getByTestId('quick-ask-input').press('Enter');
  await expect(page.getByTestId('quick-ask-answer').getByTestId('message')).toHaveAttribute(
    'data-status',
    'complete',
  );
  expect(sentMessages(app, 0).at(-1)).toEqual({
    role: 'user',
    content: [
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: thumb } },
    ],
  });
  await expect(chips(page)).toHaveCount(0);
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1280, 640]) {
    test(`chips and the drop target look right (${width}, ${colorScheme})`, async ({ app }) => {
      const { page, server } = app;
      await page.setViewportSize({ width, height: 760 });
      await app.open({ colorScheme });
      server.script({ text: 'A gradient, and a text file.' });
      await pick(page, 'opaque.png', 'text.pdf');
      await expect(chips(page).nth(1)).toHaveAttribute('data-status', 'ready');
      await expect(chips(page).first()).toHaveAttribute('data-status', 'ready');
      await send(page, 'Compare these');
      await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
      await pick(page, 'transparent.png', 'photo.heic', 'scanned.pdf');
      await expect(
        page.locator('[data-testid="attachment-chip"][data-status="processing"]'),
      ).toHaveCount(0);
      await app.screenshot(`attachments-chips-${width}-${colorScheme}`);

      const dragged = await transferOf(page, [{ name: 'opaque.png', type: 'image/png' }]);
      await page.dispatchEvent('main', 'dragenter', { dataTransfer: dragged });
      await expect(page.getByTestId('drop-target')).toBeVisible();
      await app.screenshot(`attachments-drop-target-${width}-${colorScheme}`);
    });
  }
}
