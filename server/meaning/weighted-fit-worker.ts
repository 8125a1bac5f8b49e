import { parentPort } from 'node:worker_threads';
import { fitMeaning } from './packed-votes.ts';
import type { WeightedFitJob } from './weighted-fit.ts';

/** Runs a board by meaning's similarities, weighted fit and bootstrap off the main thread. */
parentPort!.on('message', (m: WeightedFitJob) => {
  try {
    parentPort!.postMessage({ id: m.id, result: fitMeaning(m.votes, m.job) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error).message });
  }
});
