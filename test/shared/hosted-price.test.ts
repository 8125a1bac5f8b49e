import { describe, expect, it } from 'vitest';
import { cheapestReferencePrice, hostedPriceOf, hostedPriceRatio, isSelfHosted } from '../../shared/hosted-price.ts';

const ref = (provider: string, input: number, output: number) => ({
  provider,
  inputPerMTok: input,
  outputPerMTok: output,
  source: `${provider} pricing`,
  date: '2025-02-20',
});
const selfHosted = { pricing: { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 }, source: 'card', organisation: 'Meta' };
const paid = {
  pricing: { inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1 },
  referencePrices: [],
  source: 'openai.com',
  organisation: 'OpenAI',
};

describe('hosted prices', () => {
  it('a self-hosted endpoint is $0 per token, but its hosted price is the cheapest listed API (blended 3:1)', () => {
    const spec = { ...selfHosted, referencePrices: [ref('Dear', 0.01, 0.9), ref('Cheap', 0.051, 0.335), ref('Mid', 0.06, 0.4)] };
    expect(isSelfHosted(spec)).toBe(true);
    // Dear has the lowest input price but is dearest blended: 0.2325 against Cheap's 0.122.
    expect(cheapestReferencePrice(spec.referencePrices)!.provider).toBe('Cheap');
    expect(hostedPriceOf(spec, 'Ollama')).toMatchObject({
      provider: 'Cheap',
      inputPerMTok: 0.051,
      outputPerMTok: 0.335,
      viaEndpoint: false,
      date: '2025-02-20',
    });
  });

  it("a paid endpoint's own price is its hosted price; nothing listed and self-hosted means unknown, not free", () => {
    expect(hostedPriceOf(paid, 'OpenAI')).toMatchObject({ provider: 'OpenAI', inputPerMTok: 0.4, viaEndpoint: true });
    expect(hostedPriceOf({ ...selfHosted, referencePrices: [] }, null)).toBeNull();
    expect(cheapestReferencePrice([])).toBeNull();
  });

  it('the ratio between two hosted prices, blended 3:1', () => {
    const a = hostedPriceOf(paid, 'OpenAI');
    const b = hostedPriceOf({ ...selfHosted, referencePrices: [ref('Cloudflare', 0.051, 0.335)] }, null);
    const r = hostedPriceRatio(a, b)!;
    expect(r.cheaper).toBe('b');
    expect(r.times).toBeCloseTo(0.7 / ((3 * 0.051 + 0.335) / 4), 9);
    expect(hostedPriceRatio(b, a)!.cheaper).toBe('a');
    expect(hostedPriceRatio(a, null)).toBeNull();
    expect(hostedPriceRatio(a, a)).toEqual({ cheaper: 'same', times: 1 });
  });
});
