/**
 * Assistants in real Chromium over the real bridge and handler table, with the SQLite history: made
 * in Settings, a chat started with one (its opening message shown, its system prompt and parameters
 * on the wire to the fault server), deleted and brought back, imported and refused, and chosen for
 * quick ask. Screenshots at 1280 and 640 wide, light and dark.
 */
import type { Page } from '@playwright/test';
import { assistant, expect, send, test } from './fixtures';

const PIRATE_PROMPT = 'Answer like a pirate, in two sentences at most.';
const OPENING = 'Ahoy! What be yer question?';

/** The chat completions the fault server was asked for, oldest first (titles included). */
const completions = (requests: ReadonlyArray<{ path: string; body?: unknown }>) =>
  requests
    .filter((r) => r.path.endsWith('/chat/completions'))
    .map(
      (r) =>
        r.body as { messages: Array<{ role: string; content: unknown }>; temperature?: number },
    );

const openSettings = async (page: Page) => {
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('assistants-section')).toBeVisible();
};

const items = (page: Page) => page.getByTestId('assistant-item');

test('an assistant made in Settings starts a chat that asks with its system prompt', async ({
  app,
}) => {
  const { page, server } = app;
  await app.open({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 860 });
  await openSettings(page);
  // The shipped ones, in order.
  await expect(items(page)).toHaveText([
    /Translator/,
    /Code reviewer/,
    /Writing editor/,
    /Explain simply/,
  ]);

  await page.getByTestId('assistant-new').click();
  const editor = page.getByTestId('assistant-editor');
  await expect(page.getByTestId('assistant-name')).toBeFocused();
  // A name is needed, and a temperature must be one.
  await editor.getByText('Parameters', { exact: true }).click();
  await page.getByTestId('assistant-temperature').fill('9');
  await page.getByTestId('assistant-save').click();
  await expect(page.getByTestId('assistant-name-error')).toHaveText('Give the assistant a name.');
  await expect(editor).toContainText('Temperature must be a number from 0 to 2; it was 9.');

  await page.getByTestId('assistant-name').fill('Pirate');
  // Fixed fields lose their message at once; the others keep theirs until Save checks again.
  await expect(page.getByTestId('assistant-name-error')).toBeHidden();
  await expect(editor).toContainText('Temperature must be a number from 0 to 2; it was 9.');
  await page.getByTestId('assistant-emoji').fill('🏴‍☠️');
  await page.getByTestId('assistant-system-prompt').fill(PIRATE_PROMPT);
  await page.getByTestId('assistant-temperature').fill('0.5');
  await page.getByTestId('assistant-add-opening').click();
  await editor.getByLabel('Opening message 1', { exact: true }).fill(OPENING);
  await app.screenshot('assistants-new-editor');
  await page.getByTestId('assistant-save').click();
  await expect(page.getByTestId('assistants-notice')).toHaveText('Saved “Pirate”.');
  await expect(items(page).last()).toContainText('Pirate');

  // Moved up one place by its button, and kept there.
  await page.getByRole('button', { name: 'Move Pirate up' }).click();
  await expect(items(page).nth(3)).toContainText('Pirate');

  // A new chat offers it; choosing it opens on its opening message.
  await page.getByTestId('settings-close').click();
  await page.getByTestId('new-chat').click();
  await expect(page.getByTestId('assistant-picker')).toBeVisible();
  await page.getByTestId('assistant-pick').filter({ hasText: 'Pirate' }).click();
  await expect(assistant(page).getByTestId('message-content')).toHaveText(OPENING);
  await expect(page.locator('.conversation-title')).toHaveText('Pirate');

  server.script({ text: 'Arr, the treasure be buried on Skull Island.' });
  await send(page, 'Where is the treasure?');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page).getByTestId('message-content')).toHaveText(
    'Arr, the treasure be buried on Skull Island.',
  );
  const [asked] = completions(server.requests);
  expect(asked?.messages).toEqual([
    { role: 'system', content: PIRATE_PROMPT },
    { role: 'assistant', content: OPENING },
    { role: 'user', content: 'Where is the treasure?' },
  ]);
  expect(asked?.temperature).toBe(0.5);
  await app.screenshot('assistants-chat');

  // After a reload (a new start of the app), the assistant is still there, in its place.
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await openSettings(page);
  await expect(items(page).nth(3)).toContainText('Pirate');
});

test('a built-in deleted with Undo comes back in its place; a bad file is refused in words', async ({
  app,
}) => {
  const { page } = app;
  await app.open();
  await openSettings(page);
  await expect(items(page)).toHaveCount(4);
  await page.getByRole('button', { name: 'Delete Code reviewer' }).click();
  await expect(page.getByTestId('assistant-deleted')).toContainText('Deleted “Code reviewer”.');
  await expect(items(page)).toHaveCount(3);
  await page.getByTestId('assistant-deleted').getByRole('button', { name: 'Undo' }).click();
  await expect(items(page)).toHaveText([
    /Translator/,
    /Code reviewer/,
    /Writing editor/,
    /Explain simply/,
  ]);

  const file = (body: unknown) => ({
    name: 'assistants.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(body)),
  });
  await page
    .getByTestId('assistants-import-file')
    .setInputFiles(file({ format: 'runnel-assistants', version: 2, assistants: [] }));
  await expect(page.getByTestId('assistants-notice-error')).toHaveText(
    'This file was made by a newer version of Runnel (assistants file version 2; this version reads version 1). Update Runnel, then import it. No assistant was imported.',
  );
  await page.getByTestId('assistants-import-file').setInputFiles(
    file({
      format: 'runnel-assistants',
      version: 1,
      assistants: [
        { name: 'Haiku poet', emoji: '🌸', systemPrompt: 'Answer in a haiku.' },
        { name: 'Terse', systemPrompt: 'One line answers.', parameters: { topP: 0.5 } },
      ],
    }),
  );
  await expect(page.getByTestId('assistants-notice')).toHaveText(
    'Imported 2 assistants: “Haiku poet”, “Terse”.',
  );
  await expect(items(page)).toHaveCount(6);
  await expect(items(page).nth(4)).toContainText('Haiku poet');

  // Export all writes the same format, which imports again.
  const download = page.waitForEvent('download');
  await page.getByTestId('assistants-export').click();
  const saved = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of saved) chunks.push(chunk as Buffer);
  const exported = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
    format: string;
    version: number;
    assistants: Array<{ name: string }>;
  };
  expect(exported.format).toBe('runnel-assistants');
  expect(exported.assistants.map((a) => a.name)).toEqual([
    'Translator',
    'Code reviewer',
    'Writing editor',
    'Explain simply',
    'Haiku poet',
    'Terse',
  ]);
});

test('quick ask answers as the assistant chosen for it in Settings', async ({ app }) => {
  const { page, server } = app;
  await app.open();
  await openSettings(page);
  await page.getByTestId('quick-ask-assistant').selectOption({ label: '🌐 Translator' });
  await expect(items(page).first()).toContainText('Quick ask');

  const quick = await app.openWindow('quick-ask.html', 2);
  server.script({ text: 'Good morning' });
  await quick.getByTestId('quick-ask-input').fill('Bonjour');
  await quick.getByTestId('quick-ask-input').press('Enter');
  await expect(quick.getByTestId('quick-ask-answer').getByTestId('message')).toHaveAttribute(
    'data-status',
    'complete',
  );
  const [asked] = completions(server.requests);
  expect(asked?.messages[0]?.role).toBe('system');
  expect(String(asked?.messages[0]?.content)).toMatch(/^You are a translator\./);
  expect(asked?.temperature).toBe(0.3);
  expect(asked?.messages.at(-1)).toEqual({ role: 'user', content: 'Bonjour' });
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1280, 640]) {
    test(`the assistants section and picker at ${width} px (${colorScheme})`, async ({ app }) => {
      const { page } = app;
      await app.open({ colorScheme });
      await page.setViewportSize({ width, height: 860 });
      if (width === 640) {
        await page.getByTestId('drawer-toggle').click();
      }
      await page.getByTestId('open-settings').click();
      await expect(page.getByTestId('assistants-section')).toBeVisible();
      await page.getByRole('button', { name: 'Edit Translator' }).click();
      await expect(page.getByTestId('assistant-editor')).toBeVisible();
      await page.getByTestId('assistant-list').scrollIntoViewIfNeeded();
      await app.screenshot(`assistants-settings-${width}-${colorScheme}`);
      await page.getByTestId('assistant-editor').scrollIntoViewIfNeeded();
      await app.screenshot(`assistants-editor-${width}-${colorScheme}`);
      await page.getByTestId('settings-close').click();
      await expect(page.getByTestId('assistant-picker')).toBeVisible();
      await app.screenshot(`assistants-picker-${width}-${colorScheme}`);
    });
  }
}
