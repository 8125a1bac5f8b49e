import { Worker } from 'node:worker_threads';
import { fitWeightedBradleyTerry, type WeightedBoard, type WeightedFitOptions } from '../ratings/fit-weighted-bradley-terry.ts';
import type { RatingVote } from '../ratings/rating-vote.ts';

export type WeightedVote = Pick<RatingVote, 'modelA' | 'modelB' | 'choice'>;

/** Fits weighted Bradley–Terry with bootstrap intervals (server/ratings/fit-weighted-bradley-terry.ts). */
export type FitWeighted = (votes: readonly WeightedVote[], weights: Float64Array, opts: WeightedFitOptions) => Promise<WeightedBoard>;

export const fitWeightedInline: FitWeighted = (votes, weights, opts) =>
  Promise.resolve().then(() => fitWeightedBradleyTerry(votes, weights, opts));

export interface WeightedFitJob {
  id: number;
  votes: WeightedVote[];
  weights: Float64Array;
  opts: WeightedFitOptions;
}

/**
 * The weighted fit on a worker thread: 1,000 bootstrap rounds over a few
 * dozen models take longer than a stream may wait, so the request that asks
 * for a board by meaning waits, not the event loop. One job at a time per
 * worker; falls back to the calling thread if the worker dies.
 */
export function createWeightedFitWorker(): { fit: FitWeighted; close: () => Promise<void> } {
  let worker: Worker | null = null;
  let broken = false;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: WeightedBoard) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    const w = new Worker(new URL('./weighted-fit-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
    w.unref();
    w.on('message', (m: { id: number; result?: WeightedBoard; error?: string }) => {
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
    fit: (votes, weights, opts) => {
      if (broken) return fitWeightedInline(votes, weights, opts);
      worker ??= start();
      const id = nextId++;
      const job: WeightedFitJob = {
        id,
        votes: votes.map((v) => ({ modelA: v.modelA, modelB: v.modelB, choice: v.choice })),
        weights,
        opts,
      };
      return new Promise<WeightedBoard>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage(job);
      });
    },
    close: async () => {
      await worker?.terminate();
      worker = null;
    },
  };
}
