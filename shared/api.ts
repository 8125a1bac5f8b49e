import { z } from 'zod';
import { Capabilities, HostedPrice, ModelListing, PublishedBenchmark, PublishedSpeed } from './catalog.ts';

/** REST shapes. The server builds responses through these schemas; the client parses with them. */

/** One way to add models, for the page's setup panel: a sentence and the commands to copy. */
export const SetupStep = z.object({
  title: z.string(),
  text: z.string(),
  commands: z.array(z.string()),
  /** Found while Versus runs (within the re-probe interval); false: needs a restart. */
  live: z.boolean(),
});
export type SetupStep = z.infer<typeof SetupStep>;

export const SetupGuide = z.object({ summary: z.string(), steps: z.array(SetupStep) });
export type SetupGuide = z.infer<typeof SetupGuide>;

export const ModelsResponse = z.object({
  models: z.array(ModelListing),
  /** Shown when no model is available: how to add a provider (plain text, as the start-up table prints it). */
  setupHelp: z.string().nullable(),
  /** The same help as steps with commands, for the page; null once a battle can run. */
  setupGuide: SetupGuide.nullable().optional(),
});
export type ModelsResponse = z.infer<typeof ModelsResponse>;

/** Median / p90 of a measured figure over this arena's finished answers. */
export const MeasuredStat = z.object({
  median: z.number().nullable(),
  p90: z.number().nullable(),
  samples: z.number().int().nonnegative(),
});
export type MeasuredStat = z.infer<typeof MeasuredStat>;

export const LeaderboardRow = z.object({
  modelId: z.string(),
  label: z.string(),
  organisation: z.string(),
  /**
   * Bradley–Terry rating on the LMArena scale (maximum likelihood, relative to
   * the anchor). Null without counted votes, and also when the votes bound it
   * on one side only (a model that never lost: ciUpper is null, ciLower says
   * "at least") or on neither (not yet linked to the anchor models).
   */
  rating: z.number().nullable(),
  /** 95 % interval; null = the votes put no bound on that side. */
  ciLower: z.number().nullable(),
  ciUpper: z.number().nullable(),
  /** bootstrap (established models), profile likelihood (the rest), or the pinned anchor model itself; null without votes. */
  ciMethod: z.enum(['bootstrap', 'profile', 'anchor']).nullable(),
  /**
   * Fewer counted votes than the board's provisionalVotes, or no chain of votes
   * to the anchor models: listed after the established models, with no rank.
   */
  provisional: z.boolean(),
  /** Rank (UB) among the established models: 1 + the number whose lower bound is above this upper bound. Null when provisional. */
  rankUB: z.number().int().positive().nullable(),
  /** Online Elo (K = 4), a secondary view. */
  elo: z.number().nullable(),
  votes: z.number().nonnegative(),
  wins: z.number().nonnegative(),
  losses: z.number().nonnegative(),
  ties: z.number().nonnegative(),
  /** Wins / decisive votes; null without decisive votes. */
  winRate: z.number().nullable(),
  /** Catalog facts; null when the model is not in this arena's catalog (imported data). */
  provider: z.string().nullable(),
  /** The serving endpoint's own name (OpenAI, Google Gemini, Ollama…); null for a model no longer in the catalog. */
  providerLabel: z.string().nullable().optional(),
  available: z.boolean(),
  license: z.string().nullable(),
  openWeights: z.boolean().nullable(),
  contextWindow: z.number().nullable(),
  inputPerMTok: z.number().nullable(),
  outputPerMTok: z.number().nullable(),
  blendedPerMTok: z.number().nullable(),
  /** Measured in this arena's finished answers. */
  ttftMs: MeasuredStat,
  outputTokensPerSecond: MeasuredStat,
  costUsd: MeasuredStat,
});
export type LeaderboardRow = z.infer<typeof LeaderboardRow>;

export const Pairwise = z.object({
  models: z.array(z.string()),
  winFraction: z.array(z.array(z.number().nullable())),
  battles: z.array(z.array(z.number())),
  predictedWin: z.array(z.array(z.number().nullable())),
});
export type Pairwise = z.infer<typeof Pairwise>;

export const RatingsMode = z.enum(['blind', 'named', 'all']);
export type RatingsMode = z.infer<typeof RatingsMode>;

export const LeaderboardResponse = z.object({
  mode: RatingsMode,
  rows: z.array(LeaderboardRow),
  /** Votes the ratings were computed from. */
  totalVotes: z.number().int().nonnegative(),
  /** Bootstrap rounds and seed of the established models' intervals (rounds 0: profile likelihood for all). */
  rounds: z.number().int().nonnegative(),
  seed: z.number().int(),
  /** Counted votes from which a model is established. */
  provisionalVotes: z.number().int().nonnegative(),
  /** What ratings are relative to: `model` pinned at `value`, or (model null) the mean of `models` at `value`. */
  anchor: z.object({ model: z.string().nullable(), value: z.number(), models: z.array(z.string()) }),
  computedAt: z.number(),
  /** Newer votes exist; a recomputation is running. */
  stale: z.boolean(),
  pairwise: Pairwise,
});
export type LeaderboardResponse = z.infer<typeof LeaderboardResponse>;

/** Tokens in and out summed over finished answers whose counts are known. */
export const TokenTotals = z.object({
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  answers: z.number().int().nonnegative(),
});
export type TokenTotals = z.infer<typeof TokenTotals>;

/** The endpoint this Versus reaches a model through, and whether it can right now. */
export const EndpointInfo = z.object({
  id: z.string(),
  label: z.string().nullable(),
  kind: z.string().nullable(),
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
});
export type EndpointInfo = z.infer<typeof EndpointInfo>;

/** What a hosted API charges (shared/hosted-price.ts): the endpoint's own price, or the cheapest listed reference. */
export const HostedPriceChoice = z.object({
  provider: z.string(),
  inputPerMTok: z.number(),
  outputPerMTok: z.number(),
  source: z.string(),
  date: z.string().nullable(),
  viaEndpoint: z.boolean(),
});

/** One reason to choose a model, written from data; its text names the figure it rests on. */
export const ChooseClause = z.object({ key: z.string(), text: z.string() });
export type ChooseClause = z.infer<typeof ChooseClause>;

const RatioSchema = z.object({ cheaper: z.enum(['a', 'b', 'same']), times: z.number().nullable() });

export const HeadToHeadSide = z.object({
  row: LeaderboardRow,
  releaseDate: z.string().nullable(),
  knowledgeCutoff: z.string().nullable(),
  maxOutputTokens: z.number().nullable(),
  cachedInputPerMTok: z.number().nullable(),
  /** Cost of a month of use at 1M, 10M and 100M tokens, blended 3:1. */
  monthlyCostUsd: z.array(z.object({ tokens: z.number(), usd: z.number().nullable() })),
  /** The endpoint Versus uses charges $0 per token; null when the model is not in this catalog. */
  selfHosted: z.boolean().nullable(),
  hostedPrice: HostedPriceChoice.nullable(),
  /** Published facts from the catalog, each with its source: never this arena's measurements. */
  referencePrices: z.array(HostedPrice),
  benchmarks: z.array(PublishedBenchmark),
  publishedSpeed: z.array(PublishedSpeed),
  capabilities: Capabilities,
  endpoint: EndpointInfo.nullable(),
  /** This arena's token counts for the model (answers 0 when none are known). */
  tokenTotals: TokenTotals,
});
export type HeadToHeadSide = z.infer<typeof HeadToHeadSide>;

export const HeadToHeadResponse = z.object({
  mode: RatingsMode,
  a: HeadToHeadSide,
  b: HeadToHeadSide,
  /** Votes between exactly these two. */
  record: z.object({ aWins: z.number(), bWins: z.number(), ties: z.number(), bothBad: z.number() }),
  /** P(A beats B) from the ratings; null when either has no finite rating. */
  predictedWinA: z.number().nullable(),
  priceRatio: RatioSchema.nullable(),
  /** The same at hosted-API prices (a self-hosted model at the cheapest listed hosted price); null when either is unknown. */
  hostedPriceRatio: RatioSchema.nullable(),
  /** Both models' answers together: the input:output mix this arena observed; null without counted tokens. */
  observedMix: TokenTotals.nullable(),
  /** "Choose A if… / choose B if…", built from the figures above (server/leaderboard/choose-if-clauses.ts). */
  choose: z.object({ a: z.array(ChooseClause), b: z.array(ChooseClause) }),
  /**
   * Additional votes that would likely separate overlapping intervals; 0 when
   * already separate; null when unknowable (an open interval) or beyond a
   * realistic number (see server/leaderboard/separation-votes.ts).
   */
  votesToSeparate: z.number().nullable(),
  /** Either model is provisional: the verdict says the evidence is thin. */
  thinEvidence: z.boolean(),
  verdict: z.string(),
  /** As in LeaderboardResponse: when the ratings were computed, and whether newer votes are being counted. */
  computedAt: z.number(),
  stale: z.boolean(),
});
export type HeadToHeadResponse = z.infer<typeof HeadToHeadResponse>;

export const ApiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiError = z.infer<typeof ApiError>;
