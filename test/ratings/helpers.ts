import type { VoteChoice } from '../../shared/protocol.ts';
import type { RatingVote } from '../../server/ratings/rating-vote.ts';
import { Mulberry32 } from '../../server/ratings/mulberry32.ts';

/** `count` identical votes (tstamps 0, 1, 2, ... from `from`). */
export function repeat(count: number, modelA: string, modelB: string, choice: VoteChoice, from = 0): RatingVote[] {
  return Array.from({ length: count }, (_, k) => ({ modelA, modelB, choice, tstamp: from + k }));
}

/**
 * Seeded synthetic votes from known ratings (LMArena scale). Draws have
 * probability t = min(drawShare, 2·min(p, 1−p)) and A wins otherwise with
 * (p − t/2)/(1 − t), so A's expected score is exactly p: Bradley–Terry with
 * draws as half wins is consistent for these data.
 */
export function syntheticVotes(truth: Record<string, number>, count: number, seed: number, drawShare = 0.2): RatingVote[] {
  const rng = new Mulberry32(seed);
  const names = Object.keys(truth);
  const votes: RatingVote[] = [];
  for (let v = 0; v < count; v++) {
    const a = Math.floor(rng.uniform() * names.length);
    let b = Math.floor(rng.uniform() * (names.length - 1));
    if (b >= a) b++;
    const modelA = names[a]!;
    const modelB = names[b]!;
    const p = 1 / (1 + 10 ** ((truth[modelB]! - truth[modelA]!) / 400));
    const draw = Math.min(drawShare, 2 * Math.min(p, 1 - p));
    const u = rng.uniform();
    const choice: VoteChoice = u < draw ? (u < draw / 2 ? 'tie' : 'both_bad') : rng.uniform() < (p - draw / 2) / (1 - draw) ? 'a' : 'b';
    votes.push({ modelA, modelB, choice, tstamp: v });
  }
  return votes;
}

/** Rating of `model` in a fit, by name. */
export function ratingOf(fit: { models: readonly string[]; ratings: ArrayLike<number> }, model: string): number {
  const i = fit.models.indexOf(model);
  if (i < 0) throw new Error(`no model ${model}`);
  return fit.ratings[i]!;
}
