import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests in a real browser (`npm run test:e2e`): Debian's Chromium driven by
 * playwright-core against the real server. One spec file at a time: each starts its own
 * server and browser.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.spec.ts'],
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
