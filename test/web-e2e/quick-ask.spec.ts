/**
 * The quick-ask window in real Chromium over the real bridge and handler table, against the fault
 * server: an answer streams in and stops, copies, hands its conversation to the chat window (a
 * second page of the same origin, sharing the SQLite history), starts with the context main sends,
 * and hides on Esc while its answer goes on.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { QUICK_ASK_SIZE } from '../../main/windows/window-placement';
import { words } from '../fault-server/fault-server';
import { expect, screenshotDir, test } from './fixtures';

const answer = (page: Page) => page.getByTestId('quick-ask-answer').getByTestId('message');

const ask = async (page: Page, text: string): Promise<void> => {
  await page.getByTestId('quick-ask-input').fill(text);
  await page.getByTestId('quick-ask-input').press('Enter');
};

/** What main does when the hotkey shows the window: push `runnel:quickAsk:shown`. */
const showWindow = (
  page: Page,
  context: { text: string; source: 'clipboard' | 'selection' } | null,
) =>
  page.evaluate(
    (payload) =>
      (window as unknown as { __runnelDeliver: (c: string, p: unknown) => void }).__runnelDeliver(
        'runnel:quickAsk:shown',
        payload,
      ),
    { context },
  );

const ANSWER = 'Rivers **rise** in mountains.\n\n```sh\necho "and reach the sea"\n```';

test('streams an answer, stops it, copies the next, and hands it to the chat window', async ({
  app,
}) => {
  const { server, host } = app;
  // The chat window is window 2, opened later: the hand-over has to wait for it.
  host.windows.chatWindowId = 2;
  await app.page.setViewportSize(QUICK_ASK_SIZE);
  const page = await app.open({ page: 'quick-ask.html' });
  await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: app.origin,
  });
  await expect(page.getByTestId('quick-ask-input')).toBeFocused();
  await app.screenshot('quick-ask-empty');

  // Streams, progressively; Stop keeps what came.
  server.script({ text: words(400), chunkChars: 6, delayMs: 15 });
  await ask(page, 'Tell me a long story');
  await expect(answer(page)).toHaveAttribute('data-status', 'streaming');
  const content = answer(page).getByTestId('message-content');
  await expect.poll(async () => (await content.textContent())?.length ?? 0).toBeGreaterThan(40);
  const before = (await content.textContent())?.length ?? 0;
  await expect.poll(async () => (await content.textContent())?.length ?? 0).toBeGreaterThan(before);
  await expect(page.getByTestId('quick-ask-open-in-main')).toBeDisabled();
  await app.screenshot('quick-ask-streaming');
  await page.getByTestId('quick-ask-stop').click();
  await expect(answer(page)).toHaveAttribute('data-status', 'cancelled');
  expect(host.streams.size).toBe(0);

  // A new question is a new conversation; Copy answer copies its Markdown source.
  server.script({ text: ANSWER, chunkChars: 8 });
  await ask(page, 'Where do rivers start?');
  await expect(answer(page)).toHaveAttribute('data-status', 'complete');
  await expect(answer(page).locator('strong')).toHaveText('rise');
  await expect(answer(page).locator('pre code')).toContainText('reach the sea');
  await expect(page.getByTestId('quick-ask-question')).toHaveText('Where do rivers start?');
  await page.getByTestId('quick-ask-copy').click();
  await expect(page.getByTestId('quick-ask-copy')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ANSWER);
  await app.screenshot('quick-ask-finished');

  // Open in Runnel: main is asked to open it in the chat window...
  await page.getByTestId('quick-ask-open-in-main').click();
  await expect.poll(() => host.windows.openedInChatWindow.length).toBe(1);
  const handedOver = host.windows.openedInChatWindow[0]!;
  // ...and the quick-ask window starts afresh for its next show.
  await expect(page.getByTestId('quick-ask-answer').getByTestId('message')).toHaveCount(0);

  // The chat window, opened now, takes the waiting request and shows it from the shared history.
  const chat = await app.openWindow('index.html', 2);
  const opened = chat.locator('[data-testid="message"][data-role="assistant"]').last();
  await expect(opened).toHaveAttribute('data-status', 'complete');
  await expect(opened.locator('pre code')).toContainText('reach the sea');
  const item = chat.locator(
    `[data-testid="conversation-item"][data-conversation-id="${handedOver}"]`,
  );
  await expect(item.getByTestId('conversation-title')).toHaveText('Where do rivers start?');
  await expect(item.getByTestId('quick-ask-badge')).toBeVisible();
  // The stopped one is in history too, tagged as well.
  await expect(chat.getByTestId('quick-ask-badge')).toHaveCount(2);
  await chat.screenshot({ path: path.join(screenshotDir, 'quick-ask-handed-over.png') });

  // With the chat window listening, a later hand-over is pushed to it at once.
  server.script({ text: 'Deltas, mostly.', chunkChars: 4 });
  await ask(page, 'And where do they end?');
  await expect(answer(page)).toHaveAttribute('data-status', 'complete');
  await page.getByTestId('quick-ask-open-in-main').click();
  await expect(chat.getByRole('heading', { name: 'And where do they end?' })).toBeVisible();
  await expect(chat.locator('[data-testid="message"][data-role="assistant"]').last()).toContainText(
    'Deltas, mostly.',
  );
  expect(host.windows.openedInChatWindow).toHaveLength(2);
});

test('starts with the context main read, and Esc hides while the answer goes on', async ({
  app,
}) => {
  const { server, host } = app;
  await app.page.setViewportSize(QUICK_ASK_SIZE);
  const page = await app.open({ page: 'quick-ask.html', colorScheme: 'dark' });
  await showWindow(page, { text: 'const x = 1 +\n', source: 'selection' });
  await expect(page.getByTestId('quick-ask-context')).toContainText(
    'Selected text · 14 characters',
  );
  // The chip shows the text itself, and all of it on request.
  await expect(page.getByTestId('quick-ask-context-summary')).toContainText('const x = 1 +');
  await expect(page.getByTestId('quick-ask-context-text')).toBeHidden();
  await page.getByTestId('quick-ask-context-summary').click();
  await expect(page.getByTestId('quick-ask-context-text')).toHaveText('const x = 1 +\n');
  await app.screenshot('quick-ask-context-dark');
  await page.getByTestId('quick-ask-input').focus();
  await expect(page.getByTestId('quick-ask-input')).toBeFocused();

  server.script({ text: words(120), chunkChars: 5, delayMs: 20 });
  await ask(page, 'What is wrong here?');
  await expect(page.getByTestId('quick-ask-context')).toHaveCount(0);
  await expect(answer(page)).toHaveAttribute('data-status', /waiting|streaming/);
  await expect
    .poll(() => server.requests.at(-1)?.body?.messages?.at(-1)?.content)
    .toBe('What is wrong here?\n\nContext (selected text):\n```\nconst x = 1 +\n\n```');
  await expect(page.getByTestId('quick-ask-question')).toContainText('What is wrong here?');

  // Esc asks main to hide the window; the stream is not cancelled and finishes.
  await page.keyboard.press('Escape');
  await expect.poll(() => host.windows.hidden).toEqual([1]);
  await expect(answer(page)).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });

  // Shown again without context: the input is focused and the finished answer is still there.
  await page.getByTestId('quick-ask-input').blur();
  await showWindow(page, null);
  await expect(page.getByTestId('quick-ask-input')).toBeFocused();
  await expect(page.getByTestId('quick-ask-context')).toHaveCount(0);
  await expect(answer(page)).toHaveAttribute('data-status', 'complete');
});

test('a question without a provider says so, and Open settings hands it to the chat window', async ({
  app,
}) => {
  const { host } = app;
  host.settings.deleteProvider(app.providerId);
  const page = await app.open({ page: 'quick-ask.html' });
  await ask(page, 'Hello?');
  await expect(answer(page)).toHaveAttribute('data-status', 'error');
  await expect(answer(page).getByTestId('error-banner')).toContainText('No provider');
  await page.getByTestId('error-open-settings').click();
  await expect.poll(() => host.windows.openedInChatWindow.length).toBe(1);
});

test('the hotkey recorder shows keys as pressed, reports a taken combination and keeps the old one', async ({
  app,
}) => {
  const { page, host } = app;
  host.shortcuts.taken.add('CommandOrControl+Alt+T');
  await app.open();
  await page.getByTestId('open-settings').click();
  const recorder = page.getByTestId('hotkey-recorder');
  const value = page.getByTestId('hotkey-value');
  await expect(value).toHaveText('Ctrl+Shift+Space');

  expect(host.shortcuts.isSuspended()).toBe(false);
  await recorder.click();
  await expect(value).toHaveText('Press the keys…');
  // While it listens, the global hotkey is suspended: pressing it records it instead of opening quick ask.
  await expect.poll(() => host.shortcuts.isSuspended()).toBe(true);
  await page.keyboard.down('Control');
  await page.keyboard.down('Alt');
  await expect(value).toHaveText('Ctrl+Alt…');
  await page.keyboard.press('KeyT');
  await page.keyboard.up('Alt');
  await page.keyboard.up('Control');
  await expect(page.getByTestId('hotkey-error')).toHaveText(
    'Ctrl+Alt+T is already used by another app or by the system. Runnel kept Ctrl+Shift+Space.',
  );
  await expect(value).toHaveText('Ctrl+Shift+Space');
  expect(host.hotkey.status().active).toBe('CommandOrControl+Shift+Space');
  expect([...host.shortcuts.registered.keys()]).toEqual(['CommandOrControl+Shift+Space']);
  await recorder.scrollIntoViewIfNeeded();
  await app.screenshot('hotkey-taken');

  // Esc cancels a recording without changing anything, and does not leave settings.
  await recorder.click();
  await page.keyboard.press('Escape');
  await expect(recorder).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await expect.poll(() => host.shortcuts.isSuspended()).toBe(false);

  // Another combination is free: it replaces the old one, which is let go.
  await recorder.click();
  await page.keyboard.press('Control+Alt+KeyK');
  await expect(value).toHaveText('Ctrl+Alt+K');
  await expect(page.getByTestId('hotkey-status')).toHaveText('Saved');
  expect(host.settings.hotkey()).toBe('CommandOrControl+Alt+K');
  expect([...host.shortcuts.registered.keys()]).toEqual(['CommandOrControl+Alt+K']);

  // The quick-ask preferences save like the others.
  await page.getByTestId('pref-quick-ask-context').selectOption('selection');
  await expect(page.getByTestId('pref-quick-ask-context-status')).toHaveText('Saved');
  // A switch shows the new state at once, not only when main has saved it (main answers late here).
  const dispatch = host.dispatch;
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  host.dispatch = async (channel, payload, context) => {
    if (channel === 'runnel:settings:updatePreferences') await held;
    return dispatch(channel, payload, context);
  };
  await page.getByTestId('pref-closeToTray').click();
  await expect(page.getByTestId('pref-closeToTray-status')).toHaveText('Saving…');
  await expect(page.getByTestId('pref-closeToTray')).toBeChecked();
  release();
  await expect(page.getByTestId('pref-closeToTray-status')).toHaveText('Saved');
  await expect(page.getByTestId('pref-closeToTray')).toBeChecked();
  // A save main refuses puts the switch back, beside the reason.
  host.dispatch = async (channel, payload, context) =>
    channel === 'runnel:settings:updatePreferences'
      ? { ok: false, error: { code: 'unavailable', message: 'The login item could not be set.' } }
      : dispatch(channel, payload, context);
  await page.getByTestId('pref-startAtLogin').click();
  await expect(page.getByTestId('pref-startAtLogin-error')).toContainText(
    'The login item could not be set.',
  );
  await expect(page.getByTestId('pref-startAtLogin')).not.toBeChecked();
  await page.getByTestId('pref-startAtLogin').scrollIntoViewIfNeeded();
  await app.screenshot('preference-refused');
  host.dispatch = dispatch;
  expect(host.settings.preferences()).toMatchObject({
    quickAskContext: 'selection',
    closeToTray: true,
    startAtLogin: false,
  });
});
