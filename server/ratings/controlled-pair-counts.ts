import { rowCount, type ControlledBattles } from './controlled-battles.ts';
import type { PairCounts } from './pair-counts.ts';

/** Outcome counts per ordered pair (pair-counts.ts) from the rows, for the graph of wins and the anchor. */
export function controlledPairCounts(data: ControlledBattles): PairCounts {
  const n = data.models.length;
  const decisive = new Float64Array(n * n);
  const draws = new Float64Array(n * n);
  for (let k = 0; k < rowCount(data); k++) {
    const i = data.a[k]!;
    const j = data.b[k]!;
    const y = data.score[k]!;
    if (y === 1) decisive[i * n + j]!++;
    else if (y === 0) decisive[j * n + i]!++;
    else {
      draws[i * n + j]!++;
      draws[j * n + i]!++;
    }
  }
  return { models: data.models, decisive, draws };
}
