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
  const builder = new ControlledBattlesBuilder(covariateNames);
  for (const battle of battles) builder.add(battle);
  return builder.build();
}

/**
 * controlledBattles one battle at a time, into growing typed arrays: a fit
 * fed page by page from the database (server/leaderboard/controlled-fit-job.ts)
 * holds about 16 + 8·p bytes per battle, not a million objects.
 */
export class ControlledBattlesBuilder {
  private readonly p: number;
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private score = new Float64Array(1024);
  private covariates: Float64Array;
  private rows = 0;
  private dropped = 0;

  constructor(private readonly covariateNames: readonly string[]) {
    this.p = covariateNames.length;
    this.covariates = new Float64Array(1024 * this.p);
  }

  add(battle: ControlledBattle): void {
    if (battle.covariates === null || battle.modelA === battle.modelB) {
      this.dropped++;
      return;
    }
    const p = this.p;
    if (battle.covariates.length !== p) throw new RangeError(`expected ${p} covariates, got ${battle.covariates.length}`);
    if (this.rows === this.a.length) this.grow();
    const k = this.rows++;
    this.a[k] = this.modelIndex(battle.modelA);
    this.b[k] = this.modelIndex(battle.modelB);
    this.score[k] = SCORE[battle.choice];
    for (let j = 0; j < p; j++) this.covariates[k * p + j] = battle.covariates[j]!;
  }

  /** The columns, trimmed, with the models renumbered in name order. */
  build(): { data: ControlledBattles; dropped: number } {
    const models = [...this.names].sort();
    const sorted = new Map(models.map((m, i) => [m, i]));
    const renumber = Int32Array.from(this.names, (m) => sorted.get(m)!);
    const rows = this.rows;
    const a = Int32Array.from(this.a.subarray(0, rows), (i) => renumber[i]!);
    const b = Int32Array.from(this.b.subarray(0, rows), (i) => renumber[i]!);
    return {
      data: {
        models,
        covariateNames: this.covariateNames,
        a,
        b,
        score: this.score.slice(0, rows),
        covariates: this.covariates.slice(0, rows * this.p),
      },
      dropped: this.dropped,
    };
  }

  private modelIndex(model: string): number {
    let i = this.index.get(model);
    if (i === undefined) {
      i = this.names.push(model) - 1;
      this.index.set(model, i);
    }
    return i;
  }

  private grow(): void {
    const size = this.a.length * 2;
    const a = new Int32Array(size);
    a.set(this.a);
    const b = new Int32Array(size);
    b.set(this.b);
    const score = new Float64Array(size);
    score.set(this.score);
    const covariates = new Float64Array(size * this.p);
    covariates.set(this.covariates);
    [this.a, this.b, this.score, this.covariates] = [a, b, score, covariates];
  }
}
