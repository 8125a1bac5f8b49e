import { describe, expect, it } from 'vitest';
import type { BattleStore, ImportedBattle } from '../../db/battle-store.ts';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import { importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import { overriding } from '../helpers/overriding.ts';

/** Clean battle n; `winner` varies a line without changing its battle id (question, models and time make the id). */
const line = (n: number, winner: 'model_a' | 'model_b' = 'model_a') =>
  JSON.stringify({
    question_id: `flight-${n}`,
    model_a: 'alpha',
    model_b: 'beta',
    winner,
    judge: 'u',
    turn: 1,
    anony: true,
    tstamp: 1_730_000_000 + n,
  });

/** A real store whose batch writes wait until the test lets each one go, or fail when told to. */
function gatedStore() {
  const store = openSqliteStore(':memory:').battles;
  const calls: { size: number; release: () => void; fail: (e: Error) => void }[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const gated = overriding<BattleStore>(store, {
    importBattles: (batch: readonly ImportedBattle[]) =>
      new Promise<('imported' | 'duplicate')[]>((resolve, reject) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        calls.push({
          size: batch.length,
          release: () => void store.importBattles(batch).then(resolve, reject),
          fail: reject,
        });
      }).finally(() => running--),
  });
  return { store, gated, calls, mostAtOnce: () => mostAtOnce, running: () => running };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise<void>((r) => setTimeout(r, 1));
  expect(cond()).toBe(true);
};

describe('an import with two batches being written at once', () => {
  it('starts the next batch while one is written, never more than two, and stores every line', async () => {
    const { store, gated, calls, mostAtOnce } = gatedStore();
    const done = importCleanBattles(
      [1, 2, 3, 4, 5, 6, 7].map((n) => line(n)),
      gated,
      { batchSize: 2, inFlight: 2 },
    );
    await until(() => calls.length === 2);
    // The first batch has not been let go, yet the second has been handed over; the third waits for a slot.
    await new Promise<void>((r) => setTimeout(r, 20));
    expect(calls.length).toBe(2);
    for (let i = 0; i < 4; i++) {
      await until(() => calls.length > i);
      calls[i]!.release();
    }
    const report = await done;
    expect(report).toEqual({ imported: 7, duplicates: 0, invalid: [] });
    expect(mostAtOnce()).toBe(2);
    expect(calls.map((c) => c.size)).toEqual([2, 2, 2, 1]);
    expect((await store.ratedVotes()).length).toBe(7);
  });

  it('keeps the earlier line of a battle that a batch still being written holds, and counts the later one a duplicate', async () => {
    const { store, gated, calls } = gatedStore();
    // Battle 2 again in the second batch, with the other winner: the first batch is still writing when it is read.
    const done = importCleanBattles([line(1), line(2), line(3), line(2, 'model_b')], gated, { batchSize: 2, inFlight: 2 });
    await until(() => calls.length === 2);
    expect(calls[1]!.size).toBe(1);
    calls[1]!.release();
    await new Promise<void>((r) => setTimeout(r, 10));
    calls[0]!.release();
    expect(await done).toEqual({ imported: 3, duplicates: 1, invalid: [] });
    const votes = await store.ratedVotes();
    expect(votes.map((v) => [v.tstamp / 1000 - 1_730_000_000, v.choice])).toEqual([
      [1, 'a'],
      [2, 'a'],
      [3, 'a'],
    ]);
  });

  it('on a failure starts no later batch, waits for the one still writing, and rejects with the failure', async () => {
    const { gated, calls, running } = gatedStore();
    const done = importCleanBattles(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => line(n)),
      gated,
      { batchSize: 2, inFlight: 2 },
    );
    const outcome = done.then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await until(() => calls.length === 2);
    calls[0]!.fail(new Error('disk full'));
    await new Promise<void>((r) => setTimeout(r, 20));
    // The second batch is still being written: the import has not given up on it yet.
    let settled = false;
    void outcome.then(() => (settled = true));
    await new Promise<void>((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    calls[1]!.release();
    expect(await outcome).toBe('disk full');
    expect(calls.length).toBe(2);
    expect(running()).toBe(0);
  });
});
