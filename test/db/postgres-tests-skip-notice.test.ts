import { describe, expect, it } from 'vitest';
import { postgresTestsSkipNotice } from '../helpers/postgres-tests-skip-notice.ts';

describe('when the PostgreSQL halves of the store tests run', () => {
  it('run wherever PostgreSQL answers', () => {
    expect(postgresTestsSkipNotice({}, true)).toBeNull();
    expect(postgresTestsSkipNotice({ CI: 'true' }, true)).toBeNull();
  });

  it('without PostgreSQL on a developer machine, are skipped with one line saying where it was looked for and how to run them', () => {
    const notice = postgresTestsSkipNotice({ VERSUS_TEST_PG_URL: 'postgres://me:hunter2@db.local:6543/versus' }, false);
    expect(notice).toMatch(/^PostgreSQL tests skipped: nothing answers at postgres:\/\/me@db\.local:6543\/versus\. /);
    expect(notice).not.toContain('hunter2');
    expect(notice).toMatch(/pg_ctlcluster/);
    expect(notice).toMatch(/VERSUS_TEST_PG_URL/);
    expect(notice).not.toContain('\n');
    expect(postgresTestsSkipNotice({ CI: 'false' }, false)).toMatch(/at postgres:\/\/postgres@127\.0\.0\.1:5432\/test\./);
  });

  it('on CI always run, so a server that is down fails instead of passing quietly', () => {
    expect(postgresTestsSkipNotice({ CI: 'true' }, false)).toBeNull();
    expect(postgresTestsSkipNotice({ CI: '1' }, false)).toBeNull();
  });
});
