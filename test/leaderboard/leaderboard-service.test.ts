import { describe, expect, it } from 'vitest';
import type { RatedVote } from '../../db/battle-store.ts';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import { countsFor, LeaderboardService } from '../../server/leaderboard/leaderboard-service.ts';
import { computeInline, createWorkerComputer, type ComputeRatings } from '../../server/leaderboard/ratings-computer.ts';
import { computeLeaderboardRatings } from '../../server/ratings/compute-leaderboard-ratings.ts';

const vote = (modelA: string, modelB: string, choice: RatedVote['choice'], over: Partial<RatedVote> = {}): RatedVote => ({
  battleId: `b${Math.random()}`,
  mode: 'blind',
  modelA,
  modelB,
  choice,
  tstamp: 0,
  countsForRatings: true,
  flagged: null,
  ...over,
});

describe('which votes count', () => {
  it('leaves out failed sides, flagged blind battles and other modes', () => {
    expect(countsFor('blind', vote('x', 'y', 'a'))).toBe(true);
    expect(countsFor('blind', vote('x', 'y', 'a', { countsForRatings: false }))).toBe(false);
    expect(countsFor('blind', vote('x', 'y', 'a', { flagged: 'side A named itself' }))).toBe(false);
    expect(countsFor('named', vote('x', 'y', 'a'))).toBe(false);
    expect(countsFor('all', vote('x', 'y', 'a', { mode: 'named' }))).toBe(true);
    expect(countsFor('named', vote('x', 'y', 'a', { mode: 'named', flagged: 'n/a in named' }))).toBe(true);
  });
});

describe('LeaderboardService', () => {
  const store = () => openSqliteStore(':memory:').battles;

  it('matches the reference computation on the same votes', async () => {
    const svc = new LeaderboardService(store(), computeInline, { rounds: 200, seed: 7 });
    const votes = [vote('x', 'y', 'a'), vote('x', 'y', 'a'), vote('y', 'x', 'tie'), vote('z', 'x', 'b'), vote('y', 'z', 'both_bad')];
    votes.forEach((v, i) => svc.recordVote({ ...v, tstamp: i }));
    const snap = await svc.ratings('blind');
    const ref = computeLeaderboardRatings(
      votes.map((v, i) => ({ ...v, tstamp: i })),
      { rounds: 200, seed: 7 },
    );
    expect(snap.ratings.models).toEqual(ref.models);
    expect(snap.votes).toBe(5);
  });

  it('serves the previous result marked stale while a new vote is being counted', async () => {
    let release!: () => void;
    let calls = 0;
    const slow: ComputeRatings = async (...args) => {
      calls++;
      if (calls === 2) await new Promise<void>((r) => (release = r));
      return computeInline(...args);
    };
    const svc = new LeaderboardService(store(), slow, { rounds: 0, seed: 1 });
    svc.recordVote(vote('x', 'y', 'a'));
    expect((await svc.ratings('blind')).votes).toBe(1);
    svc.recordVote(vote('x', 'y', 'b'));
    const during = await svc.ratings('blind');
    expect(during).toMatchObject({ votes: 1, stale: true });
    release();
    await new Promise((r) => setImmediate(r));
    expect(await svc.ratings('blind')).toMatchObject({ votes: 2, stale: false });
    expect(calls).toBe(2);
  });

  it('computes in a worker thread with the same result, passing every setting through', async () => {
    const worker = createWorkerComputer();
    try {
      const settings = { rounds: 100, seed: 3, provisionalVotes: 2, anchor: { model: 'q', value: 1500 } };
      const svc = new LeaderboardService(store(), worker.compute, settings);
      const inline = new LeaderboardService(store(), computeInline, settings);
      for (const v of [vote('p', 'q', 'a'), vote('q', 'r', 'a'), vote('r', 'p', 'tie')]) {
        svc.recordVote(v);
        inline.recordVote(v);
      }
      const fromWorker = (await svc.ratings('blind')).ratings;
      expect(fromWorker).toEqual((await inline.ratings('blind')).ratings);
      expect(fromWorker.provisionalVotes).toBe(2);
      expect(fromWorker.anchor).toEqual({ model: 'q', value: 1500, models: ['q'] });
      expect(fromWorker.models.every((m) => !m.provisional)).toBe(true);
      // It did run in the worker (on Node 20 a `--import tsx` worker failed to load and this fell back unseen).
      expect(worker.inlineFallbacks).toBe(0);
    } finally {
      await worker.close();
    }
  });
});
