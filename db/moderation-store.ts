import type { BattleMode, VoteChoice } from '../shared/protocol.ts';

/** Which votes a void covers, resolved to SQL: one of the identities, optionally within [from, to). */
export type VoteMatch =
  | { by: 'battles'; battleIds: readonly string[] }
  | { by: 'session'; sessionHash: string }
  | { by: 'user'; userId: string }
  | { by: 'address-hash'; addressHash: string }
  | { by: 'address-prefixes'; prefixHashes: readonly string[] }
  | { by: 'time' };

export interface VoidRow {
  id: number;
  createdAt: number;
  admin: string;
  reason: string;
  scope: string;
  votes: number;
  reversal: { at: number; admin: string; reason: string } | null;
}

/** One vote as the suspicious-activity rule reads it. */
export interface ActivityVote {
  sessionHash: string;
  userId: string | null;
  addressHash: string | null;
  createdAt: number;
  choice: VoteChoice;
  modelA: string;
  modelB: string;
  decisionMs: number | null;
}

export interface FlaggedBattleRow {
  battleId: string;
  createdAt: number;
  mode: BattleMode;
  modelA: string;
  modelB: string;
  flagged: string;
  choice: VoteChoice | null;
  voided: boolean;
}

/**
 * Voids (append-only, with their reversals) and what moderation reads about
 * votes. Asynchronous like every store (db/battle-store.ts says why).
 */
export interface ModerationStore {
  /** The ids of the votes matching, and how many of them an active void already covers. */
  matchVotes(match: VoteMatch, from?: number, to?: number): Promise<{ ids: number[]; alreadyVoided: number }>;
  /** Writes the void and the votes it covers in one transaction; resolves with its id. */
  createVoid(v: { createdAt: number; admin: string; reason: string; scope: string; voteIds: readonly number[] }): Promise<number>;
  /** 'missing' when no such void, 'already' when it was reversed before (or by a reversal racing this one). */
  reverseVoid(voidId: number, r: { at: number; admin: string; reason: string }): Promise<'ok' | 'missing' | 'already'>;
  voids(limit?: number): Promise<VoidRow[]>;
  /** Votes not voided since `since`, in time order, except those of `importSession` (they say nothing about who is here). */
  activity(since: number, importSession: string): Promise<ActivityVote[]>;
  flaggedBattles(since?: number, limit?: number): Promise<FlaggedBattleRow[]>;
  votesPerUser(): Promise<Map<string, number>>;
}
