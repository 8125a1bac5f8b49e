import { describe, expect, it } from 'vitest';
import { VoteTable, buildVoteTable } from '../../server/ratings/vote-table.ts';
import { winWeights } from '../../server/ratings/pair-counts.ts';
import { repeat } from './helpers.ts';

describe('VoteTable', () => {
  it('counts decisive votes by direction and draws symmetrically', () => {
    const counts = buildVoteTable([
      ...repeat(3, 'x', 'y', 'a'),
      ...repeat(1, 'x', 'y', 'b'),
      ...repeat(2, 'y', 'x', 'a'),
      ...repeat(1, 'x', 'y', 'tie'),
      ...repeat(1, 'y', 'x', 'both_bad'),
    ]).counts();
    expect(counts.models).toEqual(['x', 'y']);
    // index 0 = x, 1 = y; decisive[i·2+j] = i beat j
    expect(Array.from(counts.decisive)).toEqual([0, 3, 3, 0]);
    expect(Array.from(counts.draws)).toEqual([0, 2, 2, 0]);
    // w_xy = 3 + 2/2 = 4, w_yx = 3 + 2/2 = 4
    expect(Array.from(winWeights(counts))).toEqual([0, 4, 4, 0]);
  });

  it('ignores self-battles and keeps counts when capacity grows', () => {
    const table = new VoteTable();
    table.addVote({ modelA: 'm0', modelB: 'm0', choice: 'a' });
    for (let i = 1; i < 20; i++) table.addVote({ modelA: 'm0', modelB: `m${i}`, choice: i % 2 ? 'a' : 'b' });
    table.addVote({ modelA: 'm19', modelB: 'm1', choice: 'tie' });
    expect(table.voteCount).toBe(20);
    expect(table.modelCount).toBe(20);
    const { models, decisive, draws } = table.counts();
    const n = models.length;
    const at = (name: string) => models.indexOf(name);
    for (let i = 1; i < 20; i++) {
      expect(decisive[at('m0') * n + at(`m${i}`)]).toBe(i % 2 ? 1 : 0);
      expect(decisive[at(`m${i}`) * n + at('m0')]).toBe(i % 2 ? 0 : 1);
    }
    expect(draws[at('m19') * n + at('m1')]).toBe(1);
    expect(draws[at('m1') * n + at('m19')]).toBe(1);
    expect(decisive.reduce((s, x) => s + x, 0) + draws.reduce((s, x) => s + x, 0) / 2).toBe(20);
  });

  it('orders models by name whatever the arrival order', () => {
    const counts = buildVoteTable([...repeat(2, 'zeta', 'alpha', 'a'), ...repeat(1, 'mu', 'zeta', 'tie')]).counts();
    expect(counts.models).toEqual(['alpha', 'mu', 'zeta']);
    expect(Array.from(counts.decisive)).toEqual([0, 0, 0, 0, 0, 0, 2, 0, 0]); // zeta beat alpha twice
    expect(Array.from(counts.draws)).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 0]);
  });

  it('refreshes its cached snapshot after a new vote', () => {
    const table = buildVoteTable(repeat(1, 'x', 'y', 'a'));
    const first = table.counts();
    expect(table.counts()).toBe(first);
    table.addVote({ modelA: 'x', modelB: 'y', choice: 'a' });
    expect(table.counts()).not.toBe(first);
    expect(table.counts().decisive[1]).toBe(2);
    expect(first.decisive[1]).toBe(1); // snapshots are copies
  });

  it('is empty without votes', () => {
    const counts = new VoteTable().counts();
    expect(counts.models).toEqual([]);
    expect(counts.decisive.length).toBe(0);
  });
});
