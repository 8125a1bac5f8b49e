import { defineConfig } from 'vitest/config';
import { browserTestsSkipNotice } from './test/e2e/browser-tests-skip-notice.ts';

const BROWSER_TESTS = 'test/e2e/**/*.e2e.test.ts';
const browserSkipNotice = browserTestsSkipNotice(process.env);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Timing assertions run in a pass of their own (vitest.timing.config.ts), alone on the machine.
    exclude: ['test/**/*.timing.test.ts', '**/node_modules/**', ...(browserSkipNotice ? [BROWSER_TESTS] : [])],
    // Said under the summary, where it is read, rather than hidden in a count of files.
    reporters: ['default', ...(browserSkipNotice ? [{ onTestRunEnd: () => console.log(`${browserSkipNotice}\n`) }] : [])],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests open real ports and real model contexts on a 2-core machine:
    // a couple of workers keeps timing assertions honest.
    maxWorkers: 2,
  },
});
