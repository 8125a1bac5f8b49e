import { describe, expect, it } from 'vitest';
import { BeatGraph } from '../../server/ratings/beat-graph.ts';
import { buildVoteTable } from '../../server/ratings/vote-table.ts';
import { repeat } from './helpers.ts';

describe('BeatGraph', () => {
  // Models sort by name: a b c d e f → 0..5.
  const counts = buildVoteTable([
    ...repeat(3, 'a', 'b', 'a'),
    ...repeat(1, 'b', 'a', 'a'), // a ⇄ b
    ...repeat(2, 'b', 'c', 'tie'), // b ⇄ c (a tie is half a win each way)
    ...repeat(4, 'd', 'a', 'a'), // d → a: d never lost
    ...repeat(2, 'c', 'e', 'a'), // c → e: e never won
    ...repeat(1, 'f', 'f', 'a'), // ignored self-battle: f has no votes at all
  ]).counts();
  const graph = new BeatGraph(counts);
  const names = (flags: Uint8Array) => counts.models.filter((_, i) => flags[i]);

  it('groups models that reach each other', () => {
    const scc = graph.strongComponents();
    expect(scc[0]).toBe(scc[1]);
    expect(scc[1]).toBe(scc[2]);
    expect(new Set(scc).size).toBe(3); // {a,b,c}, {d}, {e}
  });

  it('says which ratings the anchor group bounds above (reached from it) and below (reaching it)', () => {
    const anchor = [0, 1, 2];
    expect(names(graph.reachableFrom(anchor))).toEqual(['a', 'b', 'c', 'e']); // d: never lost → no upper bound
    expect(names(graph.reaching(anchor))).toEqual(['a', 'b', 'c', 'd']); // e: never won → no lower bound
  });
});
