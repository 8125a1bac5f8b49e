import { describe, expect, it } from 'vitest';
import { blendedPricePerMTok } from '../../shared/catalog.ts';

describe('blendedPricePerMTok', () => {
  it('blends prices 3:1', () => {
    expect(blendedPricePerMTok({ inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: null })).toBeCloseTo(0.7, 12);
    expect(blendedPricePerMTok({ inputPerMTok: null, outputPerMTok: 1.6, cachedInputPerMTok: null })).toBeNull();
  });
});
