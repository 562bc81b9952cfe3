/**
 * The error boundary around each message and each block (FormattedTextBoundary.tsx), in real Chromium
 * with React's production build: a message whose render throws shows its text as written in a <pre>,
 * with a note, and the messages around it and the composer stay. Without it, the same throw empties the
 * root, which is what `'>'.repeat(3000) + ' x'` did to the app before (issue 22, item 9).
 */
import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { ShownMessage } from './boundary-page';

let bundle = '';

test.beforeAll(async () => {
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, 'boundary-page.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  bundle = result.outputFiles[0]?.text ?? '';
});

async function open(page: Page): Promise<void> {
  await page.setContent('<!doctype html><div id="root"></div>');
  await page.addScriptTag({ content: bundle });
}

const show = (page: Page, messages: ShownMessage[], bounded: 'message' | 'part' | 'none') =>
  page.evaluate(
    ([m, b]) => (window as unknown as { show(m: unknown, b: unknown): void }).show(m, b),
    [messages, bounded] as const,
  );

const hostile = 'Here is <b>raw</b> text 💥 that cannot be formatted';

test('a message that fails to render shows as written, and the rest of the page stays', async ({
  page,
}) => {
  await open(page);
  await show(
    page,
    [
      { id: 'before', text: 'An answer before' },
      { id: 'bad', text: hostile },
      { id: 'after', text: 'An answer after' },
    ],
    'message',
  );
  const bad = page.locator('[data-id="bad"]');
  await expect(bad.getByTestId('md-raw')).toContainText(
    'This message could not be displayed as formatted text',
  );
  await expect(bad.locator('pre')).toHaveText(hostile);
  await expect(bad.locator('b')).toHaveCount(0);
  await expect(page.locator('[data-id="before"] .formatted')).toHaveText('An answer before');
  await expect(page.locator('[data-id="after"] .formatted')).toHaveText('An answer after');
  await expect(page.getByTestId('composer')).toBeVisible();

  // The same throw without the boundary takes everything down: what the boundary is there for.
  await show(page, [{ id: 'bad', text: hostile }], 'none');
  await expect(page.locator('#root')).toBeEmpty();
});

test('a failed text stays as written while it grows, and a new text is formatted again', async ({
  page,
}) => {
  await open(page);
  await show(page, [{ id: 'm', text: hostile }], 'message');
  await expect(page.locator('pre')).toHaveText(hostile);
  await show(page, [{ id: 'm', text: `${hostile}, streaming on` }], 'message');
  await expect(page.locator('pre')).toHaveText(`${hostile}, streaming on`);
  // A regenerated answer in the same place is a different text.
  await show(page, [{ id: 'm', text: 'A fresh answer' }], 'message');
  await expect(page.locator('.formatted')).toHaveText('A fresh answer');
  await expect(page.getByTestId('md-raw')).toHaveCount(0);
});

test('a block that fails says that part of the message is shown as written', async ({ page }) => {
  await open(page);
  await show(page, [{ id: 'm', text: hostile }], 'part');
  await expect(page.getByTestId('md-raw')).toContainText(
    'This part of the message could not be displayed as formatted text',
  );
});
