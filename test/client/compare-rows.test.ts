import { describe, expect, it } from 'vitest';
import { measuredRows, monthlyRows, predictionText, priceRatioText, specRows } from '../../client/lib/compare-rows.ts';
import {
  formatCompactTokens,
  formatInterval,
  formatMonthlyUsd,
  formatPriceCell,
  formatRatingInterval,
  formatTimes,
} from '../../client/lib/format-board.ts';
import { headToHead, row } from './fixtures.ts';

const alpha = row('alpha', { blendedPerMTok: 1.25, contextWindow: 128_000 });
const beta = row('beta', {
  blendedPerMTok: 6,
  inputPerMTok: 3,
  outputPerMTok: 15,
  openWeights: false,
  license: 'Proprietary',
  contextWindow: 200_000,
});
const tiny = row('tiny', { blendedPerMTok: 0, inputPerMTok: 0, outputPerMTok: 0 });

describe('head-to-head rows', () => {
  it('names the provider by the serving endpoint, not the adapter kind', () => {
    const gemini = row('gemini', { provider: 'openai', providerLabel: 'Google Gemini' });
    const llama = row('llama', { provider: 'openai', providerLabel: 'Ollama' });
    const provider = specRows(headToHead(gemini, llama)).find((r) => r.key === 'provider')!;
    expect([provider.a.text, provider.b.text]).toEqual(['Google Gemini', 'Ollama']);
  });

  it('prices a month at 1M, 10M and 100M tokens and marks the cheaper side', () => {
    const rows = monthlyRows(headToHead(alpha, beta));
    expect(rows.map((r) => [r.label, r.a.text, r.b.text, r.better])).toEqual([
      ['1M tokens / month', '$1.25', '$6.00', 'a'],
      ['10M tokens / month', '$12.50', '$60.00', 'a'],
      ['100M tokens / month', '$125', '$600', 'a'],
    ]);
  });

  it('says how many times cheaper, that a free model is free, or that a price is unknown', () => {
    expect(priceRatioText(headToHead(alpha, beta, { priceRatio: { cheaper: 'a', times: 4.8 } }))).toBe(
      'Alpha is 4.8× cheaper (blended 3:1).',
    );
    expect(priceRatioText(headToHead(beta, alpha, { priceRatio: { cheaper: 'b', times: 12.4 } }))).toBe(
      'Alpha is 12× cheaper (blended 3:1).',
    );
    expect(priceRatioText(headToHead(tiny, alpha, { priceRatio: { cheaper: 'a', times: null } }))).toBe(
      'Tiny is free to run (self-hosted); Alpha costs $1.25 per million tokens (blended 3:1).',
    );
    expect(priceRatioText(headToHead(tiny, tiny, { priceRatio: { cheaper: 'same', times: 1 } }))).toBe(
      'Both are free to run (self-hosted).',
    );
    expect(priceRatioText(headToHead(alpha, beta, { priceRatio: null }))).toBe('A blended price is not public for at least one of them.');
  });

  it('puts specs side by side with dashes for the unknown', () => {
    const rows = specRows(headToHead(alpha, beta));
    const get = (k: string) => rows.find((r) => r.key === k)!;
    expect([get('license').a.text, get('license').b.text]).toEqual(['MIT', 'Proprietary']);
    expect([get('open-weights').a.text, get('open-weights').b.text]).toEqual(['yes', 'no']);
    expect(get('context')).toMatchObject({ a: { text: '128K tokens' }, b: { text: '200K tokens' }, better: 'b' });
    expect(get('cutoff').a.text).toBe('—');
    expect(get('cached').better).toBeNull();
  });

  it('shows measured medians with p90 and n, or says nothing was measured', () => {
    const slow = row('slow', { ttftMs: { median: null, p90: null, samples: 0 } });
    const rows = measuredRows(headToHead(alpha, slow));
    expect(rows[0]).toMatchObject({
      a: { text: '300 ms', sub: 'p90 450 ms · n=5' },
      b: { text: '—', sub: 'no answers measured' },
      better: null,
    });
  });

  it('states the predicted winner from the favourite’s side', () => {
    expect(predictionText(headToHead(alpha, beta, { predictedWinA: 0.27 }))).toBe('The ratings give Beta a 73% chance of beating Alpha.');
    expect(predictionText(headToHead(alpha, beta, { predictedWinA: null }))).toBeNull();
  });
});

describe('leaderboard formats', () => {
  it('writes a rating with the distances to its interval ends', () => {
    expect(formatRatingInterval(1042.4, 1021, 1060.2)).toBe('1042 +18/−21');
    expect(formatRatingInterval(null, null, null)).toBe('—');
    expect(formatRatingInterval(1000, null, null)).toBe('1000');
  });

  it('writes a one-sided interval as the bound it has', () => {
    expect(formatRatingInterval(null, 1534.9, null)).toBe('≥ 1535'); // never lost
    expect(formatRatingInterval(null, null, 880.2)).toBe('≤ 880'); // never won
    expect(formatInterval(1534.9, null)).toBe('at least 1535, no upper bound');
    expect(formatInterval(null, 880.2)).toBe('at most 880, no lower bound');
    expect(formatInterval(1021, 1060.2)).toBe('1021–1060');
    expect(formatInterval(null, null)).toBe('—');
  });

  it('writes context windows, prices, ratios and monthly sums as people read them', () => {
    expect([8192, 128_000, 1_000_000, 1_048_576].map(formatCompactTokens)).toEqual(['8,192', '128K', '1M', '1M']);
    expect(formatCompactTokens(1_500_000)).toBe('1.5M');
    expect([null, 0, 0.15, 15].map(formatPriceCell)).toEqual(['—', 'free', '$0.15', '$15.00']);
    expect([4.8, 4, 12.4, 1500].map(formatTimes)).toEqual(['4.8×', '4×', '12×', '1,500×']);
    expect([null, 0, 0.004, 1.25, 99.5, 1250].map(formatMonthlyUsd)).toEqual(['—', '$0', '$0.0040', '$1.25', '$99.50', '$1,250']);
  });
});
