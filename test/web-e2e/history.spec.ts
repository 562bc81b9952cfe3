/**
 * History in the real app, in Chromium: the SQLite worker in OPFS behind the real renderer, bridge
 * and handler table, against the fault server. Each test has a fresh browser context, so a fresh
 * origin-private file system; a reload keeps it, as an app restart does.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { words } from '../fault-server/fault-server';
import { assistant, expect, send, test } from './fixtures';
import {
  backupOf,
  closeImportExport,
  conversation,
  conversationItems,
  cutOff,
  DAY,
  deliverTo,
  download,
  importBackup,
  importFile,
  itemTitled,
  message,
  openImportExport,
  sampleHistory,
  type SeedConversation,
} from './history-helpers';
import { readConversation } from './read-conversation';

const chatGptSample = path.resolve(import.meta.dirname, '../fixtures/chatgpt/conversations.json');

const contentLength = async (page: Page): Promise<number> =>
  ((await assistant(page).getByTestId('message-content').textContent()) ?? '').length;

/**
 * A long answer in lines of 60 words: one line longer than the Markdown renderer's 2,048-character
 * piece would be cut into pieces, and what is compared here is history, not that cutting.
 */
const longAnswer = (count: number): string =>
  words(count)
    .split(' ')
    .map((word, index) => (index > 0 && index % 60 === 0 ? `\n${word}` : ` ${word}`))
    .join('')
    .trimStart();

/** Waits until the shown answer is `more` characters longer; when, and how long it then was. */
const grownBy = async (page: Page, more: number): Promise<{ at: number; length: number }> => {
  const from = await contentLength(page);
  let length = from;
  await expect
    .poll(async () => (length = await contentLength(page)), { intervals: [50] })
    .toBeGreaterThanOrEqual(from + more);
  return { at: Date.now(), length };
};

const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

const shownText = async (page: Page): Promise<string> =>
  flat((await assistant(page).getByTestId('message-content').textContent()) ?? '');

const groupLabels = (page: Page) => page.getByTestId('conversation-group').allTextContents();

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the list, search and import dialog look right (${colorScheme})`, async ({ app }) => {
    const { page } = app;
    await app.open({ colorScheme });
    await importBackup(page, backupOf(sampleHistory()));
    await expect(conversationItems(page)).toHaveCount(8);
    await itemTitled(page, 'Kyoto in spring').click();
    await expect(page.getByTestId('message')).toHaveCount(2);
    await app.screenshot(`history-list-${colorScheme}`);
    await itemTitled(page, 'Mekong delta travel notes').click({ button: 'right' });
    await expect(page.getByTestId('row-menu')).toBeVisible();
    await expect(page.getByTestId('row-menu-rename')).toHaveAttribute('aria-keyshortcuts', 'F2');
    await expect(page.getByTestId('row-menu-rename')).toContainText('F2');
    await app.screenshot(`history-row-menu-${colorScheme}`);
    await page.getByTestId('row-menu-delete').click();
    await expect(page.getByTestId('undo-toast')).toBeVisible();
    await app.screenshot(`history-undo-${colorScheme}`);
    await page.getByTestId('undo-delete').click();

    await page.keyboard.press('Control+K');
    await expect(page.getByTestId('search-input')).toBeFocused();
    await page.keyboard.type('river');
    await expect(page.getByTestId('search-result')).toHaveCount(2);
    await page.keyboard.press('ArrowDown');
    await app.screenshot(`history-search-${colorScheme}`);
    await page.getByTestId('search-clear').click();

    await openImportExport(page);
    const broken = '{"format": "runnel-history-backup", "vers';
    expect((await importFile(page, 'backup', 'broken.json', broken)).outcome).toBe('error');
    await app.screenshot(`history-import-error-${colorScheme}`);
    const chatGpt = await readFile(chatGptSample);
    expect((await importFile(page, 'chatgpt', 'conversations.json', chatGpt)).outcome).toBe('done');
    await app.screenshot(`history-import-${colorScheme}`);
  });
}

test('conversations are grouped by date with pinned on top and a quick-ask badge', async ({
  app,
}) => {
  const { page } = app;
  await app.open();
  await importBackup(page, backupOf(sampleHistory()));
  const labels = await groupLabels(page);
  expect(labels.slice(0, 5)).toEqual([
    'Pinned',
    'Today',
    'Yesterday',
    'Previous 7 days',
    'Previous 30 days',
  ]);
  // Then month names (older than 30 days).
  expect(labels.length).toBeGreaterThanOrEqual(6);
  for (const label of labels.slice(5)) expect(label).toMatch(/^[A-Z][a-z]+( \d{4})?$/);
  await expect(conversationItems(page).first()).toHaveAttribute('data-pinned', 'true');
  await expect(
    itemTitled(page, 'Rust borrow checker errors').getByTestId('quick-ask-badge'),
  ).toBeVisible();
  await expect(page.getByTestId('quick-ask-badge')).toHaveCount(1);
});

test('rename, pin, delete with undo, keyboard navigation, and all of it survives a reload', async ({
  app,
}) => {
  const { page } = app;
  await app.open();
  await importBackup(page, backupOf(sampleHistory()));

  // Keyboard: the list is one tab stop; arrows move, Enter opens, F2 renames.
  await page.getByTestId('conversation-list').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator('.conversation-title')).toHaveText('Sourdough starter schedule');
  await page.getByTestId('conversation-list').focus();
  await page.keyboard.press('F2');
  await page.getByTestId('rename-input').fill('Feeding the starter');
  await page.keyboard.press('Enter');
  await expect(itemTitled(page, 'Feeding the starter')).toHaveCount(1);
  await expect(page.locator('.conversation-title')).toHaveText('Feeding the starter');

  // Esc cancels a rename.
  await itemTitled(page, 'Kyoto in spring').click({ button: 'right' });
  await page.getByTestId('row-menu-rename').click();
  await page.getByTestId('rename-input').fill('Something else');
  await page.keyboard.press('Escape');
  await expect(itemTitled(page, 'Kyoto in spring')).toHaveCount(1);

  // Pin from the menu: it moves to the top, under Pinned.
  await itemTitled(page, 'Tax return checklist').hover();
  await itemTitled(page, 'Tax return checklist').getByTestId('conversation-menu-button').click();
  await page.getByTestId('row-menu-pin').click();
  await expect(conversationItems(page).nth(0)).toHaveAttribute('data-pinned', 'true');
  await expect(conversationItems(page).nth(1)).toContainText('Tax return checklist');
  await expect(conversationItems(page).nth(1)).toHaveAttribute('data-pinned', 'true');

  // Delete, then Undo: back where it was.
  await itemTitled(page, 'Mekong delta travel notes').click({ button: 'right' });
  await page.getByTestId('row-menu-delete').click();
  await expect(itemTitled(page, 'Mekong delta travel notes')).toHaveCount(0);
  await expect(page.getByTestId('undo-toast')).toContainText('Mekong delta travel notes');
  await page.getByTestId('undo-delete').click();
  await expect(itemTitled(page, 'Mekong delta travel notes')).toHaveCount(1);
  await expect(page.getByTestId('undo-toast')).toHaveCount(0);

  // Delete with the Delete key and let the toast run out: gone for good.
  await itemTitled(page, 'Regex for ISO dates').click();
  await page.getByTestId('conversation-list').focus();
  await page.keyboard.press('Delete');
  await expect(itemTitled(page, 'Regex for ISO dates')).toHaveCount(0);
  await expect(page.getByTestId('undo-toast')).toBeVisible();
  await expect(page.getByTestId('undo-toast')).toHaveCount(0, { timeout: 10_000 });
  // A deleted conversation is not found by search either.
  await page.getByTestId('search-input').fill('ISO dates');
  await expect(page.getByTestId('search-empty')).toBeVisible();
  await page.getByTestId('search-clear').click();

  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await expect(conversationItems(page)).toHaveCount(7);
  await expect(itemTitled(page, 'Feeding the starter')).toHaveCount(1);
  await expect(itemTitled(page, 'Regex for ISO dates')).toHaveCount(0);
  await expect(conversationItems(page).nth(1)).toContainText('Tax return checklist');
  await itemTitled(page, 'Feeding the starter').click();
  await expect(page.getByTestId('message')).toHaveCount(2);
});

test('a new chat is saved, titled by the model, and still there after a reload', async ({
  app,
}) => {
  const { page, server } = app;
  await app.open();
  server.script({ text: 'The Nile is about 6,650 km long.' }, { text: '"Length of the Nile."' });
  await send(page, 'how long is the nile river, roughly, in kilometres?');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  // The first words first, then the model's short title; the title stream is never a message.
  await expect(conversationItems(page).first()).toHaveText('Length of the Nile');
  await expect(page.getByTestId('message')).toHaveCount(2);
  expect(server.requests).toHaveLength(2);
  expect(server.requests[1]?.body?.messages?.at(-1)?.content).toContain('short title');

  // A second answer in the same conversation asks for no new title.
  server.script({ text: 'And the Amazon about 6,400 km.' });
  await send(page, 'And the Amazon?');
  await expect(page.getByTestId('message')).toHaveCount(4);
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');

  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await conversationItems(page).first().click();
  await expect(assistant(page)).toContainText('6,400 km');
  expect(await readConversation(page)).toEqual([
    { role: 'user', text: 'how long is the nile river, roughly, in kilometres?' },
    { role: 'assistant', text: 'The Nile is about 6,650 km long.' },
    { role: 'user', text: 'And the Amazon?' },
    { role: 'assistant', text: 'And the Amazon about 6,400 km.' },
  ]);
  expect(server.requests).toHaveLength(3);
});

test('when the model gives no usable title, the first words of the question stay', async ({
  app,
}) => {
  const { page, server } = app;
  await app.open();
  server.script({ text: 'Yes.' }, { status: 500 }, { status: 500 }, { status: 500 });
  await send(page, 'Is water wet when it is frozen into ice cubes?');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect.poll(() => server.requests.length, { timeout: 15_000 }).toBeGreaterThan(1);
  await expect(conversationItems(page).first()).toHaveText(
    'Is water wet when it is frozen into ice cubes?',
  );
});

test('a window reloaded mid-answer re-attaches to the stream main still runs', async ({ app }) => {
  const { page, server } = app;
  const text = longAnswer(500);
  // About 13 s of answer: long enough to reload in the middle, well inside the test's 30 s.
  server.script({ text, chunkChars: 8, delayMs: 30 });
  await app.open();
  await send(page, 'Tell me a long story');
  await expect.poll(() => contentLength(page)).toBeGreaterThan(150);
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  // It opens on the conversation whose answer is still coming, and the answer goes on.
  await expect(assistant(page)).toHaveAttribute('data-status', /streaming|complete/);
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  expect(await shownText(page)).toBe(flat(text));
});

test('a window killed mid-answer loses at most about a second, shows interrupted, and Continue finishes it', async ({
  app,
}) => {
  const { page, server } = app;
  const text = longAnswer(600);
  server.script({ text, chunkChars: 4, delayMs: 30 });
  await app.open();
  await send(page, 'Tell me a long story');
  await expect.poll(() => contentLength(page)).toBeGreaterThan(100);
  // How fast text arrives here, to know what "one second" is worth: timed over 150 characters.
  const from = { at: Date.now(), length: await contentLength(page) };
  const to = await grownBy(page, 150);
  const perSecond = ((to.length - from.length) * 1_000) / (to.at - from.at);
  // Most of another second of answer, so the window dies between two of history's saves.
  await grownBy(page, perSecond * 0.7);

  // The window dies: main's events stop reaching it and its stream ends with nobody watching.
  cutOff(app);
  // What it saw last: every event sent before the cut, painted.
  await app.eventsDelivered();
  const seen = await contentLength(page);
  app.host.streams.abortAll();
  await expect.poll(() => app.host.streams.size).toBe(0);
  await page.reload();
  deliverTo(app);
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();

  await conversationItems(page).first().click();
  await expect(assistant(page)).toHaveAttribute('data-status', 'interrupted');
  const kept = await shownText(page);
  expect(flat(text).startsWith(kept)).toBe(true);
  expect(seen - kept.length).toBeLessThanOrEqual(perSecond * 1.25 + 40);
  await expect(page.getByTestId('error-continue')).toBeVisible();
  await expect(page.getByTestId('error-retry')).toBeVisible();

  server.script({ text, chunkChars: 40 });
  await page.getByTestId('error-continue').click();
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  expect(await shownText(page)).toBe(flat(text));
  expect(server.requests.at(-2)?.continuation ?? server.requests.at(-1)?.continuation).toBeTruthy();
});

test('offline: browsing, search and Markdown export work; sending is disabled and says why', async ({
  app,
}) => {
  const { page, host } = app;
  await app.open();
  await importBackup(page, backupOf(sampleHistory()));
  host.setOnline(false);
  await expect(page.getByTestId('offline-indicator')).toBeVisible();

  await itemTitled(page, 'Kyoto in spring').click();
  await expect(page.getByTestId('message')).toHaveCount(2);
  await expect(page.getByTestId('composer-notice')).toContainText(/offline/i);
  await expect(page.getByTestId('send-button')).toBeDisabled();

  await page.getByTestId('search-input').fill('cherry');
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await expect(page.getByTestId('search-result').locator('mark')).toHaveText(['cherry']);
  await page.getByTestId('search-clear').click();

  await itemTitled(page, 'Kyoto in spring').click({ button: 'right' });
  const file = await download(page, () => page.getByTestId('row-menu-export').click());
  expect(file.name).toBe('Kyoto in spring.md');
  expect(file.text).toContain('# Kyoto in spring');
  expect(file.text).toContain('Late March to early April');
});

test('search: newest or best match, hostile text stays text, and a hit opens its message', async ({
  app,
}) => {
  const { page } = app;
  const now = Date.now();
  const hostile =
    '<img src=x onerror="window.__pwned=1"> and <b>bold</b> <script>window.__pwned=2</script>';
  // A long conversation whose matching message is on an older page than the one it opens on.
  const long: SeedConversation = {
    ...conversation('c-long', 'A very long conversation', now - DAY),
    messages: Array.from({ length: 500 }, (_, i) =>
      message(
        `long-${i}`,
        i % 2 ? 'assistant' : 'user',
        i === 10 ? 'The word serendipity appears only here.' : `Line ${i} about nothing much.`,
        now - DAY - 1_000_000 + i * 10,
        i === 0 ? null : `long-${i - 1}`,
      ),
    ),
  };
  await app.open();
  await importBackup(
    page,
    backupOf([
      conversation('c-xss', '<img src=x onerror="window.__pwned=3">', now - 2 * DAY, {
        exchanges: [[`Is this safe? ${hostile}`, 'It should be shown as text: onerror is inert.']],
      }),
      conversation('c-river-old', 'Old river', now - 9 * DAY, {
        exchanges: [['river river river river', 'river river river']],
      }),
      conversation('c-river-new', 'New river', now - 3 * DAY, {
        exchanges: [['a river', 'ok']],
      }),
      long,
    ]),
  );

  await page.getByTestId('search-input').fill('onerror');
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  const snippets = page.getByTestId('search-snippet');
  await expect(snippets.first()).toContainText('onerror');
  expect(await page.locator('[data-testid="sidebar"] img, [data-testid="sidebar"] b').count()).toBe(
    0,
  );
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  const userHit = page.getByTestId('search-result').filter({ hasText: '<img src=x' }).first();
  await expect(userHit).toContainText('<img src=x onerror=');
  await expect(userHit.locator('mark').first()).toHaveText('onerror');
  // The hostile conversation title is text too, in the results and in the list.
  await expect(
    page.getByTestId('search-result-title').filter({ hasText: '<img src=x' }).first(),
  ).toBeVisible();
  await page.getByTestId('search-clear').click();
  await expect(itemTitled(page, '<img src=x onerror=')).toHaveCount(1);
  expect(await page.locator('[data-testid="sidebar"] img').count()).toBe(0);

  // Newest first, then by relevance (bm25 prefers the conversation full of "river").
  await page.getByTestId('search-input').fill('river');
  await expect(page.getByTestId('search-order-newest')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('search-result-title').first()).toHaveText('New river');
  await page.getByTestId('search-order-relevance').click();
  await expect(page.getByTestId('search-result-title').first()).toHaveText('Old river');

  // Keyboard: arrows choose a result, Enter opens it and scrolls to its (older-page) message.
  await page.getByTestId('search-input').fill('serendipity');
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const revealed = page.locator('[data-revealed="true"]');
  await expect(revealed).toContainText('serendipity');
  await expect(revealed).toBeInViewport();
});

test('a long conversation opens on its last page and pages older messages in without a jump', async ({
  app,
}) => {
  const { page } = app;
  const now = Date.now();
  const long: SeedConversation = {
    ...conversation('c-long', 'Five hundred messages', now),
    messages: Array.from({ length: 500 }, (_, i) =>
      message(
        `m-${i}`,
        i % 2 ? 'assistant' : 'user',
        `Message number ${i}.`,
        now - 100_000 + i * 10,
        i === 0 ? null : `m-${i - 1}`,
      ),
    ),
  };
  await app.open();
  await importBackup(page, backupOf([long]));
  await itemTitled(page, 'Five hundred messages').click();
  const list = page.getByTestId('message-list');
  await expect(page.getByText('Message number 499.')).toBeVisible();
  await expect(list).toHaveAttribute('data-has-older', 'true');

  // Scroll up like a reader until the list asks for the older page, then stop and watch the message
  // at the top of the view while that page is inserted above it: it must not move.
  const shift = await list.evaluate(async (element) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    // Stop one step short, let that frame settle, then take the last step and measure at once:
    // the scroll event that asks for the older page is not dispatched before the next frame.
    while (element.scrollTop > 1_000) {
      element.scrollBy(0, -300);
      await frame();
    }
    await frame();
    element.scrollTop = 600;
    const top = element.getBoundingClientRect().top;
    const rows = [...element.querySelectorAll<HTMLElement>('[data-message-id]')];
    const reference = rows.find((row) => row.getBoundingClientRect().top >= top);
    const id = reference?.dataset.messageId ?? '';
    const topOf = () =>
      element.querySelector(`[data-message-id="${id}"]`)?.getBoundingClientRect().top ?? NaN;
    const before = topOf();
    // The older page has arrived when the list grew by it (its rows above the view are not drawn).
    const height = element.scrollHeight;
    for (let i = 0; i < 300 && element.scrollHeight < height + 2_000; i++) await frame();
    for (let i = 0; i < 5; i++) await frame();
    return { id, shift: topOf() - before, grewBy: element.scrollHeight - height };
  });
  expect(shift.grewBy).toBeGreaterThan(2_000);
  // One the open read: its last screen (24), or the page above (200) read once that was shown.
  expect(shift.id).toMatch(/^m-\d+$/);
  expect(Number(shift.id.slice(2))).toBeGreaterThanOrEqual(500 - 24 - 200);
  expect(Math.abs(shift.shift)).toBeLessThan(4);

  // Read from the first message to the last: every page came in, in order, nothing doubled.
  expect(await readConversation(page)).toEqual(
    long.messages.map(({ role, content }) => ({ role, text: content })),
  );
  await expect(list).not.toHaveAttribute('data-has-older', 'true');
});

test('export then import round-trips exactly, and importing twice adds nothing', async ({
  app,
}) => {
  const { page } = app;
  const seed = sampleHistory();
  await app.open();
  await importBackup(page, backupOf(seed), 'seed.json');

  await openImportExport(page);
  await expect(page.getByTestId('history-stats')).toContainText('8 conversations and 16 messages');
  const file = await download(page, () => page.getByTestId('export-backup').click());
  expect(file.name).toMatch(/^runnel-history-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(file.text) as { conversations: SeedConversation[] };
  const byId = (list: SeedConversation[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
  expect(byId(exported.conversations)).toEqual(byId(seed));

  const again = await importFile(page, 'backup', file.name, file.text);
  expect(again.outcome).toBe('done');
  await expect(again.status).toContainText('nothing was added twice');
  await expect(page.getByTestId('history-stats')).toContainText('8 conversations and 16 messages');
  await closeImportExport(page);
  await expect(conversationItems(page)).toHaveCount(8);
});

test('a corrupt or wrong backup shows what is wrong and imports nothing', async ({ app }) => {
  const { page } = app;
  await app.open();
  await importBackup(page, backupOf(sampleHistory().slice(0, 2)));
  await openImportExport(page);

  const failed = async (which: 'backup' | 'chatgpt', name: string, contents: string | Buffer) => {
    const { outcome, status } = await importFile(page, which, name, contents);
    expect(outcome, name).toBe('error');
    return status;
  };
  const truncated = await failed(
    'backup',
    'truncated.json',
    backupOf(sampleHistory()).slice(0, 500),
  );
  await expect(truncated).toContainText('truncated.json');
  await expect(truncated).toContainText(/JSON/i);
  await expect(truncated).toContainText('Nothing was imported');

  // A ChatGPT export chosen as a Runnel backup, and the other way round.
  await expect(
    await failed('backup', 'conversations.json', await readFile(chatGptSample)),
  ).toContainText('conversations.json');
  await expect(await failed('chatgpt', 'backup.json', backupOf(sampleHistory()))).toContainText(
    /ChatGPT/,
  );

  await expect(page.getByTestId('history-stats')).toContainText('2 conversations and 4 messages');
  await closeImportExport(page);
  await expect(conversationItems(page)).toHaveCount(2);
});

test('a backup with one damaged conversation imports the rest and names it', async ({ app }) => {
  const { page } = app;
  await app.open();
  await openImportExport(page);
  // Valid JSON, one bad field deep inside one conversation: that one is named by its title and path.
  const bad = JSON.parse(backupOf(sampleHistory())) as { conversations: SeedConversation[] };
  (bad.conversations[5]!.messages[1] as { role: string }).role = 'wizard';
  const imported = await importFile(page, 'backup', 'bad-role.json', JSON.stringify(bad));
  expect(imported.outcome).toBe('done');
  await expect(imported.status).toContainText(`${bad.conversations.length - 1} conversations`);
  const skipped = page.getByTestId('import-skipped');
  await expect(skipped).toContainText(bad.conversations[5]!.title);
  await expect(skipped).toContainText('conversations[5].messages[1].role');
  await closeImportExport(page);
  await expect(conversationItems(page)).toHaveCount(bad.conversations.length - 1);
  await expect(itemTitled(page, bad.conversations[5]!.title)).toHaveCount(0);
});

test('the ChatGPT sample export imports and its conversations open', async ({ app }) => {
  const { page } = app;
  await app.open();
  await openImportExport(page);
  const imported = await importFile(
    page,
    'chatgpt',
    'conversations.json',
    await readFile(chatGptSample),
  );
  expect(imported.outcome).toBe('done');
  await expect(imported.status).toContainText('3 conversations');
  await closeImportExport(page);
  for (const title of ['Trip to Kyoto in spring', 'Plot a sine wave', '用中文解释递归'])
    await expect(itemTitled(page, title)).toHaveCount(1);
  await itemTitled(page, '用中文解释递归').click();
  await expect(page.getByTestId('message').first()).toBeVisible();
  await page.getByTestId('search-input').fill('递归');
  await expect(page.getByTestId('search-result').first()).toBeVisible();
});

test('the ChatGPT export ZIP, as downloaded, imports through the dialog', async ({ app }) => {
  const { page } = app;
  const sample = new Uint8Array(await readFile(chatGptSample));
  // As ChatGPT sends it: the conversations beside chat.html and the images, in one top folder.
  const zip = zipSync({
    'export/chat.html': strToU8('<html><body>chats</body></html>'),
    'export/conversations.json': sample,
    'export/file-abc.png': new Uint8Array(4096).fill(7),
  });
  await app.open();
  await openImportExport(page);
  const importZip = (name: string, bytes: Uint8Array) =>
    importFile(page, 'chatgpt', name, Buffer.from(bytes), 'application/zip');
  const first = await importZip('export.zip', zip);
  expect(first.outcome).toBe('done');
  await expect(first.status).toContainText('3 conversations');
  await expect(page.getByTestId('history-stats')).toContainText('3 conversations');

  // The same ZIP again adds nothing; a ZIP without conversations says what it holds instead.
  const second = await importZip('export.zip', zip);
  expect(second.outcome).toBe('done');
  await expect(second.status).toContainText('nothing was added twice');
  const photos = await importZip('photos.zip', zipSync({ 'holiday.jpg': new Uint8Array(64) }));
  expect(photos.outcome).toBe('error');
  await expect(photos.status).toContainText('holiday.jpg');
  await expect(page.getByTestId('history-stats')).toContainText('3 conversations');
});

test('10,000 conversations: imported with progress, the list stays small in the DOM and scrolls smoothly', async ({
  app,
}) => {
  test.setTimeout(120_000);
  const { page } = app;
  const now = Date.now();
  const many = Array.from({ length: 10_000 }, (_, i) =>
    conversation(`bulk-${i}`, `Conversation number ${i}`, now - i * 45 * 60_000, {
      exchanges: [[`Question ${i}`, `Answer ${i}`]],
    }),
  );
  await app.open();
  await openImportExport(page);
  const started = Date.now();
  const big = await importFile(page, 'backup', 'big.json', backupOf(many));
  expect(big.outcome).toBe('done');
  await expect(big.status).toContainText('10,000 conversations');
  const importMs = Date.now() - started;
  await closeImportExport(page);
  await expect(conversationItems(page).first()).toBeVisible();

  const list = page.getByTestId('conversation-list');
  const result = await list.evaluate(async (element) => {
    const frames: number[] = [];
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((entries) => {
      for (const entry of entries.getEntries()) longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    let last = performance.now();
    const maxRows = { value: 0 };
    const end = element.scrollHeight - element.clientHeight;
    for (let step = 0; step <= 240; step++) {
      element.scrollTop = (end * step) / 240;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const t = performance.now();
      frames.push(t - last);
      last = t;
      maxRows.value = Math.max(
        maxRows.value,
        element.querySelectorAll('[data-testid="conversation-item"]').length,
      );
    }
    observer.disconnect();
    frames.sort((a, b) => a - b);
    return {
      p50: frames[Math.floor(frames.length / 2)] ?? 0,
      p95: frames[Math.floor(frames.length * 0.95)] ?? 0,
      max: frames.at(-1) ?? 0,
      longTasks: longTasks.length,
      maxRows: maxRows.value,
    };
  });
  console.log(
    `10,000 conversations: import ${importMs} ms; scrolling top to bottom in 240 frames: frame p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, max ${result.max.toFixed(1)} ms, ${result.longTasks} long tasks; at most ${result.maxRows} rows in the DOM`,
  );
  expect(result.maxRows).toBeLessThan(80);
  await expect(itemTitled(page, 'Conversation number 9999')).toBeVisible();
  await app.screenshot('history-10k-bottom-light');
});
