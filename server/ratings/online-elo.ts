import type { RatingVote } from './rating-vote.ts';
import { timeOrder } from './time-order.ts';

/** Online Elo parameters; defaults K = 4, base 10, scale 400, start 1000. */
export interface EloOptions {
  k?: number;
  base?: number;
  scale?: number;
  initial?: number;
}

/**
 * Online Elo, the classic order-dependent rating, kept next to Bradley–Terry
 * because people know it and because its drift shows how much order matters.
 *
 *   E_A = 1 / (1 + base^((R_B − R_A) / scale))          expected score of A
 *   S_A = 1 ('a'), 0 ('b'), 0.5 ('tie' and 'both_bad')   actual score of A
 *   R_A ← R_A + K·(S_A − E_A),  R_B ← R_B − K·(S_A − E_A)
 * with K = 4, base = 10, scale = 400 and every model starting at 1000 (LMArena's
 * values: a small K, because thousands of votes per model would make a large
 * K follow the latest votes). Votes are applied in tstamp order; equal
 * tstamps keep their input order. Self-battles are ignored, as in vote-table.ts.
 */
export class OnlineElo {
  // Ratings live in an array indexed through one Map lookup per model per
  // vote: a million votes take tens of milliseconds.
  private readonly index = new Map<string, number>();
  private readonly values: number[] = [];
  private readonly k: number;
  private readonly logBasePerPoint: number; // ln(base) / scale: base^(x/scale) = e^(x·this)
  private readonly initial: number;

  constructor(options: EloOptions = {}) {
    this.k = options.k ?? 4;
    this.logBasePerPoint = Math.log(options.base ?? 10) / (options.scale ?? 400);
    this.initial = options.initial ?? 1000;
  }

  /** Apply one vote; call in time order. O(1). */
  update(vote: Pick<RatingVote, 'modelA' | 'modelB' | 'choice'>): void {
    if (vote.modelA === vote.modelB) return;
    const a = this.indexOf(vote.modelA);
    const b = this.indexOf(vote.modelB);
    const ra = this.values[a]!;
    const rb = this.values[b]!;
    const expectedA = 1 / (1 + Math.exp((rb - ra) * this.logBasePerPoint));
    const scoreA = vote.choice === 'a' ? 1 : vote.choice === 'b' ? 0 : 0.5;
    const delta = this.k * (scoreA - expectedA);
    this.values[a] = ra + delta;
    this.values[b] = rb - delta;
  }

  /** Sets ratings as a snapshot() of an earlier run left them, to go on from there. */
  restore(ratings: Iterable<readonly [string, number]>): this {
    for (const [model, rating] of ratings) this.values[this.indexOf(model)] = rating;
    return this;
  }

  /** Current rating; the initial rating for a model not seen yet. */
  rating(model: string): number {
    const i = this.index.get(model);
    return i === undefined ? this.initial : this.values[i]!;
  }

  /** Snapshot of every rated model. */
  snapshot(): Map<string, number> {
    return new Map(Array.from(this.index, ([model, i]) => [model, this.values[i]!]));
  }

  private indexOf(model: string): number {
    let i = this.index.get(model);
    if (i === undefined) {
      i = this.values.length;
      this.index.set(model, i);
      this.values.push(this.initial);
    }
    return i;
  }
}

/** Online Elo over a batch of votes, put in tstamp order first (time-order.ts) if they are not already. */
export function computeOnlineElo(votes: readonly RatingVote[], options: EloOptions = {}): Map<string, number> {
  const elo = new OnlineElo(options);
  let sorted = true;
  for (let v = 1; v < votes.length && sorted; v++) sorted = votes[v - 1]!.tstamp <= votes[v]!.tstamp;
  if (sorted) for (const vote of votes) elo.update(vote);
  else for (const v of timeOrder(votes)) elo.update(votes[v]!);
  return elo.snapshot();
}
