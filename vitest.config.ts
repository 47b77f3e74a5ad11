import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['common/**/__tests__/**/*.test.ts', 'electron/**/__tests__/**/*.test.ts', 'renderer/**/__tests__/**/*.test.{ts,tsx}', 'tests/**/*.integrationTest.ts'],
    exclude: ['**/node_modules/**', 'tests/fixtures/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: the real model, SQLite and sharp already use both; more forks only thrash.
    pool: 'forks',
    maxWorkers: 2,
  },
});
