/**
 * Decode speed: the tokens after the first over the time from first to last
 * text, so time to first token does not dilute it. None with fewer than two
 * tokens or a zero window (one chunk carrying everything says nothing about speed).
 */
export function tokensPerSecond(outputTokens: number | null, decodeMs: number | null): number | null {
  if (outputTokens === null || decodeMs === null || outputTokens < 2 || decodeMs <= 0) return null;
  return (outputTokens - 1) / (decodeMs / 1000);
}
