import { z } from 'zod';
import { SideMetrics } from './metrics.ts';
import { BattleSettings } from './protocol.ts';

export const CleanWinner = z.enum(['model_a', 'model_b', 'tie', 'tie (bothbad)']);
export type CleanWinner = z.infer<typeof CleanWinner>;

export const CleanMessage = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string(),
});

export const VersusExtras = z.object({
  battle_id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  mode: z.enum(['blind', 'named']),
  counts_for_ratings: z.boolean(),
  flagged: z.string().nullable(),
  decision_ms: z.number().nonnegative().nullable(),
  /** Per turn, per side: the measurements of each answer. */
  measurements: z.array(z.object({ a: SideMetrics.nullable(), b: SideMetrics.nullable() })),
  status: z.array(z.object({ a: z.string().nullable(), b: z.string().nullable() })),
  /** Per-side settings of a named battle (system prompt, temperature, max tokens), when it set any. */
  settings: BattleSettings.optional(),
  /** Present when an admin voided the vote: it counts for no rating. `at` is when, in Unix seconds. */
  voided: z.object({ reason: z.string().min(1).max(500), at: z.number().nonnegative() }).optional(),
});
export type VersusExtras = z.infer<typeof VersusExtras>;

/**
 * One battle in LMArena's clean-battle layout (the public arena data
 * format), so a team can start from public votes and others can rate our
 * data with their tools. Versus's own measurements ride along under
 * `versus`; unknown fields are kept out of the way, not rejected.
 */
export const CleanBattle = z.looseObject({
  question_id: z.string().min(1).max(200),
  model_a: z.string().min(1).max(200),
  model_b: z.string().min(1).max(200),
  winner: CleanWinner,
  judge: z.string().optional(),
  conversation_a: z.array(CleanMessage).nullable().optional(),
  conversation_b: z.array(CleanMessage).nullable().optional(),
  /** Number of user turns. */
  turn: z.number().int().nonnegative().optional(),
  anony: z.boolean(),
  language: z.string().optional(),
  /** Unix seconds. */
  tstamp: z.number().nonnegative(),
  versus: VersusExtras.optional(),
});
export type CleanBattle = z.infer<typeof CleanBattle>;

export const WINNER_OF_CHOICE = { a: 'model_a', b: 'model_b', tie: 'tie', both_bad: 'tie (bothbad)' } as const satisfies Record<
  string,
  CleanWinner
>;
export const CHOICE_OF_WINNER = { model_a: 'a', model_b: 'b', tie: 'tie', 'tie (bothbad)': 'both_bad' } as const;
