import { defineConfig } from 'vitest/config';

// Browser tier: specs share the server started by e2e/run.mjs (YTE_E2E_BASE_URL); files run one at a time.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['specs/**/*.spec.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
