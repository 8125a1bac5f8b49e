import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deferIndexes } from '../../db/sqlite/deferred-indexes.ts';
import type { Db } from '../../db/sqlite/open-database.ts';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import { importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import { fromCleanBattle } from '../../server/exchange/from-clean-battle.ts';
import type { ImportedBattle, PairCountRow } from '../../db/battle-store.ts';
import { cleanBattle } from '../helpers/clean-battle.ts';

const dir = mkdtempSync(join(tmpdir(), 'versus-bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clean = (n: number) => cleanBattle(n, { question_id: `bulk-${n}`, winner: n % 2 ? 'model_a' : 'tie' });

/** The CLI's connection (`bulk`: a large page cache, rare checkpoints, foreign keys left to the import's own check). */
describe('a bulk SQLite connection', () => {
  it('imports what an ordinary one does, and a second time nothing', async () => {
    const lines = Array.from({ length: 400 }, (_, n) => JSON.stringify(clean(n)));
    const bulk = openSqliteStore(join(dir, 'bulk.db'), { bulk: true });
    const plain = openSqliteStore(join(dir, 'plain.db'));
    try {
      expect(bulk.battles.db.pragma('foreign_keys', { simple: true })).toBe(0);
      // Taken by this build of SQLite (a build without worker threads would answer 0).
      expect(bulk.battles.db.pragma('threads', { simple: true })).toBe(2);
      expect(plain.battles.db.pragma('threads', { simple: true })).toBe(0);
      for (const s of [bulk, plain])
        expect(await importCleanBattles(lines, s.battles, { batchSize: 150 })).toMatchObject({ imported: 400 });
      expect(await importCleanBattles(lines, bulk.battles)).toMatchObject({ imported: 0, duplicates: 400 });
      expect(await bulk.battles.pairCounts()).toEqual(await plain.battles.pairCounts());
      expect(await bulk.battles.getBattle(fromCleanBattle(clean(7)).battle.id)).toEqual(
        await plain.battles.getBattle(fromCleanBattle(clean(7)).battle.id),
      );
      expect(bulk.battles.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      await bulk.close();
      await plain.close();
    }
  });

  it('refuses a battle whose rows are not its own, writing none of the batch, as the foreign keys would', async () => {
    const bulk = openSqliteStore(join(dir, 'refuse.db'), { bulk: true });
    try {
      const good = fromCleanBattle(clean(1));
      const stray = fromCleanBattle(clean(2));
      stray.responses = [{ ...stray.responses[0]!, turn: 5 }];
      await expect(bulk.battles.importBattles([good, stray])).rejects.toThrow(/answer names battle .*turn 5/);
      const other = fromCleanBattle(clean(3));
      other.turns = [{ ...other.turns[0]!, battleId: good.battle.id }];
      await expect(bulk.battles.importBattles([other])).rejects.toThrow(/a turn names battle/);
      expect(await bulk.battles.getBattle(good.battle.id)).toBeNull();
    } finally {
      await bulk.close();
    }
  });
});

/** Pair counts in one order: a count made at the end lists its rows in another order than the triggers made them. */
const sortedCounts = (rows: PairCountRow[]) =>
  [...rows].sort((x, y) => `${x.mode} ${x.modelA} ${x.modelB}`.localeCompare(`${y.mode} ${y.modelA} ${y.modelB}`));

/**
 * Battles whose votes the pair counts treat each their own way: several pairs both ways round, named battles, a
 * model against itself, a flagged blind battle, a vote that does not count and voided votes.
 */
const varied = (): ImportedBattle[] =>
  Array.from({ length: 240 }, (_, n) => {
    const d = fromCleanBattle({ ...clean(n), model_a: `m${n % 4}`, model_b: `m${(n * 7 + 1) % 5}`, anony: n % 3 !== 0 });
    if (n % 11 === 0) d.battle.flagged = 'spam';
    if (n % 13 === 0) d.vote.countsForRatings = false;
    if (n % 17 === 0) d.voided = { reason: 'test', at: 1_750_000_000_000 };
    return d;
  });

/** The names of the database's indexes, as SQLite lists them. */
const indexes = (db: Db) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('a bulk import builds the indexes of an empty database at its end', () => {
  const lines = Array.from({ length: 300 }, (_, n) => JSON.stringify(clean(n)));

  it('imports without the secondary indexes of the tables it fills, then builds them: the same rows and answers as with them', async () => {
    const bulk = openSqliteStore(join(dir, 'deferred.db'), { bulk: true });
    const plain = openSqliteStore(join(dir, 'deferred-plain.db'));
    try {
      const before = indexes(bulk.battles.db);
      let during: string[] = [];
      const report = await bulk.battles.bulkImport(async () => {
        const r = await importCleanBattles(lines, bulk.battles, { batchSize: 100 });
        during = indexes(bulk.battles.db);
        return r;
      });
      expect(report).toMatchObject({ imported: 300 });
      // Gone while it ran: the non-unique ones on battles, turns, responses and votes; the unique ones stayed.
      expect(before.filter((n) => !during.includes(n))).toEqual(
        expect.arrayContaining(['battles_created', 'responses_ended', 'votes_created']),
      );
      expect(during).toEqual(expect.arrayContaining(['battles_share', 'vote_pair_counts_a']));
      expect(indexes(bulk.battles.db)).toEqual(before);
      expect(bulk.battles.db.prepare(`SELECT name FROM sqlite_master WHERE name = 'deferred_indexes'`).get()).toBeUndefined();
      expect(bulk.battles.db.pragma('integrity_check', { simple: true })).toBe('ok');
      await importCleanBattles(lines, plain.battles, { batchSize: 100 });
      expect(sortedCounts(await bulk.battles.pairCounts())).toEqual(sortedCounts(await plain.battles.pairCounts()));
      expect(await bulk.battles.ratedVotesAfter(null, 500)).toEqual(await plain.battles.ratedVotesAfter(null, 500));
    } finally {
      await bulk.close();
      await plain.close();
    }
  });

  it('imports without the pair-count trigger, then counts the pairs as the trigger would have and puts it back', async () => {
    const bulk = openSqliteStore(join(dir, 'trigger.db'), { bulk: true });
    const plain = openSqliteStore(join(dir, 'trigger-plain.db'));
    const trigger = (db: Db) => db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'vote_pair_counts_vote'`).get();
    try {
      const before = trigger(bulk.battles.db);
      expect(before).toBeDefined();
      const battles = varied();
      await bulk.battles.bulkImport(async () => {
        await bulk.battles.importBattles(battles.slice(0, 100));
        expect(trigger(bulk.battles.db)).toBeUndefined();
        await bulk.battles.importBattles(battles.slice(100));
      });
      await plain.battles.importBattles(battles);
      const counts = sortedCounts(await plain.battles.pairCounts());
      // The fixture reaches every rule: named and blind rows, and fewer votes counted than imported.
      expect(new Set(counts.map((c) => c.mode))).toEqual(new Set(['blind', 'named']));
      expect(counts.reduce((n, c) => n + c.winsA + c.winsB + c.ties + c.bothBad, 0)).toBeLessThan(200);
      expect(sortedCounts(await bulk.battles.pairCounts())).toEqual(counts);
      expect(trigger(bulk.battles.db)).toEqual(before);
      // Back in place: a vote after the import is counted as it is written.
      const later = fromCleanBattle({ ...clean(1000), model_a: 'm0', model_b: 'm1' });
      for (const s of [bulk, plain]) await s.battles.importBattles([later]);
      expect(sortedCounts(await bulk.battles.pairCounts())).toEqual(sortedCounts(await plain.battles.pairCounts()));
    } finally {
      await bulk.close();
      await plain.close();
    }
  });

  it('writes its batches in one transaction, which a failing batch rolls back whole, and builds the indexes after either', async () => {
    const path = join(dir, 'grouped.db');
    const bulk = openSqliteStore(path, { bulk: true });
    const other = openSqliteStore(path);
    const stored = async () => (await other.battles.votedBattlesAfter(null, 'all', 1000)).length;
    try {
      const all = indexes(bulk.battles.db);
      const battles = varied();
      await bulk.battles.bulkImport(async () => {
        await bulk.battles.importBattles(battles.slice(0, 100));
        await bulk.battles.importBattles(battles.slice(100, 200));
        // Fewer than BULK_COMMIT_BATTLES: nothing committed yet.
        expect(await stored()).toBe(0);
      });
      expect(await stored()).toBe(200);
      expect(indexes(bulk.battles.db)).toEqual(all);

      const stray = fromCleanBattle(clean(5000));
      stray.responses = [{ ...stray.responses[0]!, turn: 5 }];
      await expect(
        bulk.battles.bulkImport(async () => {
          await bulk.battles.importBattles(battles.slice(200, 230));
          await bulk.battles.importBattles([stray]);
        }),
      ).rejects.toThrow(/turn 5 \(rolled back with the 30 battles written since the last commit; importing the file again skips/);
      expect(await stored()).toBe(200);
      expect(bulk.battles.db.inTransaction).toBe(false);
      // The next import writes them.
      expect(await bulk.battles.bulkImport(() => bulk.battles.importBattles(battles.slice(200)))).toEqual(Array(40).fill('imported'));
      expect(await stored()).toBe(240);
      expect(bulk.battles.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await bulk.close();
      await other.close();
    }
  });

  it('keeps the indexes of a database that has battles, and builds them again when the import fails', async () => {
    const store = openSqliteStore(join(dir, 'kept.db'), { bulk: true });
    try {
      const all = indexes(store.battles.db);
      await store.battles
        .bulkImport(async () => {
          expect(indexes(store.battles.db)).not.toContain('votes_created');
          await importCleanBattles(lines.slice(0, 10), store.battles);
          throw new Error('the file went away');
        })
        .catch((e: Error) => expect(e.message).toBe('the file went away'));
      expect(indexes(store.battles.db)).toEqual(all);
      // Now with battles: a second import writes through the indexes.
      await store.battles.bulkImport(async () => {
        expect(indexes(store.battles.db)).toEqual(all);
        await importCleanBattles(lines, store.battles);
      });
      expect(await store.battles.getBattle(fromCleanBattle(clean(299)).battle.id)).not.toBeNull();
    } finally {
      await store.close();
    }
  });

  it('builds the indexes of an import that died at the next open, and leaves those of one still running', async () => {
    const path = join(dir, 'died.db');
    const first = openSqliteStore(path, { bulk: true });
    const all = indexes(first.battles.db);
    // An importer that dropped the indexes and then stopped without building them: as a process killed mid-import.
    expect(deferIndexes(first.battles.db)).toBe(true);
    await importCleanBattles(lines.slice(0, 20), first.battles);
    // Marked by a process that is still running (this test's parent): a server opening the file leaves them deferred.
    first.battles.db.prepare(`UPDATE deferred_indexes SET pid = ?`).run(process.ppid);
    await first.close();
    const meanwhile = openSqliteStore(path);
    expect(indexes(meanwhile.battles.db)).not.toContain('votes_created');
    await meanwhile.close();
    // Marked by a process that is gone: the next open builds them.
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    const marked = openSqliteStore(path);
    marked.battles.db.prepare(`UPDATE deferred_indexes SET pid = ?`).run(dead);
    expect(await marked.battles.pairCounts()).toEqual([]);
    await marked.close();
    const next = openSqliteStore(path);
    try {
      expect(indexes(next.battles.db)).toEqual(all);
      expect(next.battles.db.prepare(`SELECT name FROM sqlite_master WHERE name = 'deferred_indexes'`).get()).toBeUndefined();
      expect((await next.battles.ratedVotesAfter(null, 100)).length).toBe(20);
      // The pairs counted by the open that finished the import: 20 votes of alpha against beta, half of them ties.
      expect(await next.battles.pairCounts()).toEqual([
        { mode: 'blind', modelA: 'alpha', modelB: 'beta', winsA: 10, winsB: 0, ties: 10, bothBad: 0 },
      ]);
    } finally {
      await next.close();
    }
  });
});
