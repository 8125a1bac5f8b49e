import { describe, expect, it } from 'vitest';
import { pairwiseMatrices } from '../../server/ratings/pairwise-matrices.ts';
import { buildVoteTable } from '../../server/ratings/vote-table.ts';
import { repeat } from './helpers.ts';

describe('pairwiseMatrices', () => {
  const counts = buildVoteTable([
    ...repeat(3, 'x', 'y', 'a'),
    ...repeat(1, 'y', 'x', 'a'),
    ...repeat(2, 'x', 'y', 'tie'),
    ...repeat(2, 'y', 'z', 'both_bad'),
  ]).counts();

  it('gives win fractions without draws, battle counts and BT predictions', () => {
    const m = pairwiseMatrices(counts, [1100, 1000, 1000]);
    expect(m.models).toEqual(['x', 'y', 'z']);
    expect(m.winFraction).toEqual([
      [null, 0.75, null],
      [0.25, null, null], // y–z: only draws, so no decisive battles
      [null, null, null],
    ]);
    expect(m.battles).toEqual([
      [0, 6, 0],
      [6, 0, 2],
      [0, 2, 0],
    ]);
    const p = 1 / (1 + 10 ** (-100 / 400)); // 0.6400649998...
    expect(m.predictedWin[0]![1]).toBeCloseTo(p, 12);
    expect(m.predictedWin[1]![0]).toBeCloseTo(1 - p, 12);
    expect(m.predictedWin[1]![2]).toBe(0.5);
    expect(m.predictedWin[2]![2]).toBeNull();
  });

  it('follows the requested order', () => {
    const m = pairwiseMatrices(counts, [1100, 1000, 1000], [2, 0, 1]);
    expect(m.models).toEqual(['z', 'x', 'y']);
    expect(m.battles[0]).toEqual([0, 0, 2]);
    expect(m.winFraction[1]![2]).toBe(0.75);
  });
});
