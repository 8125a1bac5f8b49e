import { parentPort } from 'node:worker_threads';
import { computeRatingsFromCounts } from '../ratings/compute-leaderboard-ratings.ts';
import type { RatingsJob } from './ratings-computer.ts';

/** Runs the fit and the bootstrap off the main thread, so streams never wait for a leaderboard. */
parentPort!.on('message', (job: RatingsJob) => {
  try {
    const result = computeRatingsFromCounts(
      { models: job.models, decisive: job.decisive, draws: job.draws },
      { rounds: job.rounds, seed: job.seed, provisionalVotes: job.provisionalVotes, anchor: job.anchor, elo: new Map(job.elo) },
    );
    parentPort!.postMessage({ id: job.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: (e as Error).message });
  }
});
