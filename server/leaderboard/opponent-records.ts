import type { OpponentRecord } from '../../shared/model-page-api.ts';
import type { PairCountRow } from '../../db/battle-store.ts';
import type { RatingsMode } from './leaderboard-service.ts';

type Tally = Omit<OpponentRecord, 'label' | 'predictedWin'>;

/**
 * The model's record against every opponent it met in this board, from the
 * model's side (a vote where it sat on side B counts the same as on side A);
 * most-met opponents first, then by id. From the stored pair counts (kept per
 * vote, void and flag by the database; counted votes only), so a page costs
 * the model's pairs, not every vote.
 */
export function opponentRecords(
  modelId: string,
  pairs: readonly PairCountRow[],
  mode: RatingsMode,
  labelOf: (id: string) => string,
  ratingOf: (id: string) => number | null,
): OpponentRecord[] {
  const by = new Map<string, Tally>();
  for (const p of pairs) {
    if (mode !== 'all' && p.mode !== mode) continue;
    const onA = p.modelA === modelId;
    if ((!onA && p.modelB !== modelId) || p.modelA === p.modelB) continue;
    const other = onA ? p.modelB : p.modelA;
    let t = by.get(other);
    if (!t) by.set(other, (t = { modelId: other, wins: 0, losses: 0, ties: 0, bothBad: 0 }));
    t.wins += onA ? p.winsA : p.winsB;
    t.losses += onA ? p.winsB : p.winsA;
    t.ties += p.ties;
    t.bothBad += p.bothBad;
  }
  const total = (t: Tally) => t.wins + t.losses + t.ties + t.bothBad;
  const mine = ratingOf(modelId);
  return (
    [...by.values()]
      // A pair whose every vote was voided keeps a row of zeros: met, as far as the board knows, never.
      .filter((t) => total(t) > 0)
      .sort((x, y) => total(y) - total(x) || (x.modelId < y.modelId ? -1 : 1))
      .map((t) => {
        const theirs = ratingOf(t.modelId);
        const predictedWin = mine === null || theirs === null ? null : 1 / (1 + 10 ** ((theirs - mine) / 400));
        return { ...t, label: labelOf(t.modelId), predictedWin };
      })
  );
}
