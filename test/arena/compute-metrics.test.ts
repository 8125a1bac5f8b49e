import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../server/arena/compute-metrics.ts';

const pricing = { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 };

describe('computeMetrics', () => {
  it('measures TTFT, latency and decode speed from monotonic stamps', () => {
    const m = computeMetrics({ t0: 1000, firstTextAt: 1250, lastTextAt: 2250, endAt: 2300 }, { inputTokens: 10, outputTokens: 21 }, {}, pricing);
    expect(m.ttftMs).toBe(250);
    expect(m.latencyMs).toBe(1300);
    expect(m.decodeMs).toBe(1000);
    // 20 intervals between 21 tokens over one second.
    expect(m.outputTokensPerSecond).toBeCloseTo(20, 10);
    expect(m.estimated).toEqual({ inputTokens: false, outputTokens: false });
  });

  it('flags estimates only where usage was missing', () => {
    const m = computeMetrics({ t0: 0 }, { inputTokens: 7 }, { inputTokens: 99, outputTokens: 12 }, pricing);
    expect(m.inputTokens).toBe(7);
    expect(m.outputTokens).toBe(12);
    expect(m.estimated).toEqual({ inputTokens: false, outputTokens: true });
    expect(m.ttftMs).toBeNull();
  });

  it('prices the answer from its counts', () => {
    const m = computeMetrics({ t0: 0 }, { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 400 }, {}, pricing);
    expect(m.costUsd).toBeCloseTo((600 * 2 + 400 * 0.5 + 500 * 8) / 1e6, 15);
  });
});
