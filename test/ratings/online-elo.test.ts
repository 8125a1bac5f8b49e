import { describe, expect, it } from 'vitest';
import { OnlineElo, computeOnlineElo } from '../../server/ratings/online-elo.ts';
import type { RatingVote } from '../../server/ratings/rating-vote.ts';

// Hand computation, K = 4, E_A = 1 / (1 + 10^((R_B − R_A)/400)):
// 1. x beats y at 1000/1000: E = 0.5, Δ = 4·0.5 = 2          → x 1002, y 998
// 2. y ties z: E_y = 1/(1 + 10^(2/400)) = 0.4971216...,
//    Δ = 4·(0.5 − 0.4971216) = 0.0115128                    → y 998.0115128, z 999.9884872
// 3. z beats x: E_z = 1/(1 + 10^((1002 − 999.9884872)/400)) = 0.4971052...,
//    Δ = 4·(1 − 0.4971052) = 2.0115791                       → z 1002.0000663, x 999.9884209
const votes: RatingVote[] = [
  { modelA: 'x', modelB: 'y', choice: 'a', tstamp: 100 },
  { modelA: 'y', modelB: 'z', choice: 'tie', tstamp: 200 },
  { modelA: 'z', modelB: 'x', choice: 'a', tstamp: 300 },
];

describe('online Elo', () => {
  it('matches a hand-computed 3-vote sequence', () => {
    const elo = computeOnlineElo(votes);
    expect(elo.get('x')).toBeCloseTo(999.9884209, 6);
    expect(elo.get('y')).toBeCloseTo(998.0115128, 6);
    expect(elo.get('z')).toBeCloseTo(1002.0000663, 6);
  });

  it('processes votes in tstamp order whatever the input order', () => {
    const shuffled = [votes[2]!, votes[0]!, votes[1]!];
    expect(computeOnlineElo(shuffled)).toEqual(computeOnlineElo(votes));
    // Order matters to Elo: applying them in input order gives something else.
    const inInputOrder = new OnlineElo();
    for (const vote of shuffled) inInputOrder.update(vote);
    expect(inInputOrder.rating('x')).not.toBeCloseTo(999.9884209, 3);
  });

  it('treats both_bad like tie, ignores self-battles and conserves the total', () => {
    const asBothBad = votes.map((v) => (v.choice === 'tie' ? { ...v, choice: 'both_bad' as const } : v));
    expect(computeOnlineElo(asBothBad)).toEqual(computeOnlineElo(votes));
    const elo = new OnlineElo();
    elo.update({ modelA: 'x', modelB: 'x', choice: 'a' });
    expect(elo.snapshot().size).toBe(0);
    const total = [...computeOnlineElo(votes).values()].reduce((s, r) => s + r, 0);
    expect(total).toBeCloseTo(3000, 9);
    expect(new OnlineElo().rating('unseen')).toBe(1000);
  });
});
