import { defineConfig } from 'vitest/config';
import { browserTestsSkipNotice } from './test/e2e/browser-tests-skip-notice.ts';
import { postgresReachable } from './test/helpers/postgres-reachable.ts';
import { postgresTestsSkipNotice } from './test/helpers/postgres-tests-skip-notice.ts';
import { redisReachable } from './test/helpers/redis-reachable.ts';
import { redisTestsSkipNotice } from './test/helpers/redis-tests-skip-notice.ts';
import { testRedisUrl } from './test/helpers/test-redis-url.ts';
import { testPostgresUrl } from './test/helpers/test-postgres-url.ts';

const BROWSER_TESTS = 'test/e2e/**/*.e2e.test.ts';

export default defineConfig(async () => {
  const browserSkipNotice = browserTestsSkipNotice(process.env);
  const postgresSkipNotice = postgresTestsSkipNotice(process.env, await postgresReachable(testPostgresUrl(process.env)));
  const redisSkipNotice = redisTestsSkipNotice(process.env, await redisReachable(testRedisUrl(process.env)));
  // Said under the summary, where they are read, rather than hidden in a count of files.
  const notices = [browserSkipNotice, postgresSkipNotice, redisSkipNotice].filter((n): n is string => n !== null);
  return {
    test: {
      include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
      // Timing assertions run in a pass of their own (vitest.timing.config.ts), alone on the machine.
      exclude: ['test/**/*.timing.test.ts', '**/node_modules/**', ...(browserSkipNotice ? [BROWSER_TESTS] : [])],
      // The PostgreSQL halves of the store tests read this (test/helpers/store-backends.ts) and skip themselves.
      // The scale-out tests read VERSUS_TEST_REDIS_SKIP the same way (test/scale/).
      env: { ...(postgresSkipNotice ? { VERSUS_TEST_PG_SKIP: '1' } : {}), ...(redisSkipNotice ? { VERSUS_TEST_REDIS_SKIP: '1' } : {}) },
      reporters: ['default', ...(notices.length ? [{ onTestRunEnd: () => console.log(`${notices.join('\n')}\n`) }] : [])],
      environment: 'node',
      testTimeout: 30_000,
      hookTimeout: 60_000,
      // Tests open real ports and real model contexts on a 2-core machine:
      // a couple of workers keeps timing assertions honest.
      maxWorkers: 2,
    },
  };
});
