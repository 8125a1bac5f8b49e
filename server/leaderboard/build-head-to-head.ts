import type { HeadToHeadResponse, LeaderboardRow, RatingsMode } from '../../shared/api.ts';
import { MONTHLY_VOLUMES, monthlyCostUsd, priceRatio } from '../../shared/cost-comparison.ts';
import type { MeasuredFigures, RatedVote } from '../../db/battle-store.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import { leaderboardRow } from './build-leaderboard.ts';
import { countsFor, type RatingsSnapshot } from './leaderboard-service.ts';
import { headToHeadVerdict } from './head-to-head-verdict.ts';
import { votesToSeparate } from './separation-votes.ts';

/** "A vs B" from this arena's own data: record, ratings, specs, prices, measured speed and a verdict. */
export function buildHeadToHead(
  mode: RatingsMode,
  aId: string,
  bId: string,
  snap: RatingsSnapshot,
  votes: readonly RatedVote[],
  figures: readonly MeasuredFigures[],
  catalog: ModelCatalog,
): HeadToHeadResponse {
  const rowOf = (id: string): LeaderboardRow =>
    leaderboardRow(id, snap.ratings.models.find((m) => m.model === id), figures.filter((f) => f.modelId === id), catalog);
  const a = rowOf(aId);
  const b = rowOf(bId);

  const record = { aWins: 0, bWins: 0, ties: 0, bothBad: 0 };
  for (const v of votes) {
    if (!countsFor(mode, v)) continue;
    const aIsA = v.modelA === aId && v.modelB === bId;
    const aIsB = v.modelA === bId && v.modelB === aId;
    if (!aIsA && !aIsB) continue;
    if (v.choice === 'tie') record.ties++;
    else if (v.choice === 'both_bad') record.bothBad++;
    else if ((v.choice === 'a') === aIsA) record.aWins++;
    else record.bWins++;
  }

  const predictedWinA = a.rating !== null && b.rating !== null ? 1 / (1 + 10 ** ((b.rating - a.rating) / 400)) : null;
  // Interval widths follow each model's own vote count; their sum is the scale we extrapolate.
  const separate = a.votes > 0 && b.votes > 0 ? votesToSeparate(a, b, a.votes + b.votes) : null;
  const specA = catalog.get(aId)?.spec;
  const specB = catalog.get(bId)?.spec;
  const ratio = specA && specB ? priceRatio(specA.pricing, specB.pricing) : null;
  const side = (row: LeaderboardRow, spec: typeof specA) => ({
    row,
    releaseDate: spec?.releaseDate ?? null,
    knowledgeCutoff: spec?.knowledgeCutoff ?? null,
    maxOutputTokens: spec?.maxOutputTokens ?? null,
    cachedInputPerMTok: spec?.pricing.cachedInputPerMTok ?? null,
    monthlyCostUsd: MONTHLY_VOLUMES.map((tokens) => ({ tokens, usd: spec ? monthlyCostUsd(spec.pricing, tokens) : null })),
  });
  return {
    mode,
    a: side(a, specA),
    b: side(b, specB),
    record,
    predictedWinA,
    // JSON has no Infinity: a free model's ratio is reported as null times.
    priceRatio: ratio ? { cheaper: ratio.cheaper, times: Number.isFinite(ratio.times) ? ratio.times : null } : null,
    votesToSeparate: separate,
    thinEvidence: a.provisional || b.provisional,
    verdict: headToHeadVerdict({ a, b, predictedWinA, votesToSeparate: separate, priceRatio: ratio, provisionalVotes: snap.ratings.provisionalVotes }),
    computedAt: snap.computedAt,
    stale: snap.stale,
  };
}
