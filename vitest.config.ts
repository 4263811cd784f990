import { defineConfig } from 'vitest/config';

// One runner for the unit and integration tiers; the browser tier is e2e/run.mjs.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Fails the run at once, with how to fix it, when the PostgreSQL test database is missing.
    globalSetup: ['apps/server/src/testing/global-setup.ts'],
  },
});
