import { Worker } from 'node:worker_threads';
import { fitWeightedBradleyTerry, type WeightedBoard, type WeightedFitOptions } from '../ratings/fit-weighted-bradley-terry.ts';
import type { RatingVote } from '../ratings/rating-vote.ts';

export type WeightedVote = Pick<RatingVote, 'modelA' | 'modelB' | 'choice'>;

/** Fits weighted Bradley–Terry with bootstrap intervals (server/ratings/fit-weighted-bradley-terry.ts). */
export type FitWeighted = (votes: readonly WeightedVote[], weights: Float64Array, opts: WeightedFitOptions) => Promise<WeightedBoard>;

export const fitWeightedInline: FitWeighted = (votes, weights, opts) =>
  Promise.resolve().then(() => fitWeightedBradleyTerry(votes, weights, opts));

/**
 * The worker's entry: a module that registers tsx's loader in the worker and
 * then imports the TypeScript worker file. (`execArgv: ['--import', 'tsx']`
 * does not reach a worker thread's module loader on Node 20: it fails with
 * "Unknown file extension .ts".)
 */
function workerSource(): URL {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./weighted-fit-worker.ts', import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

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
export function createWeightedFitWorker(): { fit: FitWeighted; close: () => Promise<void>; inlineFits: () => number } {
  let worker: Worker | null = null;
  let inline = 0;
  let broken = false;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: WeightedBoard) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    const w = new Worker(workerSource());
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
      if (broken) {
        inline++;
        return fitWeightedInline(votes, weights, opts);
      }
      worker ??= start();
      const id = nextId++;
      const job: WeightedFitJob = {
        id,
        votes: votes.map((v) => ({ modelA: v.modelA, modelB: v.modelB, choice: v.choice })),
        weights,
        opts,
      };
      // A worker that cannot start or dies: the same fit here, slower for streams but never a failed board.
      return new Promise<WeightedBoard>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage(job);
      }).catch(() => {
        inline++;
        return fitWeightedInline(votes, weights, opts);
      });
    },
    /** Fits done on the calling thread because the worker could not (tests, diagnosis). */
    inlineFits: () => inline,
    close: async () => {
      await worker?.terminate();
      worker = null;
    },
  };
}
