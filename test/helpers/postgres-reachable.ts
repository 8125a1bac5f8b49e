import pg from 'pg';

/** Whether a PostgreSQL server at `url` answers a query within `timeoutMs`. */
export async function postgresReachable(url: string, timeoutMs = 2_000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A refused or dropped connection is an answer here ("no"), never a crash of the test run.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
