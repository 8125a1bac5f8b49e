import type { RatedVote } from '../../db/battle-store.ts';
import type { Side } from '../../shared/protocol.ts';
import type { RatingsSharing } from '../leaderboard/ratings-sharing.ts';
import type { RateLimit } from '../limits/rate-limit.ts';
import type { SlotLimit } from '../limits/slot-limit.ts';
import type { SlotSpec } from '../limits/slot-limiter.ts';
import type { BucketSpec } from '../limits/token-bucket.ts';

/** What this node does when another node tells it something. */
export interface PeerHandlers {
  /** A vote was stored on another node: count it here too. */
  vote(v: RatedVote): void;
  /** A full recount was asked on another node (a void, an import). */
  rebuild(): void;
  /** Refit the ratings now (this node is the one refitting, and something changed). */
  refit(): void;
  /** Someone asked to stop a battle they own: stop it if it streams here. */
  stop(battleId: string, side: Side | undefined): void;
  /** An endpoint failed on another node: look at the endpoints again. */
  healthKick(): void;
}

/**
 * What nodes share: in this process alone (one node, no Redis: exactly as a
 * single Versus has always run) or through Redis (several processes or
 * machines on one PostgreSQL).
 */
export interface SharedState {
  readonly kind: 'memory' | 'redis';
  /** This node's name among the others (in logs, and to ignore its own messages). */
  readonly nodeId: string;
  rateLimit(name: string, spec: BucketSpec): RateLimit;
  /** Caps on what a client holds open: the per-key cap across every node, the total per node. */
  slotLimit(name: string, spec: SlotSpec): SlotLimit;
  /** Undefined in memory: every node computes its own ratings (there is only one). */
  readonly ratings: RatingsSharing | undefined;
  /** Tell the other nodes; nothing to do when there are none. */
  voteRecorded(v: RatedVote): void;
  stopElsewhere(battleId: string, side: Side | undefined): Promise<void>;
  healthKick(): void;
  /** Start hearing the other nodes. */
  listen(handlers: PeerHandlers): void;
  close(): Promise<void>;
}
