import { describe, expect, it } from 'vitest';
import { tokensPerSecond } from '../../server/arena/tokens-per-second.ts';

describe('tokensPerSecond', () => {
  it('counts the tokens after the first over the decode window', () => {
    expect(tokensPerSecond(21, 1000)).toBeCloseTo(20, 10);
  });

  it('gives no speed for fewer than two tokens or a zero window', () => {
    expect(tokensPerSecond(1, 500)).toBeNull();
    expect(tokensPerSecond(5, 0)).toBeNull();
    expect(tokensPerSecond(null, 500)).toBeNull();
    expect(tokensPerSecond(5, null)).toBeNull();
  });
});
