import { defineConfig } from '@playwright/test';
import { findElectronBinary, SKIP_REASON } from './electron-binary';

if (!findElectronBinary()) console.log(`\nElectron e2e suite skipped: ${SKIP_REASON}\n`);

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/electron-e2e',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
});
