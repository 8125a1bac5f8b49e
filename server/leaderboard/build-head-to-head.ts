import type { HeadToHeadResponse, HeadToHeadSide, LeaderboardRow, RatingsMode, TokenTotals } from '../../shared/api.ts';
import { NO_CAPABILITIES } from '../../shared/catalog.ts';
import { MONTHLY_VOLUMES, monthlyCostUsd, priceRatio } from '../../shared/cost-comparison.ts';
import { hostedPriceOf, hostedPriceRatio, isSelfHosted } from '../../shared/hosted-price.ts';
import { observedMix } from '../../shared/observed-mix.ts';
import type { PairCountRow, TokenTotals as StoredTotals } from '../../db/battle-store.ts';
import type { MeasuredSummary } from './measured-stat.ts';
import type { CatalogEntry, ModelCatalog } from '../catalog/model-catalog.ts';
import { leaderboardRow } from './build-leaderboard.ts';
import { chooseIfClauses } from './choose-if-clauses.ts';
import type { RatingsSnapshot } from './leaderboard-service.ts';
import { headToHeadVerdict } from './head-to-head-verdict.ts';
import { votesToSeparate } from './separation-votes.ts';

const NO_TOKENS: TokenTotals = { inputTokens: 0, outputTokens: 0, answers: 0 };

/** One side: its row, catalog facts (published figures with their sources), endpoint and this arena's token counts. */
export function headToHeadSide(row: LeaderboardRow, entry: CatalogEntry | undefined, tokens: TokenTotals | undefined): HeadToHeadSide {
  const spec = entry?.spec;
  const endpointLabel = entry?.endpoint.label ?? null;
  return {
    row,
    releaseDate: spec?.releaseDate ?? null,
    knowledgeCutoff: spec?.knowledgeCutoff ?? null,
    maxOutputTokens: spec?.maxOutputTokens ?? null,
    cachedInputPerMTok: spec?.pricing.cachedInputPerMTok ?? null,
    monthlyCostUsd: MONTHLY_VOLUMES.map((t) => ({ tokens: t, usd: spec ? monthlyCostUsd(spec.pricing, t) : null })),
    selfHosted: spec ? isSelfHosted(spec) : null,
    hostedPrice: spec ? hostedPriceOf(spec, endpointLabel) : null,
    referencePrices: spec?.referencePrices ?? [],
    benchmarks: spec?.benchmarks ?? [],
    publishedSpeed: spec?.publishedSpeed ?? [],
    capabilities: spec?.capabilities ?? NO_CAPABILITIES,
    endpoint: entry
      ? {
          id: entry.endpoint.id,
          label: endpointLabel,
          kind: entry.endpoint.kind ?? null,
          available: entry.adapter !== null,
          unavailableReason: entry.unavailableReason ?? null,
        }
      : null,
    tokenTotals: tokens ? { inputTokens: tokens.inputTokens, outputTokens: tokens.outputTokens, answers: tokens.answers } : NO_TOKENS,
  };
}

/** "A vs B" from this arena's own data and the catalog's published facts: record, ratings, specs, prices, speed, reasons to choose each, and a verdict. */
export function buildHeadToHead(
  mode: RatingsMode,
  aId: string,
  bId: string,
  snap: RatingsSnapshot,
  pairs: readonly PairCountRow[],
  measured: ReadonlyMap<string, MeasuredSummary>,
  catalog: ModelCatalog,
  tokenTotals: readonly StoredTotals[] = [],
): HeadToHeadResponse {
  const rowOf = (id: string): LeaderboardRow =>
    leaderboardRow(
      id,
      snap.ratings.models.find((m) => m.model === id),
      measured.get(id),
      catalog,
    );
  const a = rowOf(aId);
  const b = rowOf(bId);

  const record = { aWins: 0, bWins: 0, ties: 0, bothBad: 0 };
  for (const p of pairs) {
    if (mode !== 'all' && p.mode !== mode) continue;
    const aIsA = p.modelA === aId && p.modelB === bId;
    const aIsB = p.modelA === bId && p.modelB === aId;
    if (!aIsA && !aIsB) continue;
    record.ties += p.ties;
    record.bothBad += p.bothBad;
    record.aWins += aIsA ? p.winsA : p.winsB;
    record.bWins += aIsA ? p.winsB : p.winsA;
  }

  const predictedWinA = a.rating !== null && b.rating !== null ? 1 / (1 + 10 ** ((b.rating - a.rating) / 400)) : null;
  // Interval widths follow each model's own vote count; their sum is the scale we extrapolate.
  const separate = a.votes > 0 && b.votes > 0 ? votesToSeparate(a, b, a.votes + b.votes) : null;
  const entryA = catalog.get(aId);
  const entryB = catalog.get(bId);
  const ratio = entryA && entryB ? priceRatio(entryA.spec.pricing, entryB.spec.pricing) : null;
  const totalsOf = (id: string) => tokenTotals.find((t) => t.modelId === id);
  const sideA = headToHeadSide(a, entryA, totalsOf(aId));
  const sideB = headToHeadSide(b, entryB, totalsOf(bId));
  const hostedRatio = hostedPriceRatio(sideA.hostedPrice, sideB.hostedPrice);
  return {
    mode,
    a: sideA,
    b: sideB,
    record,
    predictedWinA,
    // JSON has no Infinity: a free model's ratio is reported as null times.
    priceRatio: ratio ? { cheaper: ratio.cheaper, times: Number.isFinite(ratio.times) ? ratio.times : null } : null,
    hostedPriceRatio: hostedRatio,
    observedMix: observedMix([sideA.tokenTotals, sideB.tokenTotals]),
    choose: chooseIfClauses({ a: sideA, b: sideB, hostedPriceRatio: hostedRatio }),
    votesToSeparate: separate,
    thinEvidence: a.provisional || b.provisional,
    verdict: headToHeadVerdict({
      a,
      b,
      predictedWinA,
      votesToSeparate: separate,
      priceRatio: ratio,
      provisionalVotes: snap.ratings.provisionalVotes,
    }),
    computedAt: snap.computedAt,
    stale: snap.stale,
  };
}
