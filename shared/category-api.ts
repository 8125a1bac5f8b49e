import { z } from 'zod';
import { LeaderboardResponse, RatingsMode } from './api.ts';

/** Built-in categories (server/categories/classify-prompt.ts: CATEGORIES), in the selector's order. */
export const BUILTIN_CATEGORIES = ['coding', 'math', 'creative-writing', 'long-prompt', 'multi-turn'] as const;

/**
 * A board's category as the API names it: a built-in category, `lang:<ISO 639 code>`
 * or `tag:<user tag>` (user-tags.ts: lower case, letters, digits, `-`, `_`, at most 32).
 */
export const CategoryKey = z.union([
  z.enum(BUILTIN_CATEGORIES),
  z.string().regex(/^lang:[a-z]{2,3}$/),
  z.string().regex(/^tag:[\p{L}\p{N}_-]{1,32}$/u),
]);
export type CategoryKey = z.infer<typeof CategoryKey>;

export const ControlKind = z.enum(['style', 'speed']);
export type ControlKind = z.infer<typeof ControlKind>;

/** Background reclassification at start (battles never classified, or by an older classifier version): battles done so far; null when idle. */
export const Reclassifying = z.object({ done: z.number().int().nonnegative() }).nullable();

export const CategoryCount = z.object({
  key: CategoryKey,
  kind: z.enum(['category', 'language', 'tag']),
  value: z.string(),
  /** Counted votes on battles with this label, in the mode asked for. */
  votes: z.number().int().nonnegative(),
});
export type CategoryCount = z.infer<typeof CategoryCount>;

export const CategoriesResponse = z.object({
  mode: RatingsMode,
  classifierVersion: z.number().int(),
  reclassifying: Reclassifying,
  /** Built-in categories always (0 votes included), then languages and tags with votes, most votes first. */
  categories: z.array(CategoryCount),
});
export type CategoriesResponse = z.infer<typeof CategoriesResponse>;

export const ControlCoefficient = z.object({
  name: z.string(),
  /** Rating points per `scale` (one RMS) of the covariate in a side's favour. */
  value: z.number(),
  ciLower: z.number().nullable(),
  ciUpper: z.number().nullable(),
  scale: z.number(),
});
export type ControlCoefficient = z.infer<typeof ControlCoefficient>;

export const ControlledModel = z.object({
  model: z.string(),
  rating: z.number().nullable(),
  ciLower: z.number().nullable(),
  ciUpper: z.number().nullable(),
  provisional: z.boolean(),
  votes: z.number().nonnegative(),
});
export type ControlledModel = z.infer<typeof ControlledModel>;

/** A style- or speed-controlled fit of the same votes (server/ratings/controlled-ratings.ts). */
export const LeaderboardControl = z.object({
  kind: ControlKind,
  coefficients: z.array(ControlCoefficient),
  models: z.array(ControlledModel),
  /** Battles fitted. */
  battles: z.number().int().nonnegative(),
  /** Battles left out: a figure missing (speed), or the style not computed yet. */
  dropped: z.number().int().nonnegative(),
  rounds: z.number().int().nonnegative(),
  converged: z.boolean(),
});
export type LeaderboardControl = z.infer<typeof LeaderboardControl>;

/**
 * Where the controlled fit stands (it runs in a worker, server/leaderboard/controlled-fits.ts):
 * fresh; stale (newer votes or styles exist, a refit is under way: `control` is the previous fit);
 * fitting (no fit yet, one is running: `control` is null, ask again after retryAfterSeconds).
 */
export const ControlFit = z.object({
  state: z.enum(['fresh', 'stale', 'fitting']),
  computedAt: z.number().nullable(),
  retryAfterSeconds: z.number().int().positive().nullable(),
});
export type ControlFit = z.infer<typeof ControlFit>;

/** /api/leaderboard with ?category= or ?control=: the plain board of those votes, and the controlled fit if asked. */
export const CategoryLeaderboardResponse = LeaderboardResponse.extend({
  category: CategoryKey.nullable(),
  classifierVersion: z.number().int(),
  reclassifying: Reclassifying,
  control: LeaderboardControl.nullable(),
  /** Null when no control was asked for. */
  controlFit: ControlFit.nullable(),
});
export type CategoryLeaderboardResponse = z.infer<typeof CategoryLeaderboardResponse>;

const Spread = z.object({ p10: z.number(), median: z.number(), p90: z.number(), samples: z.number().int().positive() });
export type Spread = z.infer<typeof Spread>;

/** Speed and cost of recent answers, for the charts (a bounded sample: the latest `limit` finished answers). */
export const SpeedChartsResponse = z.object({
  limit: z.number().int().positive(),
  answers: z.number().int().nonnegative(),
  models: z.array(
    z.object({
      modelId: z.string(),
      label: z.string(),
      endpoint: z.string().nullable(),
      ttftMs: Spread.nullable(),
      tokensPerSecond: Spread.nullable(),
      costUsd: Spread.nullable(),
    }),
  ),
  /** Median output speed per model and endpoint per time bucket. */
  speedOverTime: z.array(
    z.object({
      modelId: z.string(),
      endpoint: z.string().nullable(),
      points: z.array(z.object({ at: z.number(), median: z.number(), samples: z.number().int().positive() })),
    }),
  ),
  bucketMs: z.number().positive(),
  /** Cost per answer over all models: histogram on a log scale (bin edges in USD). */
  costHistogram: z.array(z.object({ from: z.number(), to: z.number(), answers: z.number().int().nonnegative() })),
});
export type SpeedChartsResponse = z.infer<typeof SpeedChartsResponse>;
