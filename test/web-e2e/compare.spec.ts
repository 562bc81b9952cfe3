/**
 * Several models answering one question, in real Chromium against two fault servers on loopback (two
 * providers on two ports): chosen in the model switcher, shown as chips above the composer, streamed
 * side by side (columns, or tabs in a narrow window), each with its own Stop, Retry and usage; one
 * failing (500) or dropping and resuming while the others finish; "Continue with this one", and the
 * chosen branch with its pager after a reload. Screenshots: docs/compare.png (two models, 1280 px,
 * light) and, to look at, the same at 640 px light and dark.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startFaultServer, words, type FaultServer } from '../fault-server/fault-server';
import { assistant, expect, send, test, TEST_API_KEY, type AppUnderTest } from './fixtures';

const ALPHA_TEXT = 'Alpha says: the Nile is the longest river, at about 6,650 km.';
const BETA_TEXT = 'Beta says: the Amazon may be longer, depending on where its source is put.';
const docsDir = path.resolve(import.meta.dirname, '../../docs');

/** A second provider on its own port, with its own models. */
async function secondProvider(app: AppUnderTest, models: string[]): Promise<FaultServer> {
  const second = await startFaultServer({ defaultScenario: { text: BETA_TEXT } });
  second.setModels({ models });
  app.host.settings.saveProvider({
    name: 'Second server',
    baseURL: second.baseURL,
    defaultModel: models[0] ?? 'beta',
    headers: {},
    apiKey: TEST_API_KEY,
  });
  return second;
}

const chatRequests = (server: FaultServer, question: string) =>
  server.requests.filter(
    (request) =>
      request.path.endsWith('/chat/completions') &&
      request.body?.messages?.at(-1)?.content === question,
  );

/** Opens the switcher, turns Compare on, and toggles each model (found by its name) in turn. */
async function compare(page: Page, toggles: string[]): Promise<void> {
  await page.getByTestId('model-switcher').click();
  const search = page.getByTestId('model-search');
  await expect(search).toBeFocused();
  const toggle = page.getByTestId('compare-toggle');
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(page.getByRole('listbox', { name: 'Models' })).toHaveAttribute(
    'aria-multiselectable',
    'true',
  );
  for (const name of toggles) {
    await search.fill(name);
    await expect(page.getByTestId('model-option').first()).toHaveAttribute('data-model', name);
    await search.press('Enter');
  }
  await search.press('Escape');
  await expect(page.getByTestId('model-switcher-popover')).toBeHidden();
}

const columns = (page: Page) => page.getByTestId('compare-answer');

test('two models of two providers answer side by side; Continue with this one keeps the other as a version', async ({
  app,
}) => {
  const { page, server } = app;
  server.setDefault({ text: ALPHA_TEXT });
  server.setModels({ models: ['alpha'] });
  const second = await secondProvider(app, ['beta']);
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await app.open({ colorScheme: 'light' });
    // Settings' default (the first provider's `scripted`) is picked when Compare turns on; take it
    // out and ask alpha and beta.
    await compare(page, ['scripted', 'alpha', 'beta']);
    await expect(page.getByTestId('compare-chip')).toHaveText([
      /alpha · Test server/,
      /beta · Second server/,
    ]);
    await expect(page.getByTestId('model-switcher')).toContainText('2 models');

    await send(page, 'Which river is longest?');
    const comparison = page.getByTestId('comparison');
    await expect(comparison).toHaveAttribute('data-layout', 'columns');
    await expect(columns(page)).toHaveCount(2);
    await expect(columns(page).nth(0)).toHaveAttribute('data-status', 'complete');
    await expect(columns(page).nth(1)).toHaveAttribute('data-status', 'complete');
    await expect(page.getByTestId('compare-heading')).toHaveText([
      'alpha · Test server',
      'beta · Second server',
    ]);
    await expect(columns(page).nth(0)).toContainText(ALPHA_TEXT);
    await expect(columns(page).nth(1)).toContainText(BETA_TEXT);
    // Each provider was asked once, by its own model, the question alone.
    expect(chatRequests(server, 'Which river is longest?').map((r) => r.body?.model)).toEqual([
      'alpha',
    ]);
    expect(chatRequests(second, 'Which river is longest?').map((r) => r.body?.model)).toEqual([
      'beta',
    ]);
    await expect(columns(page).getByTestId('message-usage')).toHaveCount(2);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(docsDir, 'compare.png') });

    // Continue with beta's: it is the branch shown, alpha's a version one page away.
    await columns(page).nth(1).getByTestId('compare-keep').click();
    await expect(comparison).toBeHidden();
    await expect(assistant(page).getByTestId('message-content')).toHaveText(BETA_TEXT);
    await expect(assistant(page).getByTestId('answer-model')).toHaveText('beta · Second server');
    await expect(assistant(page).getByTestId('version-pager')).toContainText('2 / 2');

    // Reopened later: the chosen branch, with the pager to the other.
    await page.reload();
    await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
    await page.getByTestId('conversation-item').first().click();
    await expect(assistant(page).getByTestId('message-content')).toHaveText(BETA_TEXT);
    await expect(assistant(page).getByTestId('version-pager')).toContainText('2 / 2');
    await assistant(page).getByTestId('version-previous').click();
    await expect(assistant(page).getByTestId('message-content')).toHaveText(ALPHA_TEXT);
    await expect(assistant(page).getByTestId('answer-model')).toHaveText('alpha · Test server');
  } finally {
    await second.close();
  }
});

test('four models: one fails with a 500 and one drops and resumes while the others finish; Stop one, Retry one', async ({
  app,
}) => {
  const { page, server } = app;
  // One attempt: the 500 is final at once, rather than after the backoff.
  app.host.settings.updatePreferences({ maxAttempts: 1 });
  const FAILING = 'fault:status=500,times=all';
  const SLOW = 'fault:words=600,delay=25';
  // Long enough that the connection drops after some of the text, so the engine resumes from it.
  const DROPPING = 'fault:drop-after=1200';
  const LONG_BETA = `${BETA_TEXT} ${words(150)}`;
  server.setModels({ models: [FAILING, SLOW] });
  const second = await secondProvider(app, ['beta', DROPPING]);
  second.setDefault({ text: LONG_BETA });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await app.open();
    await compare(page, ['scripted', FAILING, SLOW, DROPPING, 'beta']);
    await expect(page.getByTestId('compare-chip')).toHaveCount(4);
    // A fifth is refused, in words.
    await page.getByTestId('model-switcher').click();
    await page.getByTestId('model-search').fill('scripted');
    await page.getByTestId('model-search').press('Enter');
    await expect(page.getByTestId('compare-notice')).toHaveText(
      'Up to 4 models answer at once: take one out to add scripted.',
    );
    await page.getByTestId('model-search').fill('');
    await app.screenshot('compare-switcher-1280-light');
    await page.getByTestId('model-search').press('Escape');
    await expect(page.getByTestId('compare-chip')).toHaveCount(4);

    await send(page, 'Tell me about deltas.');
    await expect(page.getByTestId('comparison')).toHaveAttribute('data-layout', 'columns');
    const failing = columns(page).nth(0);
    const slow = columns(page).nth(1);
    const dropping = columns(page).nth(2);
    const beta = columns(page).nth(3);
    await expect(failing).toHaveAttribute('data-status', 'error');
    await expect(failing.getByTestId('error-banner')).toContainText('500');
    await expect(beta).toHaveAttribute('data-status', 'complete');
    await expect(beta.getByTestId('message-content')).toHaveText(LONG_BETA);
    // The dropped stream resumed from its partial text, on its own provider, and finished whole.
    await expect(dropping).toHaveAttribute('data-status', 'complete');
    await expect(dropping.getByTestId('message-content')).toHaveText(LONG_BETA);
    await expect(dropping.getByTestId('stream-status')).toHaveText(
      'Resumed after a dropped connection',
    );
    expect(
      second.requests.filter((r) => r.body?.model === DROPPING).map((r) => r.continuation !== null),
    ).toEqual([false, true]);
    await expect(page.getByTestId('compare-tab')).toHaveCount(0);

    // Stop the slow one alone: the others had ended, so the composer can send again.
    await expect(slow).toHaveAttribute('data-status', 'streaming');
    await slow.getByTestId('compare-stop').click();
    await expect(slow).toHaveAttribute('data-status', 'cancelled');
    await expect(page.getByTestId('send-button')).toBeVisible();
    await expect(beta).toHaveAttribute('data-status', 'complete');

    // Retry the stopped one: the same model again, in the same column, the others untouched.
    const stoppedId = await slow.getAttribute('data-message-id');
    await slow.getByTestId('compare-retry').click();
    await expect(slow).not.toHaveAttribute('data-message-id', stoppedId ?? '');
    await expect(slow).toHaveAttribute('data-model', SLOW);
    await expect(slow).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
    await expect(failing).toHaveAttribute('data-status', 'error');
    await expect(beta.getByTestId('message-content')).toHaveText(LONG_BETA);
    expect(
      chatRequests(server, 'Tell me about deltas.').filter((r) => r.body?.model === SLOW),
    ).toHaveLength(2);

    // The failed one's Retry asks its model again (it fails again: 500 every time).
    await failing.getByTestId('error-retry').click();
    await expect(failing).toHaveAttribute('data-status', 'error');
    await expect
      .poll(
        () =>
          chatRequests(server, 'Tell me about deltas.').filter((r) => r.body?.model === FAILING)
            .length,
      )
      .toBe(2);
  } finally {
    await second.close();
  }
});

test('a narrow window shows the answers as tabs that keyboards use, each marked while written or failed', async ({
  app,
}) => {
  const { page, server } = app;
  app.host.settings.updatePreferences({ maxAttempts: 1 });
  const SLOW = 'fault:words=600,delay=40';
  const FAILING = 'fault:status=500,times=all';
  server.setModels({ models: ['alpha', SLOW, FAILING] });
  server.setDefault({ text: ALPHA_TEXT });
  await page.setViewportSize({ width: 640, height: 800 });
  await app.open({ colorScheme: 'light' });
  await compare(page, ['scripted', 'alpha', SLOW, FAILING]);
  await send(page, 'Compare these.');
  const comparison = page.getByTestId('comparison');
  await expect(comparison).toHaveAttribute('data-layout', 'tabs');
  const tabs = page.getByTestId('compare-tab');
  await expect(tabs).toHaveCount(3);
  await expect(tabs.nth(1).getByTestId('compare-mark')).toHaveAttribute('data-state', 'live');
  await expect(tabs.nth(2).getByTestId('compare-mark')).toHaveAttribute('data-state', 'failed');
  await expect(tabs.nth(2)).toHaveAccessibleName(/failed/);
  await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('compare-panel')).toContainText(ALPHA_TEXT);

  // Keyboard: arrows move between tabs and show each answer.
  await tabs.nth(0).focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.nth(1)).toBeFocused();
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('compare-panel').getByTestId('compare-stop')).toBeVisible();
  await page.keyboard.press('End');
  await expect(tabs.nth(2)).toBeFocused();
  await expect(page.getByTestId('compare-panel').getByTestId('error-banner')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.nth(0)).toBeFocused();
  await app.screenshot('compare-640-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('compare-640-dark');

  // Tab into the panel and stop the slow one from there.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('compare-panel').getByTestId('compare-stop')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tabs.nth(1).getByTestId('compare-mark')).toHaveAttribute('data-state', 'stopped');

  // Clearing the chips: the next question goes to the conversation's one model, as before.
  await page.getByTestId('compare-clear').click();
  await expect(page.getByTestId('compare-targets')).toBeHidden();
  await send(page, 'Just one now.');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('comparison')).toBeHidden();
});
