import { describe, expect, it } from 'vitest';
import { computeMetrics, costUsd, tokensPerSecond } from '../../shared/metrics.ts';
import { blendedPricePerMTok } from '../../shared/catalog.ts';

const pricing = { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 };

describe('metrics', () => {
  it('measures TTFT, latency and decode speed from monotonic stamps', () => {
    const m = computeMetrics({ t0: 1000, firstTextAt: 1250, lastTextAt: 2250, endAt: 2300 }, { inputTokens: 10, outputTokens: 21 }, {}, pricing);
    expect(m.ttftMs).toBe(250);
    expect(m.latencyMs).toBe(1300);
    expect(m.decodeMs).toBe(1000);
    // 20 intervals between 21 tokens over one second.
    expect(m.outputTokensPerSecond).toBeCloseTo(20, 10);
    expect(m.estimated).toEqual({ inputTokens: false, outputTokens: false });
  });

  it('gives no speed for fewer than two tokens or a zero window', () => {
    expect(tokensPerSecond(1, 500)).toBeNull();
    expect(tokensPerSecond(5, 0)).toBeNull();
    expect(tokensPerSecond(null, 500)).toBeNull();
  });

  it('prices cached input at the cached rate and the rest at the input rate', () => {
    // 1000 input of which 400 cached, 500 output.
    const c = costUsd(pricing, { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 400 });
    expect(c).toBeCloseTo((600 * 2 + 400 * 0.5 + 500 * 8) / 1e6, 15);
  });

  it('bills cached tokens as input when no cached price is published', () => {
    const c = costUsd({ inputPerMTok: 1, outputPerMTok: 3, cachedInputPerMTok: null }, { inputTokens: 100, outputTokens: 10, cachedInputTokens: 50 });
    expect(c).toBeCloseTo((100 * 1 + 10 * 3) / 1e6, 15);
  });

  it('has no cost when a price or a count is unknown', () => {
    expect(costUsd({ inputPerMTok: null, outputPerMTok: 1, cachedInputPerMTok: null }, { inputTokens: 1, outputTokens: 1, cachedInputTokens: null })).toBeNull();
    expect(costUsd(pricing, { inputTokens: null, outputTokens: 1, cachedInputTokens: null })).toBeNull();
  });

  it('flags estimates only where usage was missing', () => {
    const m = computeMetrics({ t0: 0 }, { inputTokens: 7 }, { inputTokens: 99, outputTokens: 12 }, pricing);
    expect(m.inputTokens).toBe(7);
    expect(m.outputTokens).toBe(12);
    expect(m.estimated).toEqual({ inputTokens: false, outputTokens: true });
    expect(m.ttftMs).toBeNull();
  });

  it('blends prices 3:1', () => {
    expect(blendedPricePerMTok({ inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: null })).toBeCloseTo(0.7, 12);
    expect(blendedPricePerMTok({ inputPerMTok: null, outputPerMTok: 1.6, cachedInputPerMTok: null })).toBeNull();
  });
});
