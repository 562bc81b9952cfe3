/**
 * Model output and server responses are untrusted: a corpus of published XSS payloads, streamed as an
 * answer and typed as a question (which becomes the conversation title), executes nothing, loads
 * nothing from outside (the fixture's guard fails a test that does), and navigates nowhere, even when
 * every link in it is clicked: links go to main, to open in the system browser.
 */
import { expect, test } from './fixtures';

const CALL = 'window.__pwned&&window.__pwned()';

const PAYLOADS = [
  `<script>${CALL}</script>`,
  `<img src=x onerror="${CALL}">`,
  `<img src="https://evil.example/pixel.png">`,
  `<svg onload="${CALL}"><circle r="10"/></svg>`,
  `<svg><script>${CALL}</script></svg>`,
  `<iframe srcdoc="<script>parent.__pwned()</script>"></iframe>`,
  `<details open ontoggle="${CALL}"><summary>x</summary></details>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${CALL}">`,
  `<math href="javascript:${CALL}">click</math>`,
  `<a href="javascript:${CALL}">html link</a>`,
  `<form action="javascript:${CALL}"><button>go</button></form>`,
  `<object data="javascript:${CALL}"></object>`,
  `<embed src="javascript:${CALL}">`,
  `<base href="https://evil.example/">`,
  `<meta http-equiv="refresh" content="0;url=https://evil.example/">`,
  `<link rel="stylesheet" href="https://evil.example/x.css">`,
  `<style>@import url(https://evil.example/y.css); body{background:url(https://evil.example/z.png)}</style>`,
  `[plain js](javascript:${CALL})`,
  `[mixed case](JaVaScRiPt:${CALL})`,
  `[entity](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${CALL})`,
  `[percent](%6A%61%76%61%73%63%72%69%70%74:${CALL})`,
  `[tab](java\tscript:${CALL})`,
  `[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `[vb](vbscript:msgbox(1))`,
  `[file](file:///etc/passwd)`,
  `![tracker](https://evil.example/track.png)`,
  `![data svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
  `<https://evil.example/autolink>`,
  '```"><img src=x onerror="' + CALL + '">\ncode with a hostile language name\n```',
  '```javascript:alert(1)\nx\n```',
  `$\\href{javascript:${CALL}}{katex link}$`,
  `$$\\url{javascript:${CALL}}$$`,
  `$\\htmlData{foo=bar}{x}$ and $\\includegraphics{https://evil.example/k.png}$`,
  `Footnote[^1]\n\n[^1]: <img src=x onerror="${CALL}">`,
];

/** Clicked last: once main was asked to open it, every click before it has been handled. */
const LAST_LINK = 'https://example.com/clicked-last';

const ANSWER = [...PAYLOADS, `[the last link](${LAST_LINK})`].join('\n\n');

test('a malicious answer and title execute nothing and load nothing', async ({ app }) => {
  const { page, server } = app;
  const executions: string[] = [];
  await page.exposeFunction('__pwned', () => executions.push('pwned'));
  page.on('dialog', (dialog) => {
    executions.push(`dialog:${dialog.message()}`);
    void dialog.dismiss();
  });

  server.script({ text: ANSWER, chunkChars: 7 });
  await app.open();
  const startUrl = page.url();
  const hostileQuestion = `<img src=x onerror="${CALL}"> <script>${CALL}</script> [t](javascript:${CALL})`;
  await page.getByTestId('composer-input').fill(hostileQuestion);
  await page.getByTestId('composer-input').press('Enter');
  const message = page.locator('[data-testid="message"][data-role="assistant"]').last();
  await expect(message).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  const answer = message.getByTestId('message-content');
  // The payloads did arrive: shown as text or as inert Markdown, never as markup.
  await expect(answer).toContainText('<script>');
  await expect(answer).toContainText('mixed case');
  await expect(answer).toContainText('code with a hostile language name');

  // The question shows as text, in the message and in the sidebar title.
  await expect(page.locator('[data-testid="message"][data-role="user"]').last()).toContainText(
    '<img src=x',
  );
  await expect(page.getByTestId('conversation-item').first()).toContainText('<img');

  const dom = await answer.evaluate((node) => ({
    scripts: node.querySelectorAll('script').length,
    iframes: node.querySelectorAll('iframe, object, embed, form, base, meta, link, style').length,
    handlers: [...node.querySelectorAll('*')].flatMap((element) =>
      [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((a) => a.name),
    ),
    hrefs: [...node.querySelectorAll('[href]')].map(
      (element) => element.getAttribute('href') ?? '',
    ),
    srcs: [...node.querySelectorAll('[src]')].map((element) => element.getAttribute('src') ?? ''),
  }));
  expect(dom.scripts).toBe(0);
  expect(dom.iframes).toBe(0);
  expect(dom.handlers).toEqual([]);
  for (const href of dom.hrefs) expect(href).toMatch(/^(https?:|#)/);
  for (const src of dom.srcs) expect(src).not.toMatch(/^(https?:|javascript:)/i);

  // Click everything clickable in the answer's content: links open only through main, never in the page.
  const clickables = answer.locator('a, button').filter({ hasNotText: 'the last link' });
  const count = await clickables.count();
  for (let index = 0; index < count; index += 1) {
    await clickables
      .nth(index)
      .click({ force: true, noWaitAfter: true })
      .catch(() => {});
  }
  await answer.getByRole('link', { name: 'the last link' }).click();
  await expect.poll(() => app.openedExternally.at(-1)).toBe(LAST_LINK);
  // Links went to main (the system browser), and only http(s) ones.
  for (const url of app.openedExternally) expect(url).toMatch(/^https?:/);
  expect(page.url()).toBe(startUrl);
  expect(executions).toEqual([]);
  await app.screenshot('xss-answer');
});

test('a malicious HTML error page from a proxy shows as a plain error', async ({ app }) => {
  const { page, server } = app;
  const executions: string[] = [];
  await page.exposeFunction('__pwned', () => executions.push('pwned'));
  server.script({
    status: 502,
    contentType: 'text/html',
    body: `<html><body><h1>Bad gateway</h1><img src=x onerror="${CALL}"><script>${CALL}</script></body></html>`,
  });
  server.script({ status: 502, contentType: 'text/html', body: '<html><h1>502</h1></html>' });
  server.script({ status: 502, contentType: 'text/html', body: '<html><h1>502</h1></html>' });
  server.script({ status: 502, contentType: 'text/html', body: '<html><h1>502</h1></html>' });
  await app.open();
  await page.getByTestId('composer-input').fill('Hello');
  await page.getByTestId('composer-input').press('Enter');
  const banner = page.getByTestId('error-banner');
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner.locator('img, script')).toHaveCount(0);
  expect(executions).toEqual([]);
});
