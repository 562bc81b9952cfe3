/**
 * The chat window in real Chromium over the real bridge and handler table, against the fault server:
 * streaming, stop, resume after a drop, retry after 429, the auth error, and screenshots of each state.
 */
import { readFile } from 'node:fs/promises';
import { words } from '../fault-server/fault-server';
import { assistant, expect, send, test, TEST_API_KEY } from './fixtures';

const MARKDOWN_ANSWER = [
  '## Rivers by length',
  '',
  'Here are **three** rivers, with a bit of `code` and a [link](https://example.com/rivers).',
  '',
  '| River | Length (km) | Sea |',
  '| --- | ---: | --- |',
  '| Nile | 6,650 | Mediterranean |',
  '| Amazon | 6,400 | Atlantic |',
  '| Yangtze | 6,300 | East China Sea |',
  '',
  '```ts',
  'const longest = rivers.reduce((a, b) => (a.length > b.length ? a : b));',
  'console.log(longest.name); // "Nile"',
  '```',
  '',
  '1. Source',
  '2. Course',
  '3. Mouth',
].join('\n');

for (const colorScheme of ['light', 'dark'] as const) {
  test(`empty, finished and settings states look right (${colorScheme})`, async ({ app }) => {
    const { page, server } = app;
    await app.open({ colorScheme });
    await expect(page.getByTestId('composer-input')).toBeFocused();
    await app.screenshot(`empty-${colorScheme}`);

    server.script({ text: MARKDOWN_ANSWER, chunkChars: 20 });
    await send(page, 'Which rivers are longest?');
    await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
    await expect(assistant(page).locator('table')).toBeVisible();
    await expect(assistant(page).locator('pre code')).toContainText('rivers.reduce');
    await expect(assistant(page).getByTestId('message-usage')).toBeVisible();
    await app.screenshot(`finished-${colorScheme}`);

    await page.getByTestId('open-settings').click();
    await expect(page.getByTestId('settings-page')).toBeVisible();
    await app.screenshot(`settings-${colorScheme}`);
  });
}

test('an answer appears progressively, and Enter, Shift+Enter behave', async ({ app }) => {
  const { page, server } = app;
  const text = words(300);
  server.script({ text, chunkChars: 6, delayMs: 15 });
  await app.open();
  const input = page.getByTestId('composer-input');
  await input.fill('Tell me');
  await input.press('Shift+Enter');
  await input.pressSequentially('a story');
  await expect(input).toHaveValue('Tell me\na story');
  await input.press('Enter');
  await expect(assistant(page)).toHaveAttribute('data-status', 'streaming');
  const content = assistant(page).getByTestId('message-content');
  // Three times the shown text grows, and each time it is still short of the whole answer.
  let shown = 0;
  for (let step = 0; step < 3; step += 1) {
    const before = shown;
    await expect
      .poll(async () => (shown = (await content.textContent())?.length ?? 0))
      .toBeGreaterThan(before);
    expect(shown, `step ${step}: part of the answer, not all of it`).toBeLessThan(text.length);
  }
  await app.screenshot('streaming-light');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  await expect(content).toHaveText(text);
  // The first request is the question; the one after it asks for the conversation's title.
  expect(server.requests[0]?.body?.messages?.at(-1)).toEqual({
    role: 'user',
    content: 'Tell me\na story',
  });
});

test('Stop ends the answer at once, keeps the text and frees the socket', async ({ app }) => {
  const { page, server } = app;
  server.script({ text: words(2000), chunkChars: 4, delayMs: 20 });
  await app.open();
  await send(page, 'A long one, please');
  await expect(assistant(page)).toHaveAttribute('data-status', 'streaming');
  await expect
    .poll(async () => (await assistant(page).textContent())?.length ?? 0)
    .toBeGreaterThan(40);
  await page.getByTestId('stop-button').click();
  await expect(assistant(page)).toHaveAttribute('data-status', 'cancelled');
  await expect(assistant(page)).toContainText('Stopped');
  const kept = (await assistant(page).getByTestId('message-content').textContent()) ?? '';
  expect(kept.length).toBeGreaterThan(20);
  expect(await server.whenSocketsClosed(3000)).toBe(true);

  // Esc stops too.
  server.script({ text: words(2000), chunkChars: 4, delayMs: 20 });
  await send(page, 'Again');
  await expect(assistant(page)).toHaveAttribute('data-status', 'streaming');
  await page.getByTestId('composer-input').press('Escape');
  await expect(assistant(page)).toHaveAttribute('data-status', 'cancelled');
});

test('a dropped connection resumes and ends with the whole answer, nothing doubled', async ({
  app,
}) => {
  const { page, server } = app;
  const text = words(250);
  server.setDefault({ text, chunkChars: 10 });
  server.script({ text, chunkChars: 10, dropAfterBytes: 1500 });
  await app.open();
  await send(page, 'Tell me about rivers');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  await expect(assistant(page).getByTestId('message-content')).toHaveText(text);
  await expect(assistant(page)).toContainText(/Resumed/);
  expect(server.requests.filter((request) => request.continuation !== null)).toHaveLength(1);
  await app.screenshot('resumed-light');
});

test('a 429 with Retry-After shows the countdown, then the answer', async ({ app }) => {
  const { page, server } = app;
  server.script({ status: 429, retryAfter: '2' }, { text: 'Patience pays.' });
  await app.open();
  await send(page, 'Hello?');
  await expect(page.getByTestId('retry-countdown')).toBeVisible();
  await expect(page.getByTestId('retry-countdown')).toContainText(/\d/);
  await expect(page.getByTestId('retry-countdown')).toContainText(/rate-limiting requests \(429\)/);
  await app.screenshot('retrying-light');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete', { timeout: 15_000 });
  await expect(assistant(page).getByTestId('message-content')).toHaveText('Patience pays.');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a 401 shows the auth error with a way to settings (${colorScheme})`, async ({ app }) => {
    const { page, server } = app;
    server.script({ status: 401 });
    await app.open({ colorScheme });
    await send(page, 'Hello');
    const banner = page.getByTestId('error-banner');
    await expect(banner).toHaveAttribute('data-error-code', 'auth');
    await expect(banner).toContainText(/key/i);
    await expect(banner).not.toContainText(TEST_API_KEY);
    await app.screenshot(`error-auth-${colorScheme}`);
    await banner.getByTestId('error-open-settings').click();
    await expect(page.getByTestId('settings-page')).toBeVisible();
  });
}

test('the API key never reaches the page, its storage, IndexedDB or the history export', async ({
  app,
}) => {
  const { page, server } = app;
  await app.open();
  await send(page, 'Hello');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
  const found = await page.evaluate(async (key) => {
    const places: string[] = [];
    if (document.documentElement.outerHTML.includes(key)) places.push('DOM');
    for (const store of [localStorage, sessionStorage]) {
      for (let index = 0; index < store.length; index += 1) {
        const name = store.key(index) ?? '';
        if ((store.getItem(name) ?? '').includes(key)) places.push(`storage:${name}`);
      }
    }
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    for (const info of await indexedDB.databases()) {
      const db = await request(indexedDB.open(info.name ?? ''));
      for (const storeName of db.objectStoreNames) {
        const rows = await request(db.transaction(storeName).objectStore(storeName).getAll());
        if (JSON.stringify(rows).includes(key)) places.push(`indexedDB:${info.name}/${storeName}`);
      }
      db.close();
    }
    return places;
  }, TEST_API_KEY);
  expect(found).toEqual([]);

  // The history itself (SQLite in OPFS) holds no key either: its full backup says so.
  await page.getByTestId('settings-close').click();
  await page.getByRole('button', { name: /import & export/i }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-backup').click(),
  ]);
  const backup = await readFile((await download.path())!, 'utf8');
  expect(backup).toContain('Hello');
  expect(backup).not.toContain(TEST_API_KEY);
});

test('offline: sending is disabled with a message, and comes back with the network', async ({
  app,
}) => {
  const { page, host } = app;
  await app.open();
  host.setOnline(false);
  await expect(page.getByTestId('offline-indicator')).toBeVisible();
  await expect(page.getByTestId('composer-notice')).toContainText(/offline/i);
  host.setOnline(true);
  await expect(page.getByTestId('offline-indicator')).toBeHidden();
});

test('a very long line streams in and reads as one unbroken paragraph', async ({ app }) => {
  const { page, server } = app;
  const line = words(1500);
  server.script({ text: line, chunkChars: 400 });
  await app.open();
  await send(page, 'One long line, please');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page).getByTestId('message-content')).toHaveText(line);
  const blocks = await assistant(page)
    .locator('.md-continued, .md-piece')
    .evaluateAll((nodes) => nodes.map((node) => getComputedStyle(node).display));
  expect(blocks.length).toBeGreaterThan(2);
  expect(new Set(blocks)).toEqual(new Set(['inline']));
  await app.screenshot('long-line-light');
});

test('settled blocks are parsed in the Markdown worker: math, code and tables arrive typeset', async ({
  app,
}) => {
  const { page, server } = app;
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await app.open();
  server.script({
    text: `${MARKDOWN_ANSWER}\n\nEuler: $e^{i\\pi} + 1 = 0$ and <b onclick="x()">raw</b>.`,
    chunkChars: 20,
  });
  await send(page, 'Rivers and Euler?');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  const answer = assistant(page);
  await expect(answer.locator('.katex')).toHaveCount(1);
  await expect(answer.locator('pre code.hljs .hljs-keyword').first()).toBeVisible();
  await expect(answer.locator('table tbody tr')).toHaveCount(3);
  // Raw HTML from the model is shown as text, never as an element.
  await expect(answer.locator('b')).toHaveCount(0);
  await expect(answer).toContainText('<b onclick="x()">raw</b>');
  expect(page.workers().some((worker) => worker.url().includes('settled-parse-worker'))).toBe(true);
  expect(errors.filter((text) => text.includes('parse worker'))).toEqual([]);
});
