import type { HeadToHeadResponse, HeadToHeadSide, LeaderboardRow, MeasuredStat } from '../../shared/api.ts';

/** Leaderboard rows and head-to-head answers for the client's pure helpers. */

const stat = (median: number | null, samples = median === null ? 0 : 5): MeasuredStat => ({
  median,
  p90: median === null ? null : median * 1.5,
  samples,
});

export function row(id: string, over: Partial<LeaderboardRow> = {}): LeaderboardRow {
  return {
    modelId: id,
    label: id[0]!.toUpperCase() + id.slice(1),
    organisation: `Org ${id}`,
    rating: 1000,
    ciLower: 980,
    ciUpper: 1020,
    ciMethod: 'bootstrap',
    provisional: false,
    rankUB: 1,
    elo: null,
    votes: 10,
    wins: 5,
    losses: 5,
    ties: 0,
    winRate: 0.5,
    provider: 'openai',
    available: true,
    license: 'MIT',
    openWeights: true,
    contextWindow: 8192,
    inputPerMTok: 1,
    outputPerMTok: 2,
    blendedPerMTok: 1.25,
    ttftMs: stat(300),
    outputTokensPerSecond: stat(50),
    costUsd: stat(0.001),
    ...over,
  };
}

export function headToHead(a: LeaderboardRow, b: LeaderboardRow, over: Partial<HeadToHeadResponse> = {}): HeadToHeadResponse {
  const side = (r: LeaderboardRow): HeadToHeadSide => ({
    row: r,
    releaseDate: '2025-01-01',
    knowledgeCutoff: null,
    maxOutputTokens: 4096,
    cachedInputPerMTok: null,
    monthlyCostUsd: [1e6, 1e7, 1e8].map((tokens) => ({
      tokens,
      usd: r.blendedPerMTok === null ? null : (r.blendedPerMTok * tokens) / 1e6,
    })),
    selfHosted: r.blendedPerMTok === 0,
    hostedPrice: null,
    referencePrices: [],
    benchmarks: [],
    publishedSpeed: [],
    capabilities: { inputModalities: null, toolCalling: null, structuredOutput: null, source: null },
    endpoint: { id: 'e', label: null, kind: r.provider, available: r.available, unavailableReason: null },
    tokenTotals: { inputTokens: 0, outputTokens: 0, answers: 0 },
  });
  return {
    mode: 'blind',
    a: side(a),
    b: side(b),
    record: { aWins: 3, bWins: 1, ties: 1, bothBad: 0 },
    predictedWinA: 0.64,
    priceRatio: null,
    hostedPriceRatio: null,
    observedMix: null,
    choose: { a: [], b: [] },
    votesToSeparate: 40,
    thinEvidence: false,
    verdict: 'Too close to call.',
    computedAt: 0,
    stale: false,
    ...over,
  };
}
