import { parentPort } from 'node:worker_threads';
import { fitWeightedBradleyTerry } from '../ratings/fit-weighted-bradley-terry.ts';
import type { WeightedFitJob } from './weighted-fit.ts';

/** Runs a board by meaning's weighted fit and bootstrap off the main thread. */
parentPort!.on('message', (job: WeightedFitJob) => {
  try {
    parentPort!.postMessage({ id: job.id, result: fitWeightedBradleyTerry(job.votes, job.weights, job.opts) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: (e as Error).message });
  }
});
