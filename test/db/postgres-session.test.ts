import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { configureSession } from '../../db/postgres/open-postgres-store.ts';
import { postgresUnderTest } from '../helpers/store-backends.ts';
import { testPostgresUrl } from '../helpers/test-postgres-url.ts';

const postgres = postgresUnderTest();

/**
 * Every store connection runs without JIT and without parallel workers:
 * generic plans of paged queries (`LIMIT $n`) are costed as unbounded, and at
 * a million votes each recount page paid for both (see configureSession).
 */
describe.skipIf(postgres.skip)('a PostgreSQL store connection', () => {
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- pg-pool awaits the hook (the store passes it the same way)
  const pool = new pg.Pool({ connectionString: testPostgresUrl(process.env), max: 5, onConnect: configureSession });
  afterAll(() => pool.end());

  it('is set up before its first query, on every connection of the pool', async () => {
    const sql = `SELECT current_setting('jit') AS jit, current_setting('max_parallel_workers_per_gather') AS workers, pg_backend_pid() AS pid`;
    // More queries at once than connections: each new connection's first query must already see the settings.
    type Seen = { jit: string; workers: string; pid: number };
    const rows = (await Promise.all(Array.from({ length: 12 }, () => pool.query<Seen>(sql)))).map((r) => r.rows[0]!);
    expect(new Set(rows.map((r) => r.pid)).size).toBe(5);
    expect(rows.every((r) => r.jit === 'off' && r.workers === '0')).toBe(true);
  });
});
