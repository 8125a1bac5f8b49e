import { SPEED_RULE, type SpeedNote } from '../../shared/metrics.ts';

/*
 * Why SPEED_RULE (shared/metrics.ts) is what it is. Servers push tokens in bursts (one
 * network write can carry many tokens), so over a few milliseconds the arrival
 * times measure the network and the event loop, not the model: 16-token answers
 * decoded in 2–9 ms read as up to 34,742 tok/s where the server measured 7,726.
 * At 250 ms a burst of a few milliseconds moves the figure by a few percent, and
 * 8 tokens keep a single late token from deciding it.
 */

export type Speed = { tokensPerSecond: number; note: null } | { tokensPerSecond: null; note: SpeedNote };

/**
 * Decode speed: the tokens after the first over the time from first to last
 * text, so time to first token does not dilute it. Published only when the
 * window is long enough to mean something (SPEED_RULE); otherwise none, with why.
 */
export function tokensPerSecond(outputTokens: number | null, decodeMs: number | null): Speed {
  if (outputTokens === null || outputTokens === 0 || decodeMs === null) return { tokensPerSecond: null, note: 'no_output' };
  if (outputTokens < SPEED_RULE.minTokens) return { tokensPerSecond: null, note: 'too_few_tokens' };
  if (decodeMs < SPEED_RULE.minWindowMs) return { tokensPerSecond: null, note: 'window_too_short' };
  return { tokensPerSecond: (outputTokens - 1) / (decodeMs / 1000), note: null };
}
