import { createJobWorker } from '../leaderboard/job-worker.ts';
import { serverModuleUrl } from '../server-module.ts';
import { fitMeaning, type MeaningFit, type MeaningFitJob, type PackedVotes } from './packed-votes.ts';

/** Computes one board by meaning from packed votes (packed-votes.ts's fitMeaning), here or on a worker. */
export type FitWeighted = (votes: PackedVotes, job: MeaningFitJob) => Promise<MeaningFit>;

export const fitWeightedInline: FitWeighted = (votes, job) => Promise.resolve().then(() => fitMeaning(votes, job));

export interface WeightedFitJob {
  id: number;
  votes: PackedVotes;
  job: MeaningFitJob;
}

/**
 * Boards by meaning on a worker thread. At the vote limit the similarities
 * alone took 55–120 ms and the fit with 1,000 bootstrap rounds 90–250 ms
 * (50,000 votes × 256 dimensions, 20 models, on a shared 2-core machine):
 * far longer than a stream may wait, so the request waits instead of the
 * event loop. The votes are in shared memory: posting a job copies only the
 * query. Falls back to the calling thread if the worker cannot start or dies.
 */
export function createWeightedFitWorker(): { fit: FitWeighted; close: () => Promise<void>; inlineFits: () => number } {
  const worker = createJobWorker<WeightedFitJob, MeaningFit>(serverModuleUrl('server/meaning/weighted-fit-worker'), (m) =>
    fitWeightedInline(m.votes, m.job),
  );
  /** Fits done on the calling thread because the worker could not (tests, diagnosis): `inlineFits`. */
  return { fit: (votes, job) => worker.run({ votes, job }), close: worker.close, inlineFits: worker.inlineRuns };
}
