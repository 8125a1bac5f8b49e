import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../leaderboard/start-ts-worker.ts';
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
  let worker: Worker | null = null;
  let broken = false;
  let inline = 0;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: MeaningFit) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    const w = startTsWorker(new URL('./weighted-fit-worker.ts', import.meta.url));
    w.unref();
    w.on('message', (m: { id: number; result?: MeaningFit; error?: string }) => {
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
  const here: FitWeighted = (votes, job) => {
    inline++;
    return fitWeightedInline(votes, job);
  };
  return {
    fit: (votes, job) => {
      if (broken) return here(votes, job);
      worker ??= start();
      const id = nextId++;
      const message: WeightedFitJob = { id, votes, job };
      // A worker that cannot start or dies: the same fit here, slower for streams but never a failed board.
      return new Promise<MeaningFit>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage(message);
      }).catch(() => here(votes, job));
    },
    /** Fits done on the calling thread because the worker could not (tests, diagnosis). */
    inlineFits: () => inline,
    close: async () => {
      await worker?.terminate();
      worker = null;
    },
  };
}
