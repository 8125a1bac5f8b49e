import type { RatingsMode, RatingsSnapshot } from './leaderboard-service.ts';

export type SharedSnapshot = Omit<RatingsSnapshot, 'stale'>;

/**
 * How a leaderboard shares its refit with other nodes (server/scale): one node
 * at a time computes and publishes, the others serve what it published. With
 * no sharing (one node), every read is computed here, as always.
 */
export interface RatingsSharing {
  /** Another node's latest snapshot to serve instead of computing here; undefined: compute here. */
  follow(mode: RatingsMode): SharedSnapshot | undefined;
  /** This node computed a snapshot (published when this node is the one refitting). */
  computed(mode: RatingsMode, snapshot: SharedSnapshot): void;
  /** A full recount was asked here (a void, an import); `done` settles when it is finished. */
  rebuilding(done: Promise<void>): void;
}
