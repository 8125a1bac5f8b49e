import { describe, expect, it } from 'vitest';
import { interTokenLatencyMs } from '../../server/arena/inter-token-latency.ts';
import { tokensPerSecond } from '../../server/arena/tokens-per-second.ts';
import { SPEED_RULE } from '../../shared/metrics.ts';

describe('tokensPerSecond', () => {
  it('counts the tokens after the first over the decode window', () => {
    const speed = tokensPerSecond(21, 1000);
    expect(speed.note).toBeNull();
    expect(speed.tokensPerSecond).toBeCloseTo(20, 10);
  });

  it('publishes a speed from 8 tokens over 250 ms, the smallest window the rule accepts', () => {
    expect(SPEED_RULE).toEqual({ minTokens: 8, minWindowMs: 250 });
    expect(tokensPerSecond(8, 250)).toEqual({ tokensPerSecond: 28, note: null });
  });

  it('gives no speed from a burst: 16 tokens decoded in 2 to 9 ms', () => {
    // The case that reported 34,742 tok/s where the server measured 7,726.
    for (const ms of [2, 9, 249.9]) expect(tokensPerSecond(16, ms)).toEqual({ tokensPerSecond: null, note: 'window_too_short' });
  });

  it('gives no speed from too few tokens, however long the window', () => {
    expect(tokensPerSecond(7, 60_000)).toEqual({ tokensPerSecond: null, note: 'too_few_tokens' });
    expect(tokensPerSecond(1, 500)).toEqual({ tokensPerSecond: null, note: 'too_few_tokens' });
  });

  it('says there was nothing to time without output or without a window', () => {
    expect(tokensPerSecond(null, 500)).toEqual({ tokensPerSecond: null, note: 'no_output' });
    expect(tokensPerSecond(0, 500)).toEqual({ tokensPerSecond: null, note: 'no_output' });
    expect(tokensPerSecond(50, null)).toEqual({ tokensPerSecond: null, note: 'no_output' });
  });
});

describe('interTokenLatencyMs', () => {
  it('is the decode window over the tokens after the first: the reciprocal of the decode speed', () => {
    expect(interTokenLatencyMs(21, 1000)).toBeCloseTo(50, 10);
    expect(interTokenLatencyMs(21, 1000)! * tokensPerSecond(21, 1000).tokensPerSecond!).toBeCloseTo(1000, 9);
  });

  it('is published exactly when the speed is: never from a burst or too few tokens', () => {
    expect(interTokenLatencyMs(16, 9)).toBeNull();
    expect(interTokenLatencyMs(7, 60_000)).toBeNull();
    expect(interTokenLatencyMs(null, 500)).toBeNull();
    expect(interTokenLatencyMs(8, 250)).toBeCloseTo(250 / 7, 10);
  });
});
