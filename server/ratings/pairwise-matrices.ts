import type { PairCounts } from './pair-counts.ts';

/**
 * Pairwise views of the data. Row i, column j:
 *   winFraction   decisive_ij / (decisive_ij + decisive_ji), ties and both_bad
 *                 left out; null when the two never had a decisive battle
 *   battles       decisive_ij + decisive_ji + draws_ij (all votes between them)
 *   predictedWin  1 / (1 + 10^((R_j − R_i) / 400)) from the fitted ratings R;
 *                 null when either has no finite rating (an open interval)
 * The diagonal is null (fractions) and 0 (battles): a model never battles itself.
 */
export interface PairwiseMatrices {
  models: string[];
  winFraction: (number | null)[][];
  battles: number[][];
  predictedWin: (number | null)[][];
}

/** The matrices with rows and columns in `order` (model indices; default: table order). */
export function pairwiseMatrices(
  counts: PairCounts,
  ratings: ArrayLike<number | null>,
  order: readonly number[] = counts.models.map((_, i) => i),
): PairwiseMatrices {
  const n = counts.models.length;
  const { decisive, draws } = counts;
  const winFraction: (number | null)[][] = [];
  const battles: number[][] = [];
  const predictedWin: (number | null)[][] = [];
  for (const i of order) {
    const fractionRow: (number | null)[] = [];
    const battleRow: number[] = [];
    const predictedRow: (number | null)[] = [];
    for (const j of order) {
      const won = decisive[i * n + j]!;
      const lost = decisive[j * n + i]!;
      fractionRow.push(i === j || won + lost === 0 ? null : won / (won + lost));
      battleRow.push(i === j ? 0 : won + lost + draws[i * n + j]!);
      const ri = ratings[i] ?? null;
      const rj = ratings[j] ?? null;
      predictedRow.push(i === j || ri === null || rj === null ? null : 1 / (1 + 10 ** ((rj - ri) / 400)));
    }
    winFraction.push(fractionRow);
    battles.push(battleRow);
    predictedWin.push(predictedRow);
  }
  return { models: order.map((i) => counts.models[i]!), winFraction, battles, predictedWin };
}
