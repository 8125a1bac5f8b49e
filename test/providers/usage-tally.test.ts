import { describe, expect, it } from 'vitest';
import { UsageTally } from '../../server/providers/usage-tally.ts';

describe('UsageTally', () => {
  it('is empty, not zero, before any report', () => {
    expect(new UsageTally().toUsage()).toEqual({});
  });

  it('takes only non-negative integers: nulls, floats, strings and negatives are unknown', () => {
    const t = new UsageTally();
    t.add({ input: null, output: 1.5, cacheRead: '3', cacheWrite: -1 });
    expect(t.toUsage()).toEqual({});
    t.add({ input: 0, output: 7 });
    expect(t.toUsage()).toEqual({ inputTokens: 0, outputTokens: 7 });
  });

  it('lets a later report supersede field by field, keeping what it leaves out', () => {
    const t = new UsageTally();
    t.add({ input: 10, cacheRead: 4, output: 1 });
    t.add({ output: 9, cacheRead: null });
    expect(t.toUsage()).toEqual({ inputTokens: 10, cachedInputTokens: 4, outputTokens: 9 });
  });

  it('adds cache reads and writes to an uncached input count', () => {
    const t = new UsageTally();
    t.add({ uncachedInput: 5, cacheRead: 100, cacheWrite: 20 });
    expect(t.toUsage()).toEqual({ inputTokens: 125, cachedInputTokens: 100 });
  });

  it('prefers a reported total input over the uncached sum', () => {
    const t = new UsageTally();
    t.add({ input: 50, uncachedInput: 5, cacheRead: 10 });
    expect(t.toUsage()).toEqual({ inputTokens: 50, cachedInputTokens: 10 });
  });
});
