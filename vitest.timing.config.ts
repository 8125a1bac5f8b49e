import { defineConfig } from 'vitest/config';

/**
 * Tests that assert measured time (TTFT, tokens/s) run after the main suite,
 * one file at a time, so CPU-heavy tests (local inference, the browser) never
 * share the two cores with them.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.timing.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
