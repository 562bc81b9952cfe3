/**
 * Issue 28 item 3: a search hit deep in a thread of 5,000 messages opens that message in view, with
 * the words it matched marked in its text and focus on it, and the marks come back when the message
 * is scrolled away and back (the list is virtualised: it was unmounted meanwhile). The jump reads a
 * window around the hit; scrolling up and down from it reads the rest, nothing twice, nothing missed.
 */
import type { Page } from '@playwright/test';
import { generateLongThread } from '../support/long-thread';
import { expect, test } from './fixtures';
import { importBackup, itemTitled } from './history-helpers';

const thread = generateLongThread({
  messages: 5_000,
  seed: 283,
  needleAt: [10],
  title: 'Five thousand messages',
  endsAt: Date.now() - 60_000,
});
const needle = thread.needles[0]!;

/** The text of every range of the search highlight, as the page paints it. */
const markedWords = (page: Page) =>
  page.evaluate(() => [...(CSS.highlights.get('search-hit') ?? [])].map((r) => r.toString()));

test('a search hit deep in a 5,000-message thread opens in view, marked and focused', async ({
  app,
}) => {
  test.setTimeout(120_000);
  const page = await app.open();
  await importBackup(page, JSON.stringify(thread.backup), 'thread.json');
  await itemTitled(page, 'Five thousand messages').click();
  const list = page.getByTestId('message-list');
  await expect(list.locator(`[data-message-id="${thread.messageIds.at(-1)}"]`)).toBeInViewport();
  await expect(list).toHaveAttribute('data-has-older', 'true');

  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill(needle.word);
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');

  const target = list.locator(`[data-message-id="${needle.messageId}"]`);
  await expect(target).toBeInViewport();
  await expect(target).toHaveAttribute('data-search-marked', 'true');
  await expect(target).toBeFocused();
  expect(await markedWords(page)).toEqual([needle.word]);
  // Eleven messages from the top of 5,000: a window around it was read, not the pages between.
  await expect(list).not.toHaveAttribute('data-has-older', 'true');
  await expect(list).toHaveAttribute('data-has-newer', 'true');

  // Away (the row is unmounted) and back: the word is marked again in the new DOM.
  const revealedAt = await list.evaluate((element) => element.scrollTop);
  await list.evaluate((element) => {
    element.scrollTop = element.scrollHeight;
  });
  await expect(target).toHaveCount(0);
  await list.evaluate((element, top) => {
    element.scrollTop = top;
  }, revealedAt);
  await expect(target).toBeInViewport();
  await expect(target).toHaveAttribute('data-search-marked', 'true');
  expect(await markedWords(page)).toEqual([needle.word]);

  // Opening another conversation ends the marks.
  await page.getByTestId('new-chat').click();
  await expect.poll(() => markedWords(page)).toEqual([]);
});

const middle = generateLongThread({
  messages: 600,
  seed: 284,
  needleAt: [300],
  title: 'Six hundred messages',
  endsAt: Date.now() - 60_000,
});

interface Passage {
  /** Every message rendered on the way, by id. */
  seen: string[];
  /** Frames whose rows were not in the thread's order, or showed a message twice. */
  disorder: string[];
  /** The list's highest row index at the end: one less than the messages in memory. */
  lastIndex: number;
}

/**
 * Scrolls the list 400 px a frame up or down until it can go no further with nothing more to read
 * (older or newer pages load on the way), noting every message rendered and any frame out of order.
 */
const scrollThrough = (page: Page, direction: 'up' | 'down', order: readonly string[]) =>
  page.evaluate(
    async ([direction, order]) => {
      const list = document.querySelector<HTMLElement>('[data-testid="message-list"]');
      if (!list) throw new Error('no message list');
      const rank = new Map(order.map((id, index) => [id, index]));
      const seen = new Set<string>();
      const disorder: string[] = [];
      const started = performance.now();
      for (let still = 0; still < 20;) {
        if (performance.now() - started > 60_000) throw new Error(`stuck at ${list.scrollTop}`);
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const rows = [...list.querySelectorAll<HTMLElement>('[data-index] [data-message-id]')];
        const ids = rows.map((row) => row.dataset.messageId ?? '');
        const ranks = ids.map((id) => rank.get(id) ?? -1);
        if (ranks.some((r, i) => r < 0 || (i > 0 && r <= (ranks[i - 1] ?? -1))))
          disorder.push(ids.join(' '));
        for (const id of ids) seen.add(id);
        const before = list.scrollTop;
        list.scrollTop += direction === 'down' ? 400 : -400;
        const more = list.dataset[direction === 'down' ? 'hasNewer' : 'hasOlder'] === 'true';
        still = list.scrollTop === before && !more ? still + 1 : 0;
      }
      const indexes = [...list.querySelectorAll<HTMLElement>('[data-index]')].map((row) =>
        Number(row.dataset.index),
      );
      return { seen: [...seen], disorder, lastIndex: Math.max(...indexes) };
    },
    [direction, order] as const,
  ) as Promise<Passage>;

test('a jump reads a window; scrolling from it reads the rest, nothing twice or missed', async ({
  app,
}) => {
  test.setTimeout(120_000);
  const hit = middle.needles[0]!;
  const page = await app.open();
  await importBackup(page, JSON.stringify(middle.backup), 'middle.json');
  await itemTitled(page, 'Six hundred messages').click();
  const list = page.getByTestId('message-list');
  await expect(list.locator(`[data-message-id="${middle.messageIds.at(-1)}"]`)).toBeInViewport();

  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill(hit.word);
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const target = list.locator(`[data-message-id="${hit.messageId}"]`);
  await expect(target).toBeInViewport();
  await expect(target).toHaveAttribute('data-search-marked', 'true');
  // The middle of 600: messages above and below it are still to be read.
  await expect(list).toHaveAttribute('data-has-older', 'true');
  await expect(list).toHaveAttribute('data-has-newer', 'true');
  await expect(page.getByTestId('jump-to-latest')).toBeVisible();

  const down = await scrollThrough(page, 'down', middle.messageIds);
  await expect(list).not.toHaveAttribute('data-has-newer', 'true');
  const up = await scrollThrough(page, 'up', middle.messageIds);
  await expect(list).not.toHaveAttribute('data-has-older', 'true');
  expect([...down.disorder, ...up.disorder]).toEqual([]);
  const seen = new Set([...down.seen, ...up.seen]);
  expect(middle.messageIds.filter((id) => !seen.has(id))).toEqual([]);
  expect(seen.size).toBe(middle.messageIds.length);
  // The rows number the messages in memory: all 600, each once.
  const end = await scrollThrough(page, 'down', middle.messageIds);
  expect(end.lastIndex).toBe(middle.messageIds.length - 1);
  await expect(list.locator(`[data-message-id="${middle.messageIds.at(-1)}"]`)).toBeInViewport();
});

test('Latest leaves a window for the end of the conversation', async ({ app }) => {
  test.setTimeout(120_000);
  const hit = middle.needles[0]!;
  const page = await app.open();
  await importBackup(page, JSON.stringify(middle.backup), 'middle.json');
  await itemTitled(page, 'Six hundred messages').click();
  const list = page.getByTestId('message-list');
  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill(hit.word);
  await page.getByTestId('search-result').click();
  await expect(list.locator(`[data-message-id="${hit.messageId}"]`)).toBeInViewport();
  await expect(list).toHaveAttribute('data-has-newer', 'true');

  await page.getByTestId('jump-to-latest').click();
  await expect(list.locator(`[data-message-id="${middle.messageIds.at(-1)}"]`)).toBeInViewport();
  await expect(list).not.toHaveAttribute('data-has-newer', 'true');
  await expect(page.getByTestId('jump-to-latest')).toHaveCount(0);
});
