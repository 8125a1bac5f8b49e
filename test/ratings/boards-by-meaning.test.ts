import { describe, expect, it } from 'vitest';
import type { VoteChoice } from '../../shared/protocol.ts';
import { computeRatingsFromCounts } from '../../server/ratings/compute-leaderboard-ratings.ts';
import { fitWeightedBradleyTerry } from '../../server/ratings/fit-weighted-bradley-terry.ts';
import { Mulberry32 } from '../../server/ratings/mulberry32.ts';
import { buildVoteTable } from '../../server/ratings/vote-table.ts';
import { kishEffectiveSize } from '../../server/ratings/kish-effective-size.ts';
import { weightedVotesBySimilarity, type EmbeddedVote } from '../../server/ratings/weighted-votes-by-similarity.ts';
import { ZigguratNormal } from '../../server/ratings/ziggurat-normal.ts';
import { syntheticVotes } from './helpers.ts';

const DIMENSIONS = 16;
const TOPICS = ['coding', 'poetry', 'general'] as const;
type Topic = (typeof TOPICS)[number];
/** True rating per topic: "coder" is strong on coding prompts only, "bard" on poetry only. */
const TRUTH: Record<string, Record<Topic, number>> = {
  coder: { coding: 1250, poetry: 950, general: 950 },
  bard: { coding: 980, poetry: 1150, general: 1000 },
  steady: { coding: 1050, poetry: 1050, general: 1050 },
  middling: { coding: 1000, poetry: 1000, general: 1000 },
  weak: { coding: 930, poetry: 930, general: 930 },
};

/** A prompt embedding: its topic's axis plus Gaussian noise (cosine ≈ 0.6 to its axis, ≈ 0 to the others). */
function embed(topic: Topic, normal: () => number, noise = 0.35): Float64Array {
  const e = Float64Array.from({ length: DIMENSIONS }, () => noise * normal());
  e[TOPICS.indexOf(topic)]! += 1;
  return e;
}

function battles(count: number, seed: number): (EmbeddedVote & { topic: Topic })[] {
  const rng = new Mulberry32(seed);
  const gaussian = new ZigguratNormal(rng);
  const normal = () => gaussian.next();
  const names = Object.keys(TRUTH);
  return Array.from({ length: count }, () => {
    const topic = TOPICS[Math.floor(rng.uniform() * TOPICS.length)]!;
    const i = Math.floor(rng.uniform() * names.length);
    let j = Math.floor(rng.uniform() * (names.length - 1));
    if (j >= i) j++;
    const p = 1 / (1 + 10 ** ((TRUTH[names[j]!]![topic] - TRUTH[names[i]!]![topic]) / 400));
    const draw = Math.min(0.2, 2 * Math.min(p, 1 - p));
    const u = rng.uniform();
    const choice: VoteChoice = u < draw ? 'tie' : rng.uniform() < (p - draw / 2) / (1 - draw) ? 'a' : 'b';
    return { topic, embedding: embed(topic, normal), vote: { modelA: names[i]!, modelB: names[j]!, choice } };
  });
}

describe('boards by meaning on synthetic embeddings', () => {
  const data = battles(9_000, 17);
  const queryRng = new ZigguratNormal(new Mulberry32(99));
  const codeQuery = embed('coding', () => queryRng.next(), 0.1);
  const poetryQuery = embed('poetry', () => queryRng.next(), 0.1);
  const temperature = 0.1;

  it('ranks the coding-only model first for a code-like query, with an interval, and reports the effective votes', () => {
    const weighted = weightedVotesBySimilarity(codeQuery, data, temperature);
    const board = fitWeightedBradleyTerry(
      data.map((b) => b.vote),
      weighted.weights,
      { rounds: 300, seed: 5 },
    );
    expect(board.models[0]!.model).toBe('coder');
    expect(board.models[0]!.ciLower!).toBeGreaterThan(board.models[1]!.rating!);
    // Each rating is near its true coding strength relative to the anchor (the mean of all five, all established).
    expect(board.anchor).toHaveLength(5);
    const mean = Object.values(TRUTH).reduce((sum, t) => sum + t.coding, 0) / 5;
    for (const m of board.models) {
      const half = (m.ciUpper! - m.ciLower!) / 2;
      expect(Math.abs(m.rating! - (TRUTH[m.model]!.coding - mean + 1000)), m.model).toBeLessThan(1.5 * half);
    }
    // Off-topic prompts sit ≈ 0.6 further in cosine: weight e^(−6) ≈ 0.0025, so the evidence is the coding
    // battles', fewer than their count since their own similarities (and so weights) vary.
    const coding = data.filter((b) => b.topic === 'coding').length;
    expect(weighted.effectiveVotes).toBeLessThan(coding);
    expect(weighted.effectiveVotes).toBeGreaterThan(0.2 * coding);
    expect(board.effectiveVotes).toBeCloseTo(weighted.effectiveVotes, 6);
    console.log(
      `code query: ${weighted.effectiveVotes.toFixed(0)} effective votes of ${data.length} (${coding} coding prompts); ` +
        board.models.map((m) => `${m.model} ${m.rating!.toFixed(0)} [${m.ciLower?.toFixed(0)}, ${m.ciUpper?.toFixed(0)}]`).join(', '),
    );
  });

  it('does not rank it first for a poetry-like query, where the poetry model leads', () => {
    const weighted = weightedVotesBySimilarity(poetryQuery, data, temperature);
    const board = fitWeightedBradleyTerry(
      data.map((b) => b.vote),
      weighted.weights,
      { rounds: 300, seed: 5 },
    );
    expect(board.models[0]!.model).toBe('bard');
    const coderRank = board.models.findIndex((m) => m.model === 'coder');
    expect(coderRank).toBeGreaterThanOrEqual(3); // 950 on poetry: below steady, middling too
  });

  it('tends to the overall board as the temperature grows: effective votes near all votes', () => {
    const weighted = weightedVotesBySimilarity(codeQuery, data, 1e6);
    expect(weighted.effectiveVotes).toBeGreaterThan(0.999 * data.length);
  });
});

describe('weightedVotesBySimilarity', () => {
  it('weighs the best match 1, others by exp((s − best)/T), and unusable embeddings 0', () => {
    const vote = { modelA: 'x', modelB: 'y', choice: 'a' as const };
    const { weights, similarities, effectiveVotes } = weightedVotesBySimilarity(
      [1, 0],
      [
        { embedding: [2, 0], vote },
        { embedding: [1, 1], vote },
        { embedding: [0, 0], vote },
        { embedding: [1, 0, 0], vote },
      ],
      0.5,
    );
    expect(similarities[1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(weights[0]).toBe(1);
    expect(weights[1]).toBeCloseTo(Math.exp((Math.SQRT1_2 - 1) / 0.5), 12);
    expect(Array.from(weights.slice(2))).toEqual([0, 0]);
    expect(effectiveVotes).toBeCloseTo(kishEffectiveSize(weights), 12);
    expect(kishEffectiveSize([1, 1, 1, 1])).toBe(4);
    expect(kishEffectiveSize([1, 0, 0, 0])).toBe(1);
  });

  it('refuses a non-positive temperature', () => {
    expect(() => weightedVotesBySimilarity([1], [], 0)).toThrow(/temperature/);
  });
});

describe('fitWeightedBradleyTerry', () => {
  const votes = syntheticVotes({ a: 1100, b: 1040, c: 1000, d: 960 }, 3000, 8);

  it('with all weights 1, gives the plain board’s ratings and, draw for draw, its bootstrap intervals', () => {
    const weighted = fitWeightedBradleyTerry(votes, new Float64Array(votes.length).fill(1), { rounds: 200, seed: 4, provisionalVotes: 50 });
    const plain = computeRatingsFromCounts(buildVoteTable(votes).counts(), { rounds: 200, seed: 4 });
    for (const row of weighted.models) {
      const p = plain.models.find((m) => m.model === row.model)!;
      expect(row.rating).toBeCloseTo(p.rating!, 4);
      expect(row.ciLower).toBeCloseTo(p.ciLower!, 4);
      expect(row.ciUpper).toBeCloseTo(p.ciUpper!, 4);
    }
  });

  it('gives the same estimate for weights scaled by a constant, and wider intervals when few votes carry the weight', () => {
    const rng = new Mulberry32(3);
    const uneven = Float64Array.from(votes, () => (rng.uniform() < 0.1 ? 1 : 0.01));
    const x = fitWeightedBradleyTerry(votes, uneven, { rounds: 200, seed: 1 });
    const y = fitWeightedBradleyTerry(
      votes,
      uneven.map((w) => 7 * w),
      { rounds: 200, seed: 1 },
    );
    const even = fitWeightedBradleyTerry(votes, new Float64Array(votes.length).fill(1), { rounds: 200, seed: 1 });
    x.models.forEach((m, i) => expect(y.models[i]!.rating).toBeCloseTo(m.rating!, 6));
    const width = (b: typeof x, model: string) => {
      const m = b.models.find((r) => r.model === model)!;
      return m.ciUpper! - m.ciLower!;
    };
    // Kish: ~10% of votes at weight 1 and 90% at 0.01 are worth ~13% of the votes, so intervals ~1/√0.13 ≈ 2.8× wider.
    expect(x.effectiveVotes / votes.length).toBeGreaterThan(0.09);
    expect(x.effectiveVotes / votes.length).toBeLessThan(0.16);
    for (const model of ['a', 'b', 'c', 'd']) expect(width(x, model) / width(even, model)).toBeGreaterThan(2);
  });
});
