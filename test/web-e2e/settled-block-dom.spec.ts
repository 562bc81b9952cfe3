/**
 * A block that settles keeps the DOM its streaming render made wherever the settled render reads the
 * same (SettledMarkdown.tsx, keys in StreamingTail.tsx), in real Chromium with React's production build:
 * settling used to tear down every element of the block and build it again from the parsed tree, a
 * block's worth of DOM work, layout and paint on each of the ~100 blocks of a 10k answer.
 */
import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

let script = '';

test.beforeAll(async () => {
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, 'long-answer-page.tsx')],
    bundle: true,
    write: false,
    outdir: '/virtual',
    format: 'iife',
    jsx: 'automatic',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff2': 'empty', '.woff': 'empty', '.ttf': 'empty', '.css': 'empty' },
    logLevel: 'error',
  });
  script = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
});

interface Settled {
  kept: number;
  replaced: number;
  html: string;
}

async function settle(page: Page, first: string, rest: string): Promise<Settled> {
  await page.setContent('<!doctype html><main></main>');
  await page.addScriptTag({ content: script });
  return page.evaluate(
    ([f, r]) =>
      (window as unknown as { settle(f: string, r: string): Settled }).settle(
        f as string,
        r as string,
      ),
    [first, rest],
  );
}

test('a paragraph keeps its elements when it settles', async ({ page }) => {
  const result = await settle(
    page,
    'A paragraph with *emphasis*, `code`, ~~struck~~ and **strong** words.',
    '\n\nThe next paragraph\n',
  );
  expect(result.html).toBe(
    '<p>A paragraph with <em>emphasis</em>, <code>code</code>, <del>struck</del> and <strong>strong</strong> words.</p>',
  );
  // Its five elements are the very ones the streaming render made; at most a text node between them
  // is made again where the two parsers cut the text differently.
  expect(result.kept).toBe(5);
  expect(result.replaced).toBeLessThanOrEqual(4);
});

test('a list item and a heading keep their elements when they settle', async ({ page }) => {
  const item = await settle(page, '- an item with `code` in it', '\n- the next item\n');
  expect(item.html).toContain('<code>code</code>');
  expect(item.kept).toBeGreaterThanOrEqual(2);
  const heading = await settle(page, '## A heading with *words*', '\nThen a paragraph\n');
  expect(heading.html).toContain('<h2>');
  expect(heading.kept).toBe(2);
  expect(heading.replaced).toBeLessThanOrEqual(2);
});

test('what reads differently once settled is replaced, and the settled render wins', async ({
  page,
}) => {
  // The streaming render gives a link no href; the settled one gives the sanitised URL.
  const result = await settle(page, 'See [the docs](https://example.com/docs) now.', '\n\nNext\n');
  expect(result.html).toContain('href="https://example.com/docs"');
});
