import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/web-e2e',
  // Two cores here: one browser at a time keeps timings honest and the machine responsive.
  workers: 1,
  fullyParallel: false,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1100, height: 760 },
    trace: 'retain-on-failure',
  },
});
