import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/ipc/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // The start-up test (test/unit/main/lifecycle/startup.test.ts) runs main/index.ts against a stand-in for
    // Electron; a package that imports `electron` itself must go through Vite to see the stand-in.
    server: { deps: { inline: ['electron-store'] } },
  },
});
