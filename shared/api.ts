import { z } from 'zod';
import { ModelListing } from './catalog.ts';

/** REST shapes. The server builds responses through these schemas; the client parses with them. */

export const ModelsResponse = z.object({
  models: z.array(ModelListing),
  /** Shown when no model is available: how to add a provider. */
  setupHelp: z.string().nullable(),
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
  votes: z.number().int().nonnegative(),
  wins: z.number().nonnegative(),
  losses: z.number().nonnegative(),
  ties: z.number().nonnegative(),
  /** Wins / decisive votes; null without decisive votes. */
  winRate: z.number().nullable(),
  ttftMs: MeasuredStat,
  outputTokensPerSecond: MeasuredStat,
  costUsd: MeasuredStat,
});
export type LeaderboardRow = z.infer<typeof LeaderboardRow>;

export const LeaderboardResponse = z.object({
  rows: z.array(LeaderboardRow),
  totalVotes: z.number().int().nonnegative(),
});
export type LeaderboardResponse = z.infer<typeof LeaderboardResponse>;

export const ApiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiError = z.infer<typeof ApiError>;
