import { describe, expect, it } from 'vitest';
import { redisTestsSkipNotice } from '../helpers/redis-tests-skip-notice.ts';

describe('when the tests that need Redis run', () => {
  it('run wherever Redis answers', () => {
    expect(redisTestsSkipNotice({}, true)).toBeNull();
    expect(redisTestsSkipNotice({ CI: 'true' }, true)).toBeNull();
  });

  it('without Redis on a developer machine, are skipped with one line saying where it was looked for and how to run them', () => {
    const notice = redisTestsSkipNotice({ VERSUS_TEST_REDIS_URL: 'redis://:hunter2@cache.local:6380' }, false);
    expect(notice).toMatch(/^Redis tests skipped: nothing answers at cache\.local:6380\. /);
    expect(notice).not.toContain('hunter2');
    expect(notice).toMatch(/VERSUS_TEST_REDIS_URL/);
    expect(notice).not.toContain('\n');
    expect(redisTestsSkipNotice({ CI: 'false' }, false)).toMatch(/at 127\.0\.0\.1:6379\./);
  });

  it('on CI always run, so a Redis that is down fails instead of passing quietly', () => {
    expect(redisTestsSkipNotice({ CI: 'true' }, false)).toBeNull();
    expect(redisTestsSkipNotice({ CI: '1' }, false)).toBeNull();
  });
});
