import { describe, expect, it } from 'vitest';
import type { VoteChoice } from '../../shared/protocol.ts';
import { controlledBattles, type ControlledBattle } from '../../server/ratings/controlled-battles.ts';
import { controlledRatings } from '../../server/ratings/controlled-ratings.ts';
import { Mulberry32 } from '../../server/ratings/mulberry32.ts';

/** Battles among `truth` models with one covariate z ~ U(−1, 1) that adds `effect`·z to A's log-odds. */
function battles(truth: Record<string, number>, pairs: [string, string, number][], seed: number, effect = 0.5): ControlledBattle[] {
  const rng = new Mulberry32(seed);
  const out: ControlledBattle[] = [];
  for (const [x, y, count] of pairs) {
    for (let k = 0; k < count; k++) {
      const [a, b] = rng.uniform() < 0.5 ? [x, y] : [y, x];
      const z = 2 * rng.uniform() - 1;
      const p = 1 / (1 + Math.exp(-((truth[a]! - truth[b]!) * (Math.LN10 / 400) + effect * z)));
      const choice: VoteChoice = rng.uniform() < 0.1 ? 'tie' : rng.uniform() < p ? 'a' : 'b';
      out.push({ modelA: a, modelB: b, choice, covariates: [z] });
    }
  }
  return out;
}

function allPairs(names: string[], count: number): [string, string, number][] {
  const pairs: [string, string, number][] = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) pairs.push([names[i]!, names[j]!, count]);
  return pairs;
}

const TRUTH = { a: 1080, b: 1030, c: 1000, d: 960, e: 930 };

describe('controlledBattles', () => {
  it('sorts models by name, drops self-battles and rows without covariates, and checks the covariate count', () => {
    const { data, dropped } = controlledBattles(
      [
        { modelA: 'z', modelB: 'y', choice: 'a', covariates: [0.5] },
        { modelA: 'y', modelB: 'y', choice: 'a', covariates: [0.1] },
        { modelA: 'x', modelB: 'z', choice: 'both_bad', covariates: null },
        { modelA: 'y', modelB: 'z', choice: 'tie', covariates: [-0.25] },
      ],
      ['w'],
    );
    expect(data.models).toEqual(['y', 'z']);
    expect(dropped).toBe(2);
    expect(Array.from(data.a)).toEqual([1, 0]);
    expect(Array.from(data.score)).toEqual([1, 0.5]);
    expect(Array.from(data.covariates)).toEqual([0.5, -0.25]);
    expect(() => controlledBattles([{ modelA: 'p', modelB: 'q', choice: 'a', covariates: [1, 2] }], ['w'])).toThrow(/expected 1/);
  });
});

describe('controlledRatings with provisional and one-sided models', () => {
  it('gives a provisional model a point estimate and no interval, and keeps it out of the anchor', () => {
    const names = Object.keys(TRUTH);
    const rows = battles({ ...TRUTH, rookie: 1000 }, [...allPairs(names, 300), ['rookie', 'c', 20], ['rookie', 'd', 10]], 1);
    const board = controlledRatings(controlledBattles(rows, ['z']).data, { rounds: 200, seed: 2 });
    const rookie = board.models.find((m) => m.model === 'rookie')!;
    expect(rookie.provisional).toBe(true);
    expect(rookie.votes).toBe(30);
    expect(rookie.rating).not.toBeNull();
    expect(rookie.ciLower).toBeNull();
    expect(board.anchor.models).toEqual(names);
    for (const m of board.models.filter((r) => r.model !== 'rookie')) expect(m.ciLower).not.toBeNull();
  });

  it('rates an unbeaten newcomer null (outside the anchor’s group), as the plain board leaves it open', () => {
    const names = Object.keys(TRUTH);
    const rows = battles(TRUTH, allPairs(names, 300), 3);
    for (let k = 0; k < 60; k++) rows.push({ modelA: 'champ', modelB: names[k % names.length]!, choice: 'a', covariates: [0] });
    const board = controlledRatings(controlledBattles(rows, ['z']).data, { rounds: 100, seed: 2 });
    const champ = board.models.find((m) => m.model === 'champ')!;
    expect(champ.rating).toBeNull();
    expect(champ.provisional).toBe(true);
    expect(board.battles).toBe(rows.length - 60);
  });

  it('keeps a thin model’s battles whole in every little bootstrap: its interval matches the plain bootstrap’s', () => {
    // 5 models with 2,000 battles a pair, a sixth established with only 150: thin for subsets of ~1,000 battles.
    const names = Object.keys(TRUTH);
    const rows = battles({ ...TRUTH, sparse: 1000 }, [...allPairs(names, 2_000), ['sparse', 'b', 75], ['sparse', 'd', 75]], 4);
    const data = controlledBattles(rows, ['z']).data;
    const little = controlledRatings(data, { rounds: 300, seed: 5, rowsPerParameter: 100 });
    const plain = controlledRatings(data, { rounds: 300, seed: 5, subsetExponent: 1, rowsPerParameter: 1e9 });
    expect(little.subsets).toBeGreaterThan(1);
    expect(plain.subsets).toBe(1);
    const width = (b: typeof little) => {
      const m = b.models.find((r) => r.model === 'sparse')!;
      return m.ciUpper! - m.ciLower!;
    };
    expect(little.models.find((r) => r.model === 'sparse')!.provisional).toBe(false);
    expect(width(little) / width(plain)).toBeGreaterThan(0.8);
    expect(width(little) / width(plain)).toBeLessThan(1.25);
  });
});
