import { describe, expect, it, vi } from 'vitest';
import type { BattleLabel, BattleStore, ControlRow, VoteCursor } from '../../db/battle-store.ts';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import { CategoryBoards } from '../../server/leaderboard/category-boards.ts';
import { readControlRows } from '../../server/leaderboard/controlled-fitter.ts';
import { computeInline } from '../../server/leaderboard/ratings-computer.ts';
import { createLogger } from '../../server/logger.ts';
import { battle, vote } from '../db/store-fixtures.ts';
import { Foreground, QUIET_MS, STEP_ASIDE_MS, WAITED_ON_STEP_MS, foreground } from '../../server/foreground.ts';
import { createTestApp } from '../helpers/test-app.ts';
import { overriding } from '../helpers/overriding.ts';

/** A foreground on a clock the test moves, recording each wait it asks for instead of sleeping. */
function recording() {
  const clock = { now: 0 };
  const sleeps: number[] = [];
  const f = new Foreground(
    () => clock.now,
    (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  );
  return { f, sleeps, clock };
}

describe('Foreground: background work gives way to requests', () => {
  it('is busy for QUIET_MS after a request or message, then quiet again', () => {
    let now = 1_000;
    const f = new Foreground(() => now);
    expect(f.busy()).toBe(false);
    f.touch();
    now += QUIET_MS - 1;
    expect(f.busy()).toBe(true);
    now += 1;
    expect(f.busy()).toBe(false);
  });

  it('steps aside STEP_ASIDE_MS between slices while busy, and only takes a turn of the event loop when quiet', async () => {
    const { f, sleeps, clock } = recording();
    await f.turn();
    expect(sleeps).toEqual([]);
    f.touch();
    await f.turn();
    clock.now += QUIET_MS / 2;
    await f.turn();
    expect(sleeps).toEqual([STEP_ASIDE_MS, STEP_ASIDE_MS]);
    clock.now += QUIET_MS;
    await f.turn();
    expect(sleeps).toHaveLength(2);
  });

  it('gives jobs stepping aside at once slots STEP_ASIDE_MS apart, so more jobs do not take more of the event loop', async () => {
    const { f, sleeps, clock } = recording();
    f.touch();
    await Promise.all([f.turn(), f.turn(), f.turn()]);
    expect(sleeps).toEqual([STEP_ASIDE_MS, 2 * STEP_ASIDE_MS, 3 * STEP_ASIDE_MS]);
    // Later, with the slots gone by: one job waits STEP_ASIDE_MS again, not the queue's length.
    clock.now += 10 * STEP_ASIDE_MS;
    f.touch();
    await f.turn();
    expect(sleeps.at(-1)).toBe(STEP_ASIDE_MS);
  });

  it('spaces the slices WAITED_ON_STEP_MS apart while a request is being answered, and STEP_ASIDE_MS again once it is', async () => {
    const { f, sleeps, clock } = recording();
    const leave = f.enter();
    expect(f.busy()).toBe(true);
    await f.turn();
    expect(sleeps).toEqual([WAITED_ON_STEP_MS]);
    leave();
    leave();
    expect(f.answeringNow).toBe(0);
    // Past the slot taken while answering, and still busy (the response left QUIET_MS ago at most).
    clock.now += 2 * WAITED_ON_STEP_MS;
    f.touch();
    await f.turn();
    expect(sleeps).toEqual([WAITED_ON_STEP_MS, STEP_ASIDE_MS]);
  });

  it("is the process's, touched by every HTTP request the app serves, before the request's own work", async () => {
    const t = await createTestApp({ endpoints: [], models: [] });
    try {
      const before = performance.now();
      expect(foreground.lastSeenAt).toBeLessThan(before);
      const enter = vi.spyOn(foreground, 'enter');
      const res = await t.app.request('/api/health');
      expect(res.status).toBe(200);
      expect(foreground.lastSeenAt).toBeGreaterThanOrEqual(before);
      // Answered while entered, and left once the response was ready.
      expect(enter).toHaveBeenCalledTimes(1);
      expect(foreground.answeringNow).toBe(0);
      enter.mockRestore();
    } finally {
      t.close();
    }
  });
});

/** Made-up rows for one tag, in pages of whatever size is asked for. */
const PAGED_ROWS = 3000;
function pagedRows(tag: string) {
  return (store: BattleStore): BattleStore =>
    overriding(store, {
      controlRowsAfter: async (after: VoteCursor | null, limit: number, label?: BattleLabel): Promise<ControlRow[]> => {
        if (label?.kind !== 'tag' || label.value !== tag) return store.controlRowsAfter(after, limit, label);
        const from = after ? Number(after.battleId.slice(4)) + 1 : 0;
        return Array.from({ length: Math.max(0, Math.min(limit, PAGED_ROWS - from)) }, (_, i) => ({
          battleId: `row-${String(from + i).padStart(8, '0')}`,
          mode: 'blind' as const,
          modelA: 'alpha',
          modelB: 'beta',
          choice: (from + i) % 3 ? ('a' as const) : ('b' as const),
          tstamp: from + i,
          countsForRatings: true,
          flagged: null,
          style: null,
          speed: { a: { ttftMs: null, tokensPerSecond: null }, b: { ttftMs: null, tokensPerSecond: null } },
        }));
      },
    });
}

describe('work a request waits for never steps aside, however busy the server', () => {
  it('reads the pages of a tag board counted on demand, and of a controlled fit, with turns of the event loop only', async () => {
    const storage = openSqliteStore(':memory:');
    for (const [i, tag] of ['t1', 't1', 't2'].entries()) {
      const id = `fg-battle-${i}`;
      await storage.battles.createBattle(battle(id, { createdAt: 1_000 + i }), `a question #${tag}`);
      await storage.battles.recordVote(vote(id, { createdAt: 2_000 + i }));
    }
    const store = pagedRows('t2')(storage.battles);
    // One tag table kept (t1): t2 is counted from the store when asked for.
    const boards = await CategoryBoards.open({
      store,
      compute: computeInline,
      opts: { rounds: 10, seed: 1 },
      log: createLogger('silent'),
      tagBoards: 1,
    });
    boards.startBackgroundJobs();
    await boards.idle();
    // Busy or not, these loops never ask the foreground: a request is waiting on them.
    const turns = vi.spyOn(foreground, 'turn');
    try {
      foreground.touch();
      let snap = await boards.ratings('blind', 'tag:t2');
      for (let i = 0; i < 200 && snap.stale; i++) snap = await boards.ratings('blind', 'tag:t2');
      expect(snap.votes).toBe(PAGED_ROWS);
      let rows = 0;
      await readControlRows(store, { mode: 'blind', category: 'tag:t2', kind: 'style' }, (page) => (rows += page.length));
      expect(rows).toBe(PAGED_ROWS);
      expect(turns).not.toHaveBeenCalled();
    } finally {
      turns.mockRestore();
      await boards.stop();
      await storage.close();
    }
  });
});
