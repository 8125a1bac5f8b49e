import { describe, expect, it } from 'vitest';
import { formatMix, MIX_1_TO_1, MIX_3_TO_1, mixedPricePerMTok, monthlyCostAtMix, parseMix } from '../../shared/cost-mix.ts';
import { mixOf, observedMix } from '../../shared/observed-mix.ts';

const mini = { inputPerMTok: 0.4, outputPerMTok: 1.6 };

describe('cost at a mix of input and output tokens', () => {
  it('3:1 is the blended price, 1:1 the mean of the two prices', () => {
    expect(mixedPricePerMTok(mini, MIX_3_TO_1)).toBeCloseTo(0.7, 12);
    expect(mixedPricePerMTok(mini, MIX_1_TO_1)).toBeCloseTo(1.0, 12);
    // Output-heavy mixes cost more when output is dearer.
    expect(mixedPricePerMTok(mini, { input: 1, output: 4 })).toBeCloseTo((0.4 + 4 * 1.6) / 5, 12);
  });

  it('a month at 1M / 10M / 100M tokens scales linearly', () => {
    expect(monthlyCostAtMix(mini, MIX_3_TO_1, 1e6)).toBeCloseTo(0.7, 12);
    expect(monthlyCostAtMix(mini, MIX_1_TO_1, 1e7)).toBeCloseTo(10, 9);
    expect(monthlyCostAtMix(mini, MIX_3_TO_1, 1e8)).toBeCloseTo(70, 9);
    expect(monthlyCostAtMix(mini, MIX_3_TO_1, 0)).toBe(0);
  });

  it('an unknown price or an empty mix gives no cost rather than $0', () => {
    expect(mixedPricePerMTok({ inputPerMTok: null, outputPerMTok: 1 }, MIX_3_TO_1)).toBeNull();
    expect(mixedPricePerMTok(mini, { input: 0, output: 0 })).toBeNull();
    expect(monthlyCostAtMix(mini, MIX_3_TO_1, Number.NaN)).toBeNull();
  });

  it('parses ratios people type and refuses the rest', () => {
    expect(parseMix('3:1')).toEqual({ input: 3, output: 1 });
    expect(parseMix(' 2.5 : 1 ')).toEqual({ input: 2.5, output: 1 });
    expect(parseMix('1:4')).toEqual({ input: 1, output: 4 });
    for (const bad of ['', '3', '3:', ':1', '-1:2', '0:0', 'a:b', '3:1:1', '1e3:1']) expect(parseMix(bad)).toBeNull();
  });

  it('writes a mix with one side scaled to 1', () => {
    expect(formatMix(MIX_3_TO_1)).toBe('3:1');
    expect(formatMix({ input: 12_345, output: 5_000 })).toBe('2.5:1');
    expect(formatMix({ input: 100, output: 400 })).toBe('1:4');
    expect(formatMix({ input: 7, output: 0 })).toBe('7:0');
  });
});

describe("this arena's observed input:output mix", () => {
  it('sums token counts over both models: long answers weigh more, as on a bill', () => {
    const mix = observedMix([
      { inputTokens: 1_000, outputTokens: 100, answers: 4 },
      { inputTokens: 200, outputTokens: 500, answers: 1 },
    ]);
    expect(mix).toEqual({ inputTokens: 1_200, outputTokens: 600, answers: 5 });
    expect(formatMix(mixOf(mix!))).toBe('2:1');
    // Cost at the observed mix is cost at 1200:600.
    expect(mixedPricePerMTok(mini, mixOf(mix!))).toBeCloseTo((1200 * 0.4 + 600 * 1.6) / 1800, 12);
  });

  it('is null without a counted output token', () => {
    expect(observedMix([])).toBeNull();
    expect(observedMix([{ inputTokens: 50, outputTokens: 0, answers: 0 }])).toBeNull();
  });
});
