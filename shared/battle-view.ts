import { z } from 'zod';
import { SideMetrics } from './metrics.ts';
import { PublicProviderError } from './provider-error.ts';
import { BattleMode, BattleSettings, SideIdentity, SideStatus, SideTotals, VoteChoice } from './protocol.ts';
import { FinishReason } from './usage.ts';

/**
 * A stored battle as the history page and a shared link show it. A blind
 * battle nobody voted on yet stays blind here too: no identities, and only the
 * provider-neutral figures (see server/arena/blind-view.ts).
 */
export const AnswerView = z.object({
  text: z.string(),
  status: SideStatus,
  finishReason: FinishReason.nullable(),
  error: PublicProviderError.nullable(),
  metrics: SideMetrics,
});
export type AnswerView = z.infer<typeof AnswerView>;

export const VoteView = z.object({
  choice: VoteChoice,
  countsForRatings: z.boolean(),
  /** Unix ms. */
  at: z.number(),
});
export type VoteView = z.infer<typeof VoteView>;

export const BattleView = z.object({
  id: z.string(),
  mode: BattleMode,
  createdAt: z.number(),
  /** null while a blind battle awaits its vote. */
  sides: z.object({ a: SideIdentity.nullable(), b: SideIdentity.nullable() }),
  settings: BattleSettings.nullable(),
  turns: z.array(
    z.object({
      turn: z.number().int().nonnegative(),
      prompt: z.string(),
      answers: z.object({ a: AnswerView.nullable(), b: AnswerView.nullable() }),
    }),
  ),
  /** Each side's sums over every answer, once the figures may be shown (named, or voted). */
  totals: z.object({ a: SideTotals, b: SideTotals }).nullable(),
  vote: VoteView.nullable(),
  /** Seen through a share link: nothing can be done to it. */
  readOnly: z.boolean(),
  /** The owner's view only: whether a share link is live. */
  shared: z.boolean().optional(),
});
export type BattleView = z.infer<typeof BattleView>;

export const BattleSummary = z.object({
  id: z.string(),
  mode: BattleMode,
  createdAt: z.number(),
  sides: z.object({ a: SideIdentity.nullable(), b: SideIdentity.nullable() }),
  /** The first prompt, cut to 200 characters. */
  firstPrompt: z.string(),
  turns: z.number().int().nonnegative(),
  totals: z.object({ a: SideTotals, b: SideTotals }).nullable(),
  vote: VoteView.nullable(),
  shared: z.boolean(),
});
export type BattleSummary = z.infer<typeof BattleSummary>;

export const HistoryResponse = z.object({
  battles: z.array(BattleSummary),
  /** Pass as `?before=` for the next page; null at the end. */
  next: z.string().nullable(),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;

export const ShareResponse = z.object({
  /** The page route of the read-only link; the token in it is shown once and only its hash is kept. */
  path: z.string(),
});
export type ShareResponse = z.infer<typeof ShareResponse>;
