import { z } from 'zod';
import { BattleMode, Side, VoteChoice } from '../../shared/protocol.ts';
import type { LeaderboardRatings } from '../ratings/compute-leaderboard-ratings.ts';

const RatingsMode = z.enum(['blind', 'named', 'all']);

/** A published refit: the leaderboard's whole result, as the node that computed it made it. */
export const SharedSnapshotMessage = z.object({
  ratings: z.custom<LeaderboardRatings>(
    (v) => typeof v === 'object' && v !== null && Array.isArray((v as { models?: unknown }).models),
    'not a leaderboard',
  ),
  votes: z.number().int().nonnegative(),
  computedAt: z.number(),
});

/** What one node tells the others over Redis pub/sub; parsed on arrival like any other input. */
export const PeerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('vote'),
    from: z.string(),
    vote: z.object({
      battleId: z.string(),
      mode: BattleMode,
      modelA: z.string(),
      modelB: z.string(),
      choice: VoteChoice,
      tstamp: z.number(),
      countsForRatings: z.boolean(),
      flagged: z.string().nullable(),
      voided: z.boolean().optional(),
    }),
  }),
  z.object({ type: z.literal('rebuild'), from: z.string() }),
  z.object({ type: z.literal('ratings'), from: z.string(), mode: RatingsMode, snapshot: SharedSnapshotMessage }),
  z.object({ type: z.literal('stop'), from: z.string(), battleId: z.string().max(200), side: Side.optional() }),
  z.object({ type: z.literal('health-kick'), from: z.string() }),
]);
export type PeerMessage = z.infer<typeof PeerMessage>;
