/**
 * What every history e2e test runs under: the context guard (test/support/context-guard.ts). A
 * request outside the harness's origin, or a CSP violation in any page or worker of the test's
 * browser context, fails the test; a test that provokes one takes it off the guard's list.
 */
import { test as base, expect } from '@playwright/test';
import { runGuarded, type ContextGuard } from '../support/context-guard';
import { baseUrl } from './harness-page';

export const test = base.extend<{ guard: ContextGuard }>({
  guard: [async ({ context }, use) => runGuarded(context, [baseUrl()], use), { auto: true }],
});

export { expect };
