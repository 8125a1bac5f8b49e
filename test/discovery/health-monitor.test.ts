import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHealthMonitor, type HealthMonitor } from '../../server/providers/health-monitor.ts';
import { createLogger } from '../../server/logger.ts';

const log = createLogger('silent', []);
let monitor: HealthMonitor | undefined;

afterEach(async () => {
  await monitor?.stop();
  vi.useRealTimers();
});

describe('the endpoint health monitor', () => {
  it('looks every interval, one look at a time', async () => {
    vi.useFakeTimers();
    let looks = 0;
    monitor = startHealthMonitor({
      intervalMs: 30_000,
      log,
      look: () => {
        looks++;
        return Promise.resolve();
      },
    });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(looks).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(looks).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(looks).toBe(3);
  });

  it('looks soon after a kick, but not more often than the minimum gap, and not at all once stopped', async () => {
    vi.useFakeTimers();
    let looks = 0;
    monitor = startHealthMonitor({
      intervalMs: 0,
      minGapMs: 2_000,
      log,
      look: () => {
        looks++;
        return Promise.resolve();
      },
    });
    monitor.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(looks).toBe(1);
    monitor.kick();
    monitor.kick();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(looks).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(looks).toBe(2);
    await monitor.stop();
    monitor.kick();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(looks).toBe(2);
  });

  it('keeps looking after a look fails', async () => {
    vi.useFakeTimers();
    let looks = 0;
    monitor = startHealthMonitor({
      intervalMs: 1_000,
      log,
      look: () => {
        looks++;
        return Promise.reject(new Error('probe blew up'));
      },
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(looks).toBe(3);
  });
});
