import { tokensPerSecond } from './tokens-per-second.ts';

/**
 * Mean gap between output tokens (ms): the decode window over the tokens after
 * the first, the reciprocal of the decode speed and under the same rule
 * (SPEED_RULE), so the two never disagree about which answers can be timed.
 */
export function interTokenLatencyMs(outputTokens: number | null, decodeMs: number | null): number | null {
  const speed = tokensPerSecond(outputTokens, decodeMs);
  return speed.tokensPerSecond === null ? null : 1000 / speed.tokensPerSecond;
}
