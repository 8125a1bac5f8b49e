import { z } from 'zod';
import { HeadToHeadSide, RatingsMode } from './api.ts';

/** The votes between one model and one opponent, from the model's side. */
export const OpponentRecord = z.object({
  modelId: z.string(),
  label: z.string(),
  wins: z.number().int().nonnegative(),
  losses: z.number().int().nonnegative(),
  ties: z.number().int().nonnegative(),
  bothBad: z.number().int().nonnegative(),
  /** P(this model beats the opponent) from the current ratings; null when either rating is open. */
  predictedWin: z.number().nullable(),
});
export type OpponentRecord = z.infer<typeof OpponentRecord>;

/** The model's rating as the votes up to `at` put it (profile-likelihood 95% interval), relative to that moment's anchor. */
export const RatingPoint = z.object({
  at: z.number(),
  /** This model's counted votes up to `at`. */
  votes: z.number().int().nonnegative(),
  rating: z.number().nullable(),
  ciLower: z.number().nullable(),
  ciUpper: z.number().nullable(),
  provisional: z.boolean(),
});
export type RatingPoint = z.infer<typeof RatingPoint>;

export const ModelPageResponse = z.object({
  mode: RatingsMode,
  /** The model's row, catalog facts with their sources, endpoint and this arena's token counts. */
  model: HeadToHeadSide,
  /** Where the catalog's core facts come from; null when the model is not in this catalog (imported votes only). */
  specSource: z.string().nullable(),
  details: z.record(z.string(), z.string()),
  opponents: z.array(OpponentRecord),
  history: z.array(RatingPoint),
  /** Days between two points of `history` (a week, or more when the votes span long). */
  historyStepDays: z.number().positive(),
  /**
   * The votes `history` was refitted from: the latest `read` of the arena's
   * votes (all boards); `complete` false when there were more, left out to keep
   * a page's cost bounded, so early points stand on fewer votes than the board
   * had then.
   */
  historyVotes: z.object({ read: z.number().int().nonnegative(), complete: z.boolean() }),
  provisionalVotes: z.number().int().nonnegative(),
  computedAt: z.number(),
  stale: z.boolean(),
});
export type ModelPageResponse = z.infer<typeof ModelPageResponse>;
