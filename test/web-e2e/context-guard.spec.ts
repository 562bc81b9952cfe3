/**
 * The guard every web e2e test runs under (test/support/context-guard.ts) watches the whole browser
 * context: a window opened later, a worker, a popup. And what it sees fails the test.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Appends an inline script, which the CSP refuses; resolves once the refusal was reported. */
const breakCspInline = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        document.addEventListener('securitypolicyviolation', () => resolve(), { once: true });
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true';
        document.head.append(script);
      }),
  );

test('sees a CSP violation in a window opened later and in a worker, and a popup going outside', async ({
  app,
}) => {
  const page = await app.open();

  // A second window of the app, opened after the first.
  const later = await app.openWindow('quick-ask.html', 2);
  await breakCspInline(later);
  await expect
    .poll(() => app.guard.violations)
    .toEqual([expect.objectContaining({ directive: 'script-src-elem', where: later.url() })]);
  app.guard.takeViolations();

  // A worker of the first window (the history worker starts with the app).
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  const worker = page.workers()[0]!;
  const fetched = await worker.evaluate(() =>
    fetch('https://example.com/from-a-worker').then(
      () => 'ran',
      () => 'blocked',
    ),
  );
  expect(fetched).toBe('blocked');
  await expect
    .poll(() => app.guard.violations)
    .toEqual([
      expect.objectContaining({
        directive: 'connect-src',
        blocked: 'https://example.com/from-a-worker',
        where: worker.url(),
      }),
    ]);
  app.guard.takeViolations();

  // A popup: navigation is not the CSP's to refuse, so the request itself is what gets caught.
  const popup = page.waitForEvent('popup');
  await page.evaluate(() => void window.open('http://outside.invalid/popup'));
  await popup;
  await expect.poll(() => app.guard.outsideRequests).toEqual(['http://outside.invalid/popup']);
  app.guard.takeOutsideRequests();

  // A spec that serves its own page names its origin; requests there are then the app's own.
  app.guard.allowOrigin('http://served-by-the-spec.invalid');
  const ownRequest = page
    .context()
    .waitForEvent('requestfailed', (request) => request.url().includes('served-by-the-spec'));
  await page.evaluate(() => void window.open('http://served-by-the-spec.invalid/page'));
  // The request was made (and failed: no such host), so the guard has already seen it.
  await ownRequest;
  expect(app.guard.outsideRequests).toEqual([]);
});

test('a violation nobody took fails the test', async ({ app }) => {
  // Expected to fail, and only the guard's check at the end can fail it: the rest of the body passes.
  test.fail();
  await app.open();
  const later = await app.openWindow('quick-ask.html', 2);
  await breakCspInline(later);
});
