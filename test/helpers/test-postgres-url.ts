/** The PostgreSQL the tests use: VERSUS_TEST_PG_URL, else the development and CI machines' own (trust auth, database `test`). */
export function testPostgresUrl(env: Record<string, string | undefined> = process.env): string {
  return env['VERSUS_TEST_PG_URL'] || 'postgres://postgres@127.0.0.1:5432/test';
}
