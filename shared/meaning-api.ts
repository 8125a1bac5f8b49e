import { z } from 'zod';
import { RatingsMode } from './api.ts';

/** The longest text accepted as a topic: a board by meaning is asked with a phrase, not a document. */
export const MEANING_QUERY_MAX_CHARS = 500;

export const MeaningQuery = z.object({
  mode: RatingsMode.default('blind'),
  q: z.string().trim().min(1, 'give a topic as ?q=…').max(MEANING_QUERY_MAX_CHARS, `q is at most ${MEANING_QUERY_MAX_CHARS} characters`),
  /** Softmax temperature of the similarity kernel (server/ratings/weighted-votes-by-similarity.ts). */
  temperature: z.coerce.number().min(0.01).max(1).optional(),
});
export type MeaningQuery = z.infer<typeof MeaningQuery>;

/** One model on a board by meaning: the leaderboard row's names, with Kish effective votes in place of a count. */
export const MeaningRow = z.object({
  modelId: z.string(),
  label: z.string(),
  /** Weighted Bradley–Terry rating, LMArena scale; null when the weighted votes do not link it to the anchor. */
  rating: z.number().nullable(),
  /** 95 % weighted-bootstrap interval; null for provisional models. */
  ciLower: z.number().nullable(),
  ciUpper: z.number().nullable(),
  provisional: z.boolean(),
  /** 1 + the established models whose lower bound is above this one's upper bound; null when provisional. */
  rankUB: z.number().int().positive().nullable(),
  /** Kish effective votes of this model's weighted battles. */
  effectiveVotes: z.number().nonnegative(),
});
export type MeaningRow = z.infer<typeof MeaningRow>;

export const MeaningBoardResponse = z.object({
  mode: RatingsMode,
  query: z.string(),
  embeddingModel: z.object({ id: z.string(), label: z.string() }),
  temperature: z.number().positive(),
  rows: z.array(MeaningRow),
  /** Kish effective sample size of all weighted votes: what the weighted votes are worth as equal ones. */
  effectiveVotes: z.number().nonnegative(),
  /** Counted votes of this mode with an embedding that were weighted. */
  votesConsidered: z.number().int().nonnegative(),
  /** Only the latest this many votes with an embedding are read (a bound on work and memory). */
  voteLimit: z.number().int().positive(),
  /** True when more embedded votes exist than the limit: older ones were left out. */
  truncated: z.boolean(),
  /** Stored battles still waiting for an embedding (the background backfill is running). */
  embedding: z.object({ backfilling: z.boolean(), embeddedBattles: z.number().int().nonnegative() }),
  rounds: z.number().int().nonnegative(),
  provisionalVotes: z.number().nonnegative(),
  anchor: z.array(z.string()),
});
export type MeaningBoardResponse = z.infer<typeof MeaningBoardResponse>;
