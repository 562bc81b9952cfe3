/**
 * The CSP of the built pages, as served by the same resolver the app:// protocol uses, and enforced by
 * real Chromium: no inline script, no eval allowed by the policy, no outside origin.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RENDERER_CSP } from '../../main/windows/renderer-files';
import { expect, test } from './fixtures';
import { rendererDir } from '../support/main-host';

const pages = readdirSync(rendererDir).filter((name) => name.endsWith('.html'));

const directives = (policy: string): Map<string, string[]> =>
  new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );

test('every built page carries a strict CSP, in its header and its meta tag', () => {
  expect(pages).toContain('index.html');
  for (const page of pages) {
    const html = readFileSync(path.join(rendererDir, page), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta, `${page} has a CSP meta tag`).toBeTruthy();
    for (const policy of [meta!, RENDERER_CSP]) {
      const csp = directives(policy);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(csp.get('connect-src')).toEqual(["'self'"]);
      expect(policy).not.toMatch(/'unsafe-eval'|https?:|\*/);
      for (const [name, values] of csp) {
        if (name !== 'style-src-attr') expect(values, name).not.toContain("'unsafe-inline'");
      }
      expect(csp.get('style-src')).toEqual(["'self'"]);
    }
    // No inline script in the built page: every <script> has a src.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc=/);
  }
});

test('Chromium enforces it: inline scripts and outside fetches are refused', async ({ app }) => {
  const { page } = app;
  const served = page.waitForResponse((response) => response.url().endsWith('/index.html'));
  await app.open();
  expect((await served).headers()['content-security-policy']).toBe(RENDERER_CSP);
  const outcome = await page.evaluate(async () => {
    const marks = window as unknown as Record<string, unknown>;
    const violation = new Promise<string>((resolve) =>
      document.addEventListener(
        'securitypolicyviolation',
        (event) => resolve(event.effectiveDirective),
        {
          once: true,
        },
      ),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    const refused = await violation;
    const fetchResult = await fetch('https://example.com/').then(
      () => 'ran',
      () => 'blocked',
    );
    return { inline: marks.__inlineRan === true, refused, fetchResult };
  });
  expect(outcome).toEqual({ inline: false, refused: 'script-src-elem', fetchResult: 'blocked' });
  // The guard saw both refusals; they were provoked here, so they are taken off its list.
  await expect
    .poll(() => app.guard.violations.map(({ directive, blocked }) => `${directive} ${blocked}`))
    .toEqual(['script-src-elem inline', 'connect-src https://example.com/']);
  app.guard.takeViolations();
  expect(app.guard.outsideRequests).toEqual([]);
});
