import { createJobWorker } from './job-worker.ts';
import { serverModuleUrl } from '../server-module.ts';
import type { RatingAnchor } from '../ratings/anchor-ratings.ts';
import { computeRatingsFromCounts, type LeaderboardRatings } from '../ratings/compute-leaderboard-ratings.ts';
import type { PairCounts } from '../ratings/pair-counts.ts';

/** The `ratings` part of the config (config-file.ts); unset fields take the rating core's defaults. */
export interface RatingsSettings {
  rounds: number;
  seed: number;
  provisionalVotes?: number;
  anchor?: RatingAnchor;
}

export interface RatingsJob extends RatingsSettings {
  id: number;
  models: string[];
  decisive: Float64Array;
  draws: Float64Array;
  elo: [string, number][];
}

export type ComputeRatings = (counts: PairCounts, elo: Map<string, number>, opts: RatingsSettings) => Promise<LeaderboardRatings>;

/** Same maths on the calling thread: for tests, tiny tables, and when a worker cannot start. */
export const computeInline: ComputeRatings = (counts, elo, opts) =>
  Promise.resolve().then(() => computeRatingsFromCounts(counts, { ...opts, elo }));

/** A job's ratings: what the worker computes, and the calling thread when it cannot. */
export function ratingsOfJob(job: RatingsJob): LeaderboardRatings {
  return computeRatingsFromCounts(
    { models: job.models, decisive: job.decisive, draws: job.draws },
    { rounds: job.rounds, seed: job.seed, provisionalVotes: job.provisionalVotes, anchor: job.anchor, elo: new Map(job.elo) },
  );
}

/**
 * A worker thread that computes ratings. A 100-model bootstrap takes about
 * half a second: on the main thread that would stall every stream for as long.
 * Falls back to inline computation if the worker dies.
 */
export function createWorkerComputer(): { compute: ComputeRatings; close: () => Promise<void>; readonly inlineFallbacks: number } {
  const worker = createJobWorker<RatingsJob, LeaderboardRatings>(serverModuleUrl('server/leaderboard/ratings-worker'), (job) =>
    Promise.resolve().then(() => ratingsOfJob(job)),
  );
  return {
    compute: (counts, elo, opts) =>
      worker.run({ models: [...counts.models], decisive: counts.decisive, draws: counts.draws, elo: [...elo], ...opts }),
    close: worker.close,
    // Fits that ran on the main thread because the worker failed: 0 is the point of this module (tested).
    get inlineFallbacks() {
      return worker.inlineRuns();
    },
  };
}
