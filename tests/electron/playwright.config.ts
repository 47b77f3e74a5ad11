import path from 'node:path';
import { defineConfig } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * The packaged-shell suite: the real Electron window (Playwright's _electron) over the bundled
 * main, preload and engine worker. Where Electron's binary is absent every test skips with the reason.
 * Run: npx playwright test -c tests/electron/playwright.config.ts
 */
export default defineConfig({
  testDir: import.meta.dirname,
  testMatch: '**/*.e2e.ts',
  globalSetup: path.join(import.meta.dirname, 'global-setup.ts'),
  outputDir: path.join(ROOT, 'test-results', 'electron'),
  timeout: 6 * 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  // The JSON report is what `npm test` totals (scripts/run-tests.js sets its path).
  reporter: [
    ['list'],
    [
      'json',
      { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? path.join(ROOT, 'test-results', 'electron-e2e.json') },
    ],
  ],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
