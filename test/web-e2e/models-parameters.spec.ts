/**
 * The conversation's model switcher and parameters panel in real Chromium, against the fault server's
 * scripted `/models`: what the request to the provider carries (the exact `model` and parameters), the
 * label on each answer, a parameter the provider refuses, a list that could not be fetched again, and
 * screenshots of the switcher and the panel at a wide and a narrow width, light and dark.
 */
import type { Page } from '@playwright/test';
import type { FaultServer } from '../fault-server/fault-server';
import { assistant, expect, send, test } from './fixtures';

/** The chat requests that asked `question` (not the ones that name the conversation after it). */
const askedWith = (server: FaultServer, question: string) =>
  server.requests.flatMap((request) =>
    request.path.endsWith('/chat/completions') &&
    request.body?.messages?.at(-1)?.content === question
      ? [request.body]
      : [],
  );

const openSwitcher = async (page: Page) => {
  await page.getByTestId('model-switcher').click();
  const search = page.getByTestId('model-search');
  await expect(search).toBeFocused();
  return search;
};

const options = (page: Page) => page.getByTestId('model-option');

test('the switcher lists every model, filters as one types, and the next answer uses the choice', async ({
  app,
}) => {
  const { page, server } = app;
  server.setModels({ models: ['river-large', 'river-small', 'delta-mini'] });
  await app.open();
  await expect(page.getByTestId('model-switcher')).toContainText('scripted · Test server');

  const search = await openSwitcher(page);
  await expect(search).toHaveAttribute('role', 'combobox');
  await expect(page.getByRole('listbox', { name: 'Models' })).toBeVisible();
  // Settings' default first, then the provider's models by id.
  await expect(options(page)).toHaveText([
    /Settings default.*scripted · Test server/,
    /delta-mini.*Test server/,
    /river-large.*Test server/,
    /river-small.*Test server/,
    // Settings' default model is listed even where `/models` leaves it out.
    /scripted.*Test server/,
  ]);
  await expect(options(page).first()).toHaveAttribute('aria-selected', 'true');

  await search.fill('RIVER sm');
  await expect(options(page)).toHaveCount(1);
  await search.fill('river');
  await expect(options(page)).toHaveCount(2);
  await search.press('ArrowDown');
  await expect(search).toHaveAttribute(
    'aria-activedescendant',
    (await options(page).nth(1).getAttribute('id')) ?? '',
  );
  await search.press('Enter');
  await expect(page.getByTestId('model-switcher-popover')).toBeHidden();
  await expect(page.getByTestId('model-switcher')).toBeFocused();
  await expect(page.getByTestId('model-switcher')).toContainText('river-small · Test server');

  await send(page, 'Hello');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  expect(askedWith(server, 'Hello').map((body) => body.model)).toEqual(['river-small']);
  await expect(assistant(page).getByTestId('answer-model')).toHaveText('river-small · Test server');

  // Switching applies to the next answer; the first keeps the name of the model that wrote it.
  const again = await openSwitcher(page);
  await again.fill('delta');
  await again.press('Enter');
  await send(page, 'And you?');
  await expect(page.locator('[data-role="assistant"][data-status="complete"]')).toHaveCount(2);
  expect(askedWith(server, 'And you?').map((body) => body.model)).toEqual(['delta-mini']);
  await expect(page.getByTestId('answer-model')).toHaveText([
    'river-small · Test server',
    'delta-mini · Test server',
  ]);

  // The choice and the labels are stored: a reload shows both.
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await page.getByTestId('conversation-item').first().click();
  await expect(page.getByTestId('answer-model')).toHaveText([
    'river-small · Test server',
    'delta-mini · Test server',
  ]);
  await expect(page.getByTestId('model-switcher')).toContainText('delta-mini · Test server');
});

test('a star puts a model first, Esc closes without choosing, and a failed refresh says so', async ({
  app,
}) => {
  const { page, server } = app;
  server.setModels({ models: ['alpha', 'beta', 'gamma'] });
  await app.open();
  const search = await openSwitcher(page);
  await search.fill('gamma');
  await search.press('Control+d');
  await expect(options(page).first()).toContainText('favourite');
  await search.fill('');
  await expect(options(page).nth(1)).toHaveAttribute('data-model', 'gamma');
  await search.press('Escape');
  await expect(page.getByTestId('model-switcher-popover')).toBeHidden();
  await expect(page.getByTestId('model-switcher')).toContainText('scripted · Test server');

  // Main kept the star: after a reload, the list asked for again still has it first.
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await openSwitcher(page);
  await expect(options(page).nth(1)).toHaveAttribute('data-model', 'gamma');
  // The provider stops answering: the cached list stays, and says how old it is and why.
  server.setModels({ status: 503 });
  await page.getByTestId('model-refresh').click();
  await expect(page.getByTestId('model-notice')).toContainText(
    'Test server: showing the list saved 1 minute ago, because it could not be fetched now.',
  );
  await expect(page.getByTestId('model-notice')).toContainText('503');
  await expect(options(page)).toHaveCount(5);
});

test('the parameters panel checks each value, and the answer is asked with them', async ({
  app,
}) => {
  const { page, server } = app;
  await app.open();
  await page.getByTestId('parameters-button').click();
  const panel = page.getByTestId('parameters-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByLabel('System prompt', { exact: true })).toBeFocused();

  const temperature = panel.getByLabel('Temperature', { exact: true });
  await temperature.fill('3');
  await expect(panel.getByTestId('parameter-temperature-problem')).toHaveText(
    'Temperature must be a number from 0 to 2; it was 3.',
  );
  await expect(temperature).toHaveAttribute('aria-invalid', 'true');
  await panel.getByTestId('parameters-save').click();
  await expect(panel).toBeVisible();
  await temperature.fill('0.4');
  await expect(panel.getByTestId('parameter-temperature-problem')).toBeHidden();

  await panel.getByLabel('System prompt', { exact: true }).fill('Answer like a pirate.');
  await panel.getByLabel('Max output tokens', { exact: true }).fill('256');
  await panel.getByLabel('Seed', { exact: true }).fill('42');
  await panel.getByLabel('Reasoning effort', { exact: true }).selectOption('low');
  const stop = panel.getByTestId('stop-input');
  for (const sequence of ['END', '###']) {
    await stop.fill(sequence);
    await stop.press('Enter');
  }
  await stop.fill('END');
  await stop.press('Enter');
  await expect(panel.getByTestId('stop-problem')).toHaveText('"END" is already a stop sequence.');
  await expect(panel.getByTestId('stop-chip')).toHaveText(['END✕', '###✕']);
  await panel.getByRole('button', { name: 'Remove stop sequence ###' }).click();
  await expect(panel.getByTestId('stop-chip')).toHaveText(['END✕']);
  // top_p is reset to the default after a change: it is not sent.
  await panel.getByLabel('top_p', { exact: true }).fill('0.5');
  await panel.getByTestId('parameter-topP-reset').click();
  await expect(panel.getByLabel('top_p', { exact: true })).toHaveValue('');
  await panel.getByTestId('parameters-save').click();
  await expect(panel).toBeHidden();
  await expect(page.getByTestId('parameters-button')).toHaveText('Parameters · 6');

  await send(page, 'Ahoy?');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  const [body] = askedWith(server, 'Ahoy?');
  expect(body).toMatchObject({
    temperature: 0.4,
    max_tokens: 256,
    seed: 42,
    reasoning_effort: 'low',
    stop: ['END'],
  });
  expect(body).not.toHaveProperty('top_p');
  expect(body?.messages?.[0]).toEqual({ role: 'system', content: 'Answer like a pirate.' });

  // Stored with the conversation: the panel opens on them after a reload.
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await page.getByTestId('conversation-item').first().click();
  await expect(page.getByTestId('parameters-button')).toHaveText('Parameters · 6');
  await page.getByTestId('parameters-button').click();
  await expect(panel.getByLabel('Temperature', { exact: true })).toHaveValue('0.4');
  await expect(panel.getByTestId('stop-chip')).toHaveText(['END✕']);
  await panel.getByTestId('parameters-reset-all').click();
  await panel.getByTestId('parameters-save').click();
  await expect(page.getByTestId('parameters-button')).toHaveText('Parameters');
});

test('a parameter the provider refuses is dropped, and the answer says so, after a reload too', async ({
  app,
}) => {
  const { page, server } = app;
  server.setRefuseFields([
    {
      field: 'temperature',
      body: JSON.stringify({
        error: {
          message: "Unsupported parameter: 'temperature' is not supported with this model.",
          type: 'invalid_request_error',
          param: 'temperature',
          code: 'unsupported_parameter',
        },
      }),
    },
  ]);
  await app.open();
  await page.getByTestId('parameters-button').click();
  await page.getByTestId('parameters-panel').getByLabel('Temperature', { exact: true }).fill('0.2');
  await page.getByTestId('parameters-save').click();
  await send(page, 'Hello');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  const bodies = askedWith(server, 'Hello');
  expect(bodies.map((body) => body.temperature)).toEqual([0.2, undefined]);
  await expect(assistant(page).getByTestId('dropped-note')).toHaveText(
    'Temperature was not sent: this model refused it.',
  );
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await page.getByTestId('conversation-item').first().click();
  await expect(assistant(page).getByTestId('dropped-note')).toHaveText(
    'Temperature was not sent: this model refused it.',
  );
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1280, 640]) {
    test(`the switcher and the panel look right at ${width} px (${colorScheme})`, async ({
      app,
    }) => {
      const { page, server } = app;
      server.setModels({
        models: ['gpt-4o-mini', 'gpt-4o', 'o3-mini', 'llama3.2:3b-instruct-q4_K_M', 'qwen2.5:7b'],
      });
      await page.setViewportSize({ width, height: 760 });
      await app.open({ colorScheme });
      await send(page, 'Hello');
      await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
      const search = await openSwitcher(page);
      // Star gpt-4o and o3-mini: they move up under Settings' default.
      await search.press('ArrowDown');
      await search.press('Control+d');
      for (let step = 0; step < 3; step++) await search.press('ArrowDown');
      await search.press('Control+d');
      await expect(options(page).nth(2)).toHaveAttribute('data-model', 'o3-mini');
      await expect(options(page)).toHaveCount(7);
      await app.screenshot(`model-switcher-${width}-${colorScheme}`);
      await search.fill('4o');
      await expect(options(page)).toHaveCount(2);
      await app.screenshot(`model-switcher-filtered-${width}-${colorScheme}`);
      await search.press('Escape');

      await page.getByTestId('parameters-button').click();
      const panel = page.getByTestId('parameters-panel');
      await panel.getByLabel('Temperature', { exact: true }).fill('2.5');
      await panel.getByLabel('Seed', { exact: true }).fill('7');
      await panel.getByLabel('Reasoning effort', { exact: true }).selectOption('medium');
      await panel.getByTestId('stop-input').fill('END');
      await panel.getByTestId('stop-input').press('Enter');
      await expect(panel.getByTestId('parameter-temperature-problem')).toBeVisible();
      await app.screenshot(`parameters-panel-${width}-${colorScheme}`);
    });
  }
}

test('a conversation too long for the model says so, and goes on in a new chat from the question', async ({
  app,
}) => {
  const { page, server } = app;
  await app.open();
  await send(page, 'First question');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  // Every request is now refused as OpenAI refuses one past the model's context.
  server.setRefuseFields([
    {
      field: 'messages',
      body: JSON.stringify({
        error: {
          message:
            "This model's maximum context length is 8192 tokens. However, your messages resulted in 9120 tokens. Please reduce the length of the messages.",
          type: 'invalid_request_error',
          param: 'messages',
          code: 'context_length_exceeded',
        },
      }),
    },
  ]);
  await send(page, 'One question too many');
  const banner = assistant(page).getByTestId('error-banner');
  await expect(banner).toContainText('The conversation is too long for this model');
  await expect(banner).toContainText("This model's maximum context length is 8192 tokens.");
  await expect(banner.getByTestId('error-retry')).toHaveCount(0);
  await app.screenshot('context-too-long');

  server.setRefuseFields([]);
  await banner.getByTestId('error-new-chat').click();
  // The new chat's title: the empty state's own heading may show for a moment before its messages.
  await expect(page.locator('h1.conversation-title')).toHaveText('One question too many');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('message')).toHaveCount(2);
  const asked = askedWith(server, 'One question too many');
  expect(asked.at(-1)?.messages?.filter((m) => m.role === 'user')).toEqual([
    { role: 'user', content: 'One question too many' },
  ]);
  await expect(page.getByTestId('conversation-item')).toHaveCount(2);
});
