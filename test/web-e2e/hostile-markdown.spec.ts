/**
 * Answers built to break the Markdown renderer (issue 22, items 9 and 10), streamed from the fault
 * server into the built app in real Chromium: the window stays up, the composer still sends, each answer
 * shows as bounded formatted text or as plain text, and the conversation opens again after a reload.
 * Before the bounds, `'>'.repeat(3000) + ' x'` overflowed the streaming tail's stack and emptied #root,
 * again on every opening of the conversation.
 */
import type { Page } from '@playwright/test';
import { hostileAnswers } from '../support/hostile-markdown';
import { assistant, expect, send, test } from './fixtures';

/** Uncaught errors in the page: a render error that escaped every boundary shows up here. */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** The deepest nesting of block quotes and lists, and of emphasis, in the last answer's DOM. */
const nesting = (page: Page) =>
  assistant(page)
    .getByTestId('message-content')
    .evaluate((root) => {
      const depth = (element: Element, selector: string): number => {
        let deepest = 0;
        for (const child of element.children) {
          deepest = Math.max(deepest, depth(child, selector) + (child.matches(selector) ? 1 : 0));
        }
        return deepest;
      };
      return {
        containers: depth(root, 'blockquote, ul, ol'),
        emphasis: depth(root, 'em, strong, del'),
      };
    });

test('3,000 block quote markers keep the window up, and the conversation opens again', async ({
  app,
}) => {
  const { page, server } = app;
  const errors = pageErrors(page);
  const hostile = `${'>'.repeat(3000)} x`;
  server.script({ text: hostile, chunkChars: 200 }, { text: '"Quotes"' });
  await app.open();
  await send(page, 'Quote this back to me');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  // Past the UI thread's parse budget (its nesting counts), so shown as plain text: all of it there.
  await expect(assistant(page).getByTestId('md-plain').first()).toBeVisible();
  await expect(assistant(page).getByTestId('message-content')).toContainText('>>> x');
  expect((await nesting(page)).containers).toBeLessThanOrEqual(16);

  // The composer still sends and the next answer shows.
  server.script({ text: 'Still **here**.' });
  await send(page, 'Are you still there?');
  await expect(page.getByTestId('message')).toHaveCount(4);
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page).locator('strong')).toHaveText('here');

  // Opening the conversation again renders it again.
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await page.getByTestId('conversation-item').first().click();
  await expect(page.getByTestId('message')).toHaveCount(4);
  const first = page.locator('[data-testid="message"][data-role="assistant"]').first();
  await expect(first.getByTestId('md-plain').first()).toBeVisible();
  await expect(first.getByTestId('message-content')).toContainText('>>> x');
  await expect(page.getByTestId('composer-input')).toBeVisible();
  expect(errors).toEqual([]);
});

test('answers made to be slow to parse show bounded, each as it streams and when opened again', async ({
  app,
}) => {
  test.setTimeout(120_000);
  const { page, server } = app;
  const errors = pageErrors(page);
  const answers = hostileAnswers(12_000);
  const names = [
    'underscore run (_a_a…)',
    'star run in one paragraph of short lines',
    'nested list levels by indentation',
    'list markers on one line (- - - … x)',
    'nested emphasis',
    'nested images',
    'wide table row',
    'backtick runs of every length',
  ];
  await app.open();
  for (const [index, name] of names.entries()) {
    const text = answers[name] ?? '';
    server.script({ text, chunkChars: 240 }, ...(index === 0 ? [{ text: '"Hostile"' }] : []));
    const previous = index === 0 ? null : await assistant(page).getAttribute('data-message-id');
    await send(page, `Answer ${index + 1}: ${name}`);
    // The list is virtualised: the new answer is the last one in it, not the n-th.
    await expect(assistant(page)).not.toHaveAttribute('data-message-id', previous ?? '');
    await expect(assistant(page)).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
    // The answer's words are on screen, formatted (markup gone, link and image addresses too) or plain.
    const words = text.replace(/[\s*_~`>[\]()!|.-]+/g, '').length;
    const shown = await assistant(page)
      .getByTestId('message-content')
      .evaluate((element) => element.textContent.replace(/[\s*_~`>[\]()!|.-]+/g, '').length);
    expect(shown, name).toBeGreaterThanOrEqual(words / 2);
    const depth = await nesting(page);
    expect(depth.containers, name).toBeLessThanOrEqual(16);
    expect(depth.emphasis, name).toBeLessThanOrEqual(16);
  }
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await page.getByTestId('conversation-item').first().click();
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page).getByTestId('message-content')).toContainText('a');
  await expect(page.getByTestId('composer-input')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a block the parse worker takes too long on shows as plain text, and the next is formatted', async ({
  app,
}) => {
  test.setTimeout(60_000);
  const { page, server } = app;
  const errors = pageErrors(page);
  const watchdog: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('took the parse worker over')) watchdog.push(message.text());
  });
  // One paragraph, inside the worker's parse budget, that micromark takes seconds over (about 12 s in
  // Node here): 2,000 unclosed brackets, then 240 KB of words it scans ahead through for each of them.
  const slow = [
    '[a'.repeat(1000),
    '[a'.repeat(1000),
    ...Array.from({ length: 120 }, () => `${'word '.repeat(399)}word`),
  ].join('\n');
  server.script({ text: slow, chunkChars: 4000 }, { text: '"Brackets"' });
  await app.open();
  await send(page, 'Lots of brackets please');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  // Past the UI thread's budget, it streamed as plain text already; mark that element.
  await assistant(page)
    .getByTestId('md-plain')
    .evaluate((element) => element.setAttribute('data-seen', 'streaming'));
  await expect.poll(() => watchdog.length, { timeout: 20_000 }).toBe(1);
  // Plain for good now, and the same element: 240 KB of text is not built again.
  await expect(
    assistant(page).locator('[data-testid="md-plain"][data-seen="streaming"]'),
  ).toBeVisible();

  // A new worker took over: the next answer's code is highlighted, which only the worker does.
  server.script({ text: 'Here:\n\n```ts\nconst answer = 42;\n```\n' });
  await send(page, 'Some code');
  await expect(page.getByTestId('message')).toHaveCount(4);
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page).locator('.hljs-keyword').first()).toHaveText('const');
  expect(errors).toEqual([]);
});
