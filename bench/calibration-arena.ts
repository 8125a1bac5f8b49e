import type { VoteChoice } from '../shared/protocol.ts';
import { computeLeaderboardRatings, type LeaderboardOptions } from '../server/ratings/compute-leaderboard-ratings.ts';
import { deriveSeed, Mulberry32 } from '../server/ratings/mulberry32.ts';
import type { RatingVote } from '../server/ratings/rating-vote.ts';
import { ZigguratNormal } from '../server/ratings/ziggurat-normal.ts';

/**
 * Coverage of the leaderboard's 95% intervals, by simulation: arenas whose
 * votes are drawn from known true ratings, then the question for each model
 * is whether its interval holds its true rating relative to the same anchor
 * (the mean true rating of the models the leaderboard anchored on).
 *
 * One arena (seeded): 8 core models with true ratings ~ N(1000, 150²) play
 * 3,700 votes among themselves (about 1,000 votes each with the rest); three
 * newcomers each with exactly 5, 20, 50 and 100 votes (true ratings also
 * N(1000, 150²)), and one dominant model 800 points above the core's mean
 * with 40 votes, which often ends unbeaten. Every newcomer vote is against a
 * uniformly drawn core model; every vote's sides are in random order.
 * Outcomes follow Bradley–Terry with draws: with p = P(A beats B), a draw
 * (70% 'tie', 30% 'both_bad') has probability t = min(0.25, 2·min(p, 1 − p))
 * and otherwise A wins with probability (p − t/2) / (1 − t), so A's expected
 * score is exactly p (draws count half), the model the fit assumes.
 */
export const CORE_MODELS = 8;
export const CORE_VOTES = 3700;
export const NEWCOMER_VOTES = [5, 20, 50, 100] as const;
export const NEWCOMERS = 3;
export const DOMINANT = { votes: 40, above: 800 };

export type Category = 'core' | `new-${(typeof NEWCOMER_VOTES)[number]}` | 'dominant';

export interface Outcome {
  category: Category;
  votes: number;
  /** The model lost no vote and tied none. */
  unbeaten: boolean;
  provisional: boolean;
  covered: boolean;
  /** Upper − lower, Infinity when an end is open. */
  width: number;
  /** Lower bound − true rating (−Infinity when open). */
  lowerGap: number;
}

function outcome(p: number, u: number, v: number): 'a' | 'b' | 'tie' | 'both_bad' {
  const t = Math.min(0.25, 2 * Math.min(p, 1 - p));
  if (u < t) return u < 0.7 * t ? 'tie' : 'both_bad';
  return v < (p - t / 2) / (1 - t) ? 'a' : 'b';
}

/** One simulated arena: its votes and true ratings. */
export function simulateArena(seed: number): { votes: RatingVote[]; truth: Map<string, number>; category: Map<string, Category> } {
  const rng = new Mulberry32(seed);
  const normal = new ZigguratNormal(rng);
  const truth = new Map<string, number>();
  const category = new Map<string, Category>();
  const core = Array.from({ length: CORE_MODELS }, (_, i) => `core-${i}`);
  for (const m of core) {
    truth.set(m, 1000 + 150 * normal.next());
    category.set(m, 'core');
  }
  const coreMean = core.reduce((s, m) => s + truth.get(m)!, 0) / CORE_MODELS;
  const votes: RatingVote[] = [];
  const vote = (x: string, y: string) => {
    const [a, b] = rng.uniform() < 0.5 ? [x, y] : [y, x];
    const p = 1 / (1 + 10 ** ((truth.get(b)! - truth.get(a)!) / 400));
    const choice: VoteChoice = outcome(p, rng.uniform(), rng.uniform());
    votes.push({ modelA: a, modelB: b, choice, tstamp: votes.length });
  };
  const coreOpponent = () => core[Math.floor(rng.uniform() * CORE_MODELS)]!;
  for (let k = 0; k < CORE_VOTES; k++) {
    const x = Math.floor(rng.uniform() * CORE_MODELS);
    let y = Math.floor(rng.uniform() * (CORE_MODELS - 1));
    if (y >= x) y++;
    vote(core[x]!, core[y]!);
  }
  for (const count of NEWCOMER_VOTES) {
    for (let copy = 0; copy < NEWCOMERS; copy++) {
      const m = `new-${count}-${copy}`;
      truth.set(m, 1000 + 150 * normal.next());
      category.set(m, `new-${count}`);
      for (let k = 0; k < count; k++) vote(m, coreOpponent());
    }
  }
  truth.set('dominant', coreMean + DOMINANT.above);
  category.set('dominant', 'dominant');
  for (let k = 0; k < DOMINANT.votes; k++) vote('dominant', coreOpponent());
  return { votes, truth, category };
}

/** Every model's outcome in arena `index` of a run seeded `seed`. */
export function arenaOutcomes(seed: number, index: number, options: LeaderboardOptions = {}): Outcome[] {
  const { votes, truth, category } = simulateArena(deriveSeed(seed, index));
  const board = computeLeaderboardRatings(votes, options);
  const reference = board.anchor.models.reduce((s, m) => s + truth.get(m)!, 0) / board.anchor.models.length;
  return board.models.map((row) => {
    const target = truth.get(row.model)! - reference + board.anchor.value;
    const lower = row.ciLower ?? -Infinity;
    const upper = row.ciUpper ?? Infinity;
    return {
      category: category.get(row.model)!,
      votes: row.votes,
      unbeaten: row.losses === 0 && row.ties === 0,
      provisional: row.provisional,
      covered: lower <= target && target <= upper,
      width: upper - lower,
      lowerGap: lower - target,
    };
  });
}
