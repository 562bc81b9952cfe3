/**
 * The history store in real Chromium: the real worker, sqlite-wasm and OPFS, behind the app's CSP.
 * Run: npx playwright test -c test/history-e2e/playwright.config.ts
 */
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  // One browser at a time: the machine is shared, and each test already runs two windows at most.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../test-results/history-e2e',
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
});
