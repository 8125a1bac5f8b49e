import type { RatingsMode } from '../../shared/api.ts';
import type { ModelPageResponse, RatingPoint } from '../../shared/model-page-api.ts';
import type { PairCountRow, RatedVote, TokenTotals } from '../../db/battle-store.ts';
import type { MeasuredSummary } from './measured-stat.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import { headToHeadSide } from './build-head-to-head.ts';
import { leaderboardRow } from './build-leaderboard.ts';
import type { HistoryWindow } from './history-votes.ts';
import { countsFor, type RatingsSnapshot } from './leaderboard-service.ts';
import { opponentRecords } from './opponent-records.ts';
import { ratingHistory } from './rating-history.ts';

const DAY_MS = 86_400_000;
const MEMO_SIZE = 64;
// The history refits the board up to a dozen times: remember it until a new vote arrives.
const memo = new Map<string, { points: RatingPoint[]; stepMs: number }>();

function historyOf(mode: RatingsMode, modelId: string, counted: readonly RatedVote[], snap: RatingsSnapshot) {
  const last = counted[counted.length - 1];
  const { provisionalVotes, anchor } = snap.ratings;
  const key = JSON.stringify([mode, modelId, counted.length, last?.tstamp ?? 0, provisionalVotes, anchor.model, anchor.value]);
  let h = memo.get(key);
  if (!h) {
    h = ratingHistory(modelId, counted, {
      provisionalVotes,
      anchor: anchor.model ? { model: anchor.model, value: anchor.value } : { value: anchor.value },
    });
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(key, h);
  }
  return h;
}

/**
 * One model: its specs and published facts, what this arena measured, its
 * record against every opponent, and its rating over time. Bounded per
 * request: the record from the model's stored pair counts, the figures from
 * its latest answers (ModelFigures), the history from the latest votes only
 * (HistoryVotes; `historyVotes` says whether that was all of them).
 */
export function buildModelPage(
  mode: RatingsMode,
  modelId: string,
  snap: RatingsSnapshot,
  pairs: readonly PairCountRow[],
  history: HistoryWindow,
  measured: ReadonlyMap<string, MeasuredSummary>,
  catalog: ModelCatalog,
  tokenTotals: readonly TokenTotals[],
): ModelPageResponse {
  const ratingOf = (id: string) => snap.ratings.models.find((m) => m.model === id);
  const entry = catalog.get(modelId);
  const row = leaderboardRow(modelId, ratingOf(modelId), measured.get(modelId), catalog);
  const counted = history.votes.filter((v) => countsFor(mode, v));
  const fitted = historyOf(mode, modelId, counted, snap);
  return {
    mode,
    model: headToHeadSide(
      row,
      entry,
      tokenTotals.find((t) => t.modelId === modelId),
    ),
    specSource: entry?.spec.source ?? null,
    details: entry?.spec.details ?? {},
    opponents: opponentRecords(
      modelId,
      pairs,
      mode,
      (id) => catalog.get(id)?.spec.label ?? id,
      (id) => ratingOf(id)?.rating ?? null,
    ),
    history: fitted.points,
    historyStepDays: fitted.stepMs / DAY_MS,
    historyVotes: { read: history.votes.length, complete: history.complete },
    provisionalVotes: snap.ratings.provisionalVotes,
    computedAt: snap.computedAt,
    stale: snap.stale,
  };
}
