import type { OpponentRecord } from '../../shared/model-page-api.ts';
import type { RatedVote } from '../../db/battle-store.ts';
import { countsFor, type RatingsMode } from './leaderboard-service.ts';

type Tally = Omit<OpponentRecord, 'label' | 'predictedWin'>;

/**
 * The model's record against every opponent it met in this board, from the
 * model's side (a vote where it sat on side B counts the same as on side A);
 * most-met opponents first, then by id.
 */
export function opponentRecords(
  modelId: string,
  votes: readonly RatedVote[],
  mode: RatingsMode,
  labelOf: (id: string) => string,
  ratingOf: (id: string) => number | null,
): OpponentRecord[] {
  const by = new Map<string, Tally>();
  for (const v of votes) {
    if (!countsFor(mode, v)) continue;
    const onA = v.modelA === modelId;
    if (!onA && v.modelB !== modelId) continue;
    const other = onA ? v.modelB : v.modelA;
    let t = by.get(other);
    if (!t) by.set(other, (t = { modelId: other, wins: 0, losses: 0, ties: 0, bothBad: 0 }));
    if (v.choice === 'tie') t.ties++;
    else if (v.choice === 'both_bad') t.bothBad++;
    else if ((v.choice === 'a') === onA) t.wins++;
    else t.losses++;
  }
  const total = (t: Tally) => t.wins + t.losses + t.ties + t.bothBad;
  const mine = ratingOf(modelId);
  return [...by.values()]
    .sort((x, y) => total(y) - total(x) || (x.modelId < y.modelId ? -1 : 1))
    .map((t) => {
      const theirs = ratingOf(t.modelId);
      const predictedWin = mine === null || theirs === null ? null : 1 / (1 + 10 ** ((theirs - mine) / 400));
      return { ...t, label: labelOf(t.modelId), predictedWin };
    });
}
