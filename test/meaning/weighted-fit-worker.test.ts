import { describe, expect, it } from 'vitest';
import { fitMeaning, packVotes } from '../../server/meaning/packed-votes.ts';
import { createWeightedFitWorker } from '../../server/meaning/weighted-fit.ts';
import { syntheticVotes } from '../ratings/helpers.ts';

describe('the weighted fit on a worker thread', () => {
  it('gives the same board as on this thread, computed by the worker (not the inline fallback)', async () => {
    const votes = syntheticVotes({ a: 1100, b: 1000, c: 950 }, 600, 2).map((v, i) => ({
      vote: { ...v, battleId: `b${i}`, mode: 'blind' as const, countsForRatings: true, flagged: null },
      vector: Float32Array.from([i % 3, 1, (i * 7) % 5]),
    }));
    const packed = packVotes(votes, 3);
    const job = {
      mode: 'blind' as const,
      query: Float32Array.from([1, 1, 0]),
      temperature: 0.3,
      rounds: 50,
      seed: 9,
      provisionalVotes: 10,
    };
    const w = createWeightedFitWorker();
    try {
      const result = await w.fit(packed, job);
      expect(result).toEqual(fitMeaning(packed, job));
      expect(result.votesConsidered).toBe(600);
      expect(result.board.models).toHaveLength(3);
      // The worker started (tsx registered inside it) and answered: nothing fell back to this thread.
      expect(w.inlineFits()).toBe(0);
    } finally {
      await w.close();
    }
  });
});
