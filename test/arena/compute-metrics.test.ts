import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../server/arena/compute-metrics.ts';
import { SideMetrics } from '../../shared/metrics.ts';

const pricing = { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 };

describe('computeMetrics', () => {
  it('measures TTFT, latency and decode speed from monotonic stamps', () => {
    const m = computeMetrics(
      { t0: 1000, firstTextAt: 1250, lastTextAt: 2250, endAt: 2300 },
      { inputTokens: 10, outputTokens: 21 },
      {},
      pricing,
    );
    expect(m.ttftMs).toBe(250);
    expect(m.latencyMs).toBe(1300);
    expect(m.decodeMs).toBe(1000);
    // 20 intervals between 21 tokens over one second.
    expect(m.outputTokensPerSecond).toBeCloseTo(20, 10);
    expect(m.speedNote).toBeNull();
    expect(m.estimated).toEqual({ inputTokens: false, outputTokens: false });
    expect(m.serverReported).toBeNull();
  });

  it('withholds the speed of a short window and says why', () => {
    const m = computeMetrics({ t0: 0, firstTextAt: 100, lastTextAt: 105, endAt: 106 }, { outputTokens: 16 }, {}, pricing);
    expect(m.decodeMs).toBe(5);
    expect(m.outputTokensPerSecond).toBeNull();
    expect(m.speedNote).toBe('window_too_short');
  });

  it("keeps the server's own timings apart from what Versus observed", () => {
    const serverReported = {
      outputTokens: 16,
      decodeMs: 2.07,
      outputTokensPerSecond: 7726,
      promptTokens: 12,
      promptMs: 3.5,
      promptTokensPerSecond: 3429,
    };
    const m = computeMetrics({ t0: 0, firstTextAt: 100, lastTextAt: 105, endAt: 106 }, { outputTokens: 16 }, {}, pricing, serverReported);
    expect(m.serverReported).toEqual(serverReported);
    expect(m.outputTokensPerSecond).toBeNull();
    expect(SideMetrics.parse(m)).toEqual(m);
  });

  it('flags estimates only where usage was missing', () => {
    const m = computeMetrics({ t0: 0 }, { inputTokens: 7 }, { inputTokens: 99, outputTokens: 12 }, pricing);
    expect(m.inputTokens).toBe(7);
    expect(m.outputTokens).toBe(12);
    expect(m.estimated).toEqual({ inputTokens: false, outputTokens: true });
    expect(m.ttftMs).toBeNull();
    expect(m.speedNote).toBe('no_output');
  });

  it('prices the answer from its counts', () => {
    const m = computeMetrics({ t0: 0 }, { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 400 }, {}, pricing);
    expect(m.costUsd).toBeCloseTo((600 * 2 + 400 * 0.5 + 500 * 8) / 1e6, 15);
  });
});
