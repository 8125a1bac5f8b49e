import { describe, expect, it } from 'vitest';
import { browserTestsSkipNotice } from './browser-tests-skip-notice.ts';

const only = (path: string) => (p: string) => p === path;

describe('when the browser tests run', () => {
  it('run wherever Chromium is found, at /usr/bin/chromium or VERSUS_CHROMIUM', () => {
    expect(browserTestsSkipNotice({}, only('/usr/bin/chromium'))).toBeNull();
    expect(browserTestsSkipNotice({ VERSUS_CHROMIUM: '/opt/chrome' }, only('/opt/chrome'))).toBeNull();
  });

  it('without Chromium on a developer machine, are skipped with one line saying how to run them', () => {
    const notice = browserTestsSkipNotice({ VERSUS_CHROMIUM: '/nonexistent' }, () => false);
    expect(notice).toMatch(/^Browser tests skipped: Chromium not found at \/nonexistent\. /);
    expect(notice).toMatch(/apt-get install -y chromium/);
    expect(notice).toMatch(/VERSUS_CHROMIUM/);
    expect(notice).not.toContain('\n');
    expect(browserTestsSkipNotice({ CI: 'false' }, () => false)).toMatch(/not found at \/usr\/bin\/chromium/);
    expect(browserTestsSkipNotice({ CI: '' }, () => false)).not.toBeNull();
  });

  it('on CI always run, so a missing browser fails instead of passing quietly', () => {
    expect(browserTestsSkipNotice({ CI: 'true' }, () => false)).toBeNull();
    expect(browserTestsSkipNotice({ CI: '1' }, () => false)).toBeNull();
  });
});
