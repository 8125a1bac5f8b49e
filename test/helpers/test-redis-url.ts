/** The Redis the tests use: VERSUS_TEST_REDIS_URL, else the development and CI machines' own. Tests keep to keys of their own prefix. */
export function testRedisUrl(env: Record<string, string | undefined> = process.env): string {
  return env['VERSUS_TEST_REDIS_URL'] || 'redis://127.0.0.1:6379';
}
