/** Speed covariates in order. */
export const SPEED_COVARIATES = ['ttft', 'outputSpeed'] as const;

/** One answer's measured speed; null = not measured (see README, Measurements: speed_note). */
export interface AnswerSpeed {
  ttftMs: number | null;
  tokensPerSecond: number | null;
}

/**
 * A battle's speed covariates, or null when either answer lacks a figure:
 *   z_ttft  = (ttft_B − ttft_A) / (ttft_A + ttft_B)     (> 0: A answered first)
 *   z_speed = (tps_A − tps_B) / (tps_A + tps_B)         (> 0: A streamed faster)
 * Both are oriented so that a positive value favours A, and both equal
 * tanh(½·ln(ratio)): a function of the ratio only (1 s against 2 s is
 * 10 s against 20 s), antisymmetric, 0 when the two are alike, and bounded
 * in (−1, 1), so that one stalled answer (a 60 s first token) counts as
 * "much slower" and not as a lever that bends the whole fit, as a raw
 * difference or an unbounded log-ratio would.
 *
 * Missing figures: such a battle is left out of the speed-controlled fit
 * (complete cases). The alternatives were worse: a zero in place of the
 * missing difference says "equally fast", which is false and pulls the
 * coefficient towards 0 while the battle's outcome still carries the speed
 * advantage into θ; a missing-figure indicator needs a sign (whose figure
 * is missing?) and estimates a nuisance effect from the battles where
 * speed is least known. Dropping changes which battles count, and the
 * board says how many were left out (controlled-ratings.ts: `dropped`).
 * Figures are missing mostly for answers too short to time (speed_note
 * 'too_few_tokens', 'window_too_short'); a figure of 0 or below is treated
 * as missing.
 */
export function speedCovariates(a: AnswerSpeed, b: AnswerSpeed): number[] | null {
  const { ttftMs: ta, tokensPerSecond: sa } = a;
  const { ttftMs: tb, tokensPerSecond: sb } = b;
  if (!(ta !== null && tb !== null && sa !== null && sb !== null && ta > 0 && tb > 0 && sa > 0 && sb > 0)) return null;
  return [(tb - ta) / (ta + tb), (sa - sb) / (sa + sb)];
}
