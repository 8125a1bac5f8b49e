import type { LeaderboardResponse, LeaderboardRow, RatingsMode } from '../../shared/api.ts';
import { blendedPricePerMTok } from '../../shared/catalog.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import type { ModelRating } from '../ratings/compute-leaderboard-ratings.ts';
import { NOT_MEASURED, type MeasuredSummary } from './measured-stat.ts';
import type { RatingsSnapshot } from './leaderboard-service.ts';

/** One model's row: its rating (if voted on; without votes it is provisional), catalog facts (if known) and measured figures. */
export function leaderboardRow(
  modelId: string,
  rating: ModelRating | undefined,
  measured: MeasuredSummary | undefined,
  catalog: ModelCatalog,
): LeaderboardRow {
  const figures = measured ?? NOT_MEASURED;
  const entry = catalog.get(modelId);
  const spec = entry?.spec;
  return {
    modelId,
    label: spec?.label ?? modelId,
    organisation: spec?.organisation ?? 'unknown',
    rating: rating?.rating ?? null,
    ciLower: rating?.ciLower ?? null,
    ciUpper: rating?.ciUpper ?? null,
    ciMethod: rating?.ciMethod ?? null,
    provisional: rating?.provisional ?? true,
    rankUB: rating?.rankUB ?? null,
    elo: rating?.elo ?? null,
    votes: rating?.votes ?? 0,
    wins: rating?.wins ?? 0,
    losses: rating?.losses ?? 0,
    ties: rating?.ties ?? 0,
    winRate: rating?.winRate ?? null,
    provider: entry?.endpoint.kind ?? null,
    providerLabel: entry ? (entry.endpoint.label ?? entry.endpoint.id) : null,
    available: entry?.adapter != null,
    license: spec?.license ?? null,
    openWeights: spec?.openWeights ?? null,
    contextWindow: spec?.contextWindow ?? null,
    inputPerMTok: spec?.pricing.inputPerMTok ?? null,
    outputPerMTok: spec?.pricing.outputPerMTok ?? null,
    blendedPerMTok: spec ? blendedPricePerMTok(spec.pricing) : null,
    ttftMs: figures.ttftMs,
    outputTokensPerSecond: figures.outputTokensPerSecond,
    costUsd: figures.costUsd,
  };
}

/**
 * The leaderboard: established models by rating, then provisional ones (the
 * rating core's order), then models with measured answers but no counted
 * votes (their speed and cost are still worth seeing).
 */
export function buildLeaderboard(
  mode: RatingsMode,
  snap: RatingsSnapshot,
  measured: ReadonlyMap<string, MeasuredSummary>,
  catalog: ModelCatalog,
): LeaderboardResponse {
  const rated = snap.ratings.models.map((r) => leaderboardRow(r.model, r, measured.get(r.model), catalog));
  const ratedIds = new Set(snap.ratings.models.map((r) => r.model));
  const unrated = [...measured]
    .filter(([id, m]) => !ratedIds.has(id) && m.answers > 0)
    .map(([id]) => id)
    .sort()
    .map((id) => leaderboardRow(id, undefined, measured.get(id), catalog));
  return {
    mode,
    rows: [...rated, ...unrated],
    totalVotes: snap.votes,
    rounds: snap.ratings.rounds,
    seed: snap.ratings.seed,
    provisionalVotes: snap.ratings.provisionalVotes,
    anchor: snap.ratings.anchor,
    computedAt: snap.computedAt,
    stale: snap.stale,
    pairwise: snap.ratings.pairwise,
  };
}
