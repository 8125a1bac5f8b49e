import { describe, expect, it } from 'vitest';
import type { BattleStore } from '../../db/battle-store.ts';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import { LeaderboardService, RATINGS_MODES, RECOUNT_PAGE } from '../../server/leaderboard/leaderboard-service.ts';
import { computeInline } from '../../server/leaderboard/ratings-computer.ts';
import { overriding } from '../helpers/overriding.ts';

const SETTINGS = { rounds: 20, seed: 3 };

/** The store, counting the calls that read every vote. */
function watched(store: BattleStore): { store: BattleStore; voteReads: () => number } {
  let reads = 0;
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'ratedVotes' || prop === 'ratedVotesAfter') reads++;
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { store: proxy, voteReads: () => reads };
}

async function seed(store: BattleStore, n: number, from = 0): Promise<void> {
  const models = ['alpha', 'beta', 'gamma', 'delta'];
  for (let i = from; i < from + n; i++) {
    const id = `snap-${String(i).padStart(12, '0')}`;
    await store.createBattle(
      {
        id,
        sessionHash: 's',
        mode: i % 4 === 0 ? 'named' : 'blind',
        modelA: models[i % 4]!,
        modelB: models[(i + 1 + (i % 3)) % 4]!,
        createdAt: i,
        flagged: null,
      },
      'q',
    );
    await store.recordVote({
      battleId: id,
      choice: i % 5 === 0 ? 'tie' : i % 3 === 0 ? 'b' : 'a',
      sessionHash: 's',
      createdAt: 1000 + i,
      decisionMs: null,
      countsForRatings: true,
    });
  }
}

const until = async (ok: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('the leaderboard at start', () => {
  it('recounts the votes once, stores every board, and the next start serves the stored boards without reading a vote', async () => {
    const store = openSqliteStore(':memory:').battles;
    await seed(store, 60);
    const first = watched(store);
    const svc = await LeaderboardService.open(first.store, computeInline, SETTINGS);
    await until(async () => (await store.ratingsSnapshots()).length === 3);
    expect(first.voteReads()).toBeGreaterThan(0);
    const before = await svc.ratings('blind');
    expect(before).toMatchObject({ stale: false, votes: 45 });

    const second = watched(store);
    const again = await LeaderboardService.open(second.store, computeInline, SETTINGS);
    for (const mode of RATINGS_MODES) {
      const snap = await again.ratings(mode);
      expect(snap.stale).toBe(false);
      expect(snap).toEqual(await svc.ratings(mode));
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(second.voteReads()).toBe(0);
  });

  it('serves a snapshot older than the votes at once, marked stale, and recounts in pages in the background', async () => {
    const store = openSqliteStore(':memory:').battles;
    await seed(store, 40);
    const svc = await LeaderboardService.open(store, computeInline, SETTINGS);
    await until(async () => (await store.ratingsSnapshots()).length === 3);
    const stored = await svc.ratings('all');
    // Votes another process (an import) wrote: the stored fit no longer matches the counts.
    await seed(store, RECOUNT_PAGE + 10, 40);

    const w = watched(store);
    const restarted = await LeaderboardService.open(w.store, computeInline, SETTINGS);
    const during = await restarted.ratings('all');
    expect(during).toMatchObject({ stale: true, votes: stored.votes, computedAt: stored.computedAt });
    await until(async () => !(await restarted.ratings('all')).stale);
    const after = await restarted.ratings('all');
    expect(after).toMatchObject({ stale: false, votes: 40 + RECOUNT_PAGE + 10 });
    // More than one page: the recount read the votes a page at a time.
    expect(w.voteReads()).toBeGreaterThanOrEqual(2);
    // And its result is what a service counting every vote from scratch computes.
    const fromScratch = new LeaderboardService(store, computeInline, SETTINGS);
    await fromScratch.rebuild();
    expect((await fromScratch.ratings('all')).ratings).toEqual(after.ratings);
  });

  it('recounts only the boards without a current snapshot: the others stay served, and fresh, meanwhile', async () => {
    const sqlite = openSqliteStore(':memory:').battles;
    await seed(sqlite, 50);
    await LeaderboardService.open(sqlite, computeInline, SETTINGS);
    await until(async () => (await sqlite.ratingsSnapshots()).length === 3);
    // The combined board's fit was never stored (the server stopped first).
    sqlite.db.prepare(`DELETE FROM ratings_snapshots WHERE mode = 'all'`).run();
    const restarted = await LeaderboardService.open(sqlite, computeInline, SETTINGS);
    const blind = await restarted.ratings('blind');
    expect(blind.stale).toBe(false);
    await until(async () => !(await restarted.ratings('all')).stale);
    expect(await restarted.ratings('blind')).toEqual(blind);
  });

  it('says a fit of the partial counts is stale until the recount has read every vote, and stores only the recount’s', async () => {
    const store = openSqliteStore(':memory:').battles;
    await seed(store, RECOUNT_PAGE + 20);
    // No snapshot (a first start after an import), and a recount held after its first page.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let pages = 0;
    const slow = overriding<BattleStore>(store, {
      ratedVotesAfter: async (...args) => {
        if (pages++ > 0) await held;
        return store.ratedVotesAfter(...args);
      },
    });
    const svc = await LeaderboardService.open(slow, computeInline, SETTINGS);
    // The first read fits what the pair counts hold, with the Elo read so far: stale, and stale again once that fit is done.
    expect((await svc.ratings('blind')).stale).toBe(true);
    expect((await svc.ratings('blind')).stale).toBe(true);
    expect(svc.latest('blind')!.stale).toBe(true);
    expect(await store.ratingsSnapshots()).toEqual([]);
    release();
    await until(async () => !(await svc.ratings('blind')).stale);
    await until(async () => (await store.ratingsSnapshots()).length === 3);
    expect(svc.latest('blind')!.stale).toBe(false);
  });
});

describe('a recount sized by time', () => {
  it('asks for smaller pages when its pages hold the event loop past the budget, and still counts every vote', async () => {
    const store = openSqliteStore(':memory:').battles;
    await seed(store, 900);
    const limits: number[] = [];
    // Each row "costs" 50 µs of the event loop: a 256-row page takes about 13 ms, three times the budget.
    const slow = overriding<BattleStore>(store, {
      ratedVotesAfter: async (after, limit) => {
        limits.push(limit);
        const rows = await store.ratedVotesAfter(after, limit);
        const until = performance.now() + rows.length * 0.05;
        while (performance.now() < until);
        return rows;
      },
    });
    const svc = new LeaderboardService(slow, computeInline, SETTINGS);
    await svc.rebuild();
    expect(limits.length).toBeGreaterThan(3);
    expect(limits[1]).toBeLessThan(limits[0]! / 2);
    expect((await svc.ratings('all')).votes).toBe(900);
    const fromScratch = new LeaderboardService(store, computeInline, SETTINGS);
    await fromScratch.rebuild();
    expect((await svc.ratings('all')).ratings).toEqual((await fromScratch.ratings('all')).ratings);
  });
});
