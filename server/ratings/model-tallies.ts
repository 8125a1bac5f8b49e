import type { PairCounts } from './pair-counts.ts';

/**
 * One model's record: wins / losses = decisive votes won / lost, ties = 'tie'
 * + 'both_bad' votes, votes = wins + losses + ties, winRate = wins / (wins +
 * losses) with ties left out (null without a decisive vote).
 */
export interface ModelTally {
  votes: number;
  wins: number;
  losses: number;
  ties: number;
  winRate: number | null;
}

export function modelTallies(counts: PairCounts): ModelTally[] {
  const n = counts.models.length;
  const { decisive, draws } = counts;
  return counts.models.map((_, i) => {
    let wins = 0;
    let losses = 0;
    let ties = 0;
    for (let j = 0; j < n; j++) {
      wins += decisive[i * n + j]!;
      losses += decisive[j * n + i]!;
      ties += draws[i * n + j]!;
    }
    return { votes: wins + losses + ties, wins, losses, ties, winRate: wins + losses > 0 ? wins / (wins + losses) : null };
  });
}
