import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { configureSession } from '../../db/postgres/open-postgres-store.ts';
import { postgresUnderTest } from '../helpers/store-backends.ts';
import { testPostgresUrl } from '../helpers/test-postgres-url.ts';

const postgres = postgresUnderTest();

/**
 * Every store connection turns off JIT and parallel workers before its first
 * query: generic plans of paged queries (`LIMIT $n`) are costed as unbounded,
 * and at a million votes each recount page paid for both (see configureSession).
 */
describe.skipIf(postgres.skip)('a PostgreSQL store connection', () => {
  const client = new pg.Client({ connectionString: testPostgresUrl(process.env) });
  afterAll(() => client.end());

  it('runs without JIT and without parallel workers', async () => {
    await client.connect();
    await client.query('SET jit = on; SET max_parallel_workers_per_gather = 2');
    await configureSession(client);
    const setting = async (name: string) => (await client.query<{ v: string }>(`SELECT current_setting('${name}') AS v`)).rows[0]!.v;
    expect(await setting('jit')).toBe('off');
    expect(await setting('max_parallel_workers_per_gather')).toBe('0');
  });
});
