import type { Worker } from 'node:worker_threads';
import { startTsWorker } from './start-ts-worker.ts';
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

/**
 * A worker thread that computes ratings. A 100-model bootstrap takes about
 * half a second: on the main thread that would stall every stream for as long.
 * Falls back to inline computation if the worker dies.
 */
export function createWorkerComputer(): { compute: ComputeRatings; close: () => Promise<void>; readonly inlineFallbacks: number } {
  let worker: Worker | null = null;
  let broken = false;
  // Fits that ran on the main thread because the worker failed: 0 is the point of this module (tested).
  let inlineFallbacks = 0;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: LeaderboardRatings) => void; reject: (e: Error) => void }>();

  const start = (): Worker => {
    const w = startTsWorker(new URL('./ratings-worker.ts', import.meta.url));
    w.unref();
    w.on('message', (m: { id: number; result?: LeaderboardRatings; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.result!);
    });
    w.on('error', (e) => {
      broken = true;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
    return w;
  };

  return {
    compute: (counts, elo, opts) => {
      if (broken) {
        inlineFallbacks++;
        return computeInline(counts, elo, opts);
      }
      worker ??= start();
      const id = nextId++;
      const job: RatingsJob = {
        id,
        models: [...counts.models],
        decisive: counts.decisive,
        draws: counts.draws,
        elo: [...elo],
        ...opts,
      };
      return new Promise<LeaderboardRatings>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage(job);
      }).catch(() => {
        inlineFallbacks++;
        return computeInline(counts, elo, opts);
      });
    },
    close: async () => {
      await worker?.terminate();
      worker = null;
    },
    get inlineFallbacks() {
      return inlineFallbacks;
    },
  };
}
