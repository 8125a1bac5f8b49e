import { describe, expect, it } from 'vitest';
import { Foreground, QUIET_MS, STEP_ASIDE_MS, foreground } from '../../server/foreground.ts';
import { createTestApp } from '../helpers/test-app.ts';

describe('Foreground: background work gives way to requests', () => {
  it('is busy for QUIET_MS after a request or message, then quiet again', () => {
    let now = 1_000;
    const f = new Foreground(() => now);
    expect(f.busy()).toBe(false);
    f.touch();
    now += QUIET_MS - 1;
    expect(f.busy()).toBe(true);
    now += 1;
    expect(f.busy()).toBe(false);
  });

  it('steps aside STEP_ASIDE_MS between slices while busy, and only takes a turn of the event loop when quiet', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const f = new Foreground(
      () => now,
      (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    );
    await f.turn();
    expect(sleeps).toEqual([]);
    f.touch();
    await f.turn();
    now += QUIET_MS / 2;
    await f.turn();
    expect(sleeps).toEqual([STEP_ASIDE_MS, STEP_ASIDE_MS]);
    now += QUIET_MS;
    await f.turn();
    expect(sleeps).toHaveLength(2);
  });

  it("is the process's, touched by every HTTP request the app serves, before the request's own work", async () => {
    const t = await createTestApp({ endpoints: [], models: [] });
    try {
      const before = performance.now();
      expect(foreground.lastSeenAt).toBeLessThan(before);
      const res = await t.app.request('/api/health');
      expect(res.status).toBe(200);
      expect(foreground.lastSeenAt).toBeGreaterThanOrEqual(before);
    } finally {
      t.close();
    }
  });
});
