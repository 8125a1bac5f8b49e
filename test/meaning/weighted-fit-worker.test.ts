import { describe, expect, it } from 'vitest';
import { fitWeightedBradleyTerry } from '../../server/ratings/fit-weighted-bradley-terry.ts';
import { createWeightedFitWorker } from '../../server/meaning/weighted-fit.ts';
import { syntheticVotes } from '../ratings/helpers.ts';

describe('the weighted fit on a worker thread', () => {
  it('gives the same board as on this thread, computed by the worker (not the inline fallback)', async () => {
    const votes = syntheticVotes({ a: 1100, b: 1000, c: 950 }, 600, 2);
    const weights = Float64Array.from(votes, (_, i) => (i % 3 === 0 ? 1 : 0.2));
    const opts = { rounds: 50, seed: 9, provisionalVotes: 10 };
    const w = createWeightedFitWorker();
    try {
      const board = await w.fit(votes, weights, opts);
      expect(board).toEqual(fitWeightedBradleyTerry(votes, weights, opts));
      // The worker started (tsx registered inside it) and answered: nothing fell back to this thread.
      expect(w.inlineFits()).toBe(0);
    } finally {
      await w.close();
    }
  });
});
