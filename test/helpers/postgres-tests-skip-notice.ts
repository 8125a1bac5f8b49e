import { postgresLocation } from '../../db/postgres/postgres-location.ts';
import { onCi } from './on-ci.ts';
import { testPostgresUrl } from './test-postgres-url.ts';

/**
 * The one line to print when the PostgreSQL half of the store tests is left
 * out, or null when it runs. Without a reachable server a developer's
 * `npm test` still passes and says how to run them; on CI they run anyway,
 * so a server that is down fails loudly instead of passing by skipping.
 */
export function postgresTestsSkipNotice(env: Record<string, string | undefined>, reachable: boolean): string | null {
  if (reachable || onCi(env)) return null;
  return (
    `PostgreSQL tests skipped: nothing answers at ${postgresLocation(testPostgresUrl(env))}. ` +
    `Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start, as .ci/run does) or set VERSUS_TEST_PG_URL to run them (with CI=true they run, and fail without it).`
  );
}
