import { onCi } from './on-ci.ts';
import { testRedisUrl } from './test-redis-url.ts';

/**
 * The one line to print when the tests that need Redis are left out, or null
 * when they run: as for PostgreSQL (postgres-tests-skip-notice.ts), a
 * developer without Redis still passes `npm test` and is told how to run them;
 * on CI they run anyway and fail without it.
 */
export function redisTestsSkipNotice(env: Record<string, string | undefined>, reachable: boolean): string | null {
  if (reachable || onCi(env)) return null;
  const where = new URL(testRedisUrl(env)).host;
  return (
    `Redis tests skipped: nothing answers at ${where}. ` +
    `Start it (redis-server --daemonize yes) or set VERSUS_TEST_REDIS_URL to run them (with CI=true they run, and fail without it).`
  );
}
