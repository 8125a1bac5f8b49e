import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Timing assertions run in a pass of their own (vitest.timing.config.ts), alone on the machine.
    exclude: ['test/**/*.timing.test.ts', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests open real ports and real model contexts on a 2-core machine:
    // a couple of workers keeps timing assertions honest.
    maxWorkers: 2,
  },
});
