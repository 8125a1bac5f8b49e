import type { VoteChoice } from '../../shared/protocol.ts';

/**
 * Battles for a Bradley–Terry fit with covariates (style or speed control),
 * column by column: a million battles are a few typed arrays, not a million
 * objects, and the solver's passes read them in order.
 *
 * Row k: models a[k] (side A) and b[k] (side B), by index into `models`;
 * score[k] = 1 if A won, 0 if B won, 1/2 for a tie or both_bad (half a win
 * each way, as in the plain fit, pair-counts.ts); covariates[k·p + j] = the
 * j-th covariate of the row: a difference between A's answer and B's
 * (style-covariates.ts, speed-covariates.ts), so that swapping the sides
 * negates it, as it negates θ_a − θ_b.
 */
export interface ControlledBattles {
  readonly models: readonly string[];
  readonly covariateNames: readonly string[];
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly score: Float64Array;
  /** Row-major, rows × covariateNames.length. */
  readonly covariates: Float64Array;
}

/** One battle as the builder takes it; covariates null = the row is left out (a figure is missing). */
export interface ControlledBattle {
  modelA: string;
  modelB: string;
  choice: VoteChoice;
  covariates: ArrayLike<number> | null;
}

export function rowCount(data: ControlledBattles): number {
  return data.a.length;
}

const SCORE: Record<VoteChoice, number> = { a: 1, b: 0, tie: 0.5, both_bad: 0.5 };

/**
 * Columns from battles: models sorted by name (as vote-table.ts does, so the
 * same battles give the same indices in any order), battles of a model with
 * itself and battles whose covariates are null left out (`dropped` counts
 * them). Every row must have covariateNames.length covariates.
 */
export function controlledBattles(
  battles: Iterable<ControlledBattle>,
  covariateNames: readonly string[],
): { data: ControlledBattles; dropped: number } {
  const p = covariateNames.length;
  const kept: ControlledBattle[] = [];
  let dropped = 0;
  const names = new Set<string>();
  for (const battle of battles) {
    if (battle.covariates === null || battle.modelA === battle.modelB) {
      dropped++;
      continue;
    }
    if (battle.covariates.length !== p) throw new RangeError(`expected ${p} covariates, got ${battle.covariates.length}`);
    kept.push(battle);
    names.add(battle.modelA);
    names.add(battle.modelB);
  }
  const models = [...names].sort();
  const index = new Map(models.map((m, i) => [m, i]));
  const rows = kept.length;
  const a = new Int32Array(rows);
  const b = new Int32Array(rows);
  const score = new Float64Array(rows);
  const covariates = new Float64Array(rows * p);
  kept.forEach((battle, k) => {
    a[k] = index.get(battle.modelA)!;
    b[k] = index.get(battle.modelB)!;
    score[k] = SCORE[battle.choice];
    for (let j = 0; j < p; j++) covariates[k * p + j] = battle.covariates![j]!;
  });
  return { data: { models, covariateNames, a, b, score, covariates }, dropped };
}
