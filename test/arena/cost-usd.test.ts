import { describe, expect, it } from 'vitest';
import { costUsd } from '../../server/arena/cost-usd.ts';

const pricing = { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 };

describe('costUsd', () => {
  it('prices cached input at the cached rate and the rest at the input rate', () => {
    // 1000 input of which 400 cached, 500 output.
    const c = costUsd(pricing, { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 400 });
    expect(c).toBeCloseTo((600 * 2 + 400 * 0.5 + 500 * 8) / 1e6, 15);
  });

  it('bills cached tokens as input when no cached price is published', () => {
    const c = costUsd(
      { inputPerMTok: 1, outputPerMTok: 3, cachedInputPerMTok: null },
      { inputTokens: 100, outputTokens: 10, cachedInputTokens: 50 },
    );
    expect(c).toBeCloseTo((100 * 1 + 10 * 3) / 1e6, 15);
  });

  it('has no cost when a price or a count is unknown', () => {
    expect(
      costUsd(
        { inputPerMTok: null, outputPerMTok: 1, cachedInputPerMTok: null },
        { inputTokens: 1, outputTokens: 1, cachedInputTokens: null },
      ),
    ).toBeNull();
    expect(costUsd(pricing, { inputTokens: null, outputTokens: 1, cachedInputTokens: null })).toBeNull();
  });
});
