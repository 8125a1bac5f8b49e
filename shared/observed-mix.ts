import type { TokenMix } from './cost-mix.ts';

/** Tokens in and out over a set of finished answers. */
export interface TokenTotalsLike {
  inputTokens: number;
  outputTokens: number;
  answers: number;
}

/**
 * The input:output mix this arena observed over some models' answers: their
 * token counts summed (a long answer weighs more than a short one, as it does
 * on a bill). Null without a counted output token: no ratio to speak of.
 */
export function observedMix(totals: readonly TokenTotalsLike[]): TokenTotalsLike | null {
  const sum = { inputTokens: 0, outputTokens: 0, answers: 0 };
  for (const t of totals) {
    sum.inputTokens += t.inputTokens;
    sum.outputTokens += t.outputTokens;
    sum.answers += t.answers;
  }
  return sum.outputTokens > 0 ? sum : null;
}

export const mixOf = (t: TokenTotalsLike): TokenMix => ({ input: t.inputTokens, output: t.outputTokens });
