import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { PairCountRow } from '../../db/battle-store.ts';
import { deferConstraints } from '../../db/postgres/pg-deferred-constraints.ts';
import { importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import { fromCleanBattle } from '../../server/exchange/from-clean-battle.ts';
import { cleanBattle } from '../helpers/clean-battle.ts';
import { postgresUnderTest, type TestDatabase } from '../helpers/store-backends.ts';

const postgres = postgresUnderTest();
afterAll(() => postgres.cleanup());

const clean = (n: number) =>
  cleanBattle(n, {
    question_id: `pg-bulk-${n}`,
    model_a: `m${n % 4}`,
    model_b: `m${(n * 7 + 1) % 5}`,
    winner: n % 3 ? 'model_a' : 'tie',
    anony: n % 5 !== 0,
  });
const lines = Array.from({ length: 300 }, (_, n) => JSON.stringify(clean(n)));

/** The schema's indexes, foreign keys and triggers, each as PostgreSQL prints its definition. */
async function constraints(db: TestDatabase): Promise<{ indexes: string[]; foreignKeys: string[]; triggers: string[] }> {
  const indexes = await db.sql(`SELECT indexname || ': ' || indexdef AS d FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1`);
  const keys = await db.sql(
    `SELECT conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid) AS d FROM pg_constraint
     WHERE contype = 'f' AND connamespace = current_schema()::regnamespace ORDER BY 1`,
  );
  const triggers = await db.sql(
    `SELECT t.tgname || ': ' || pg_get_triggerdef(t.oid) AS d FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`,
  );
  return {
    indexes: indexes.map((r) => r.d as string),
    foreignKeys: keys.map((r) => r.d as string),
    triggers: triggers.map((r) => r.d as string),
  };
}

const marked = async (db: TestDatabase) => (await db.sql(`SELECT to_regclass('deferred_constraints') IS NOT NULL AS m`))[0]!.m as boolean;

const sortedCounts = (rows: PairCountRow[]) =>
  [...rows].sort((x, y) => `${x.mode} ${x.modelA} ${x.modelB}`.localeCompare(`${y.mode} ${y.modelA} ${y.modelB}`));

describe.skipIf(postgres.skip)('a bulk import into an empty PostgreSQL database', () => {
  it('runs without the non-unique indexes and the foreign keys among the imported tables, then makes exactly those again', async () => {
    const db = await postgres.fresh();
    const store = await db.open();
    const plainDb = await postgres.fresh();
    const plain = await plainDb.open();
    const before = await constraints(db);
    let during = before;
    const report = await store.battles.bulkImport(async () => {
      const r = await importCleanBattles(lines, store.battles, { batchSize: 100, inFlight: 2 });
      during = await constraints(db);
      return r;
    });
    expect(report).toMatchObject({ imported: 300, duplicates: 0 });
    const gone = (k: 'indexes' | 'foreignKeys' | 'triggers') => before[k].filter((d) => !during[k].includes(d)).map((d) => d.split(':')[0]);
    expect(gone('indexes')).toEqual(expect.arrayContaining(['battles_created', 'responses_ended', 'votes_created', 'votes_user']));
    expect(gone('foreignKeys').sort()).toEqual([
      'responses.responses_battle_id_turn_fkey',
      'turns.turns_battle_id_fkey',
      'votes.votes_battle_id_fkey',
    ]);
    expect(gone('triggers')).toEqual(['vote_pair_counts_vote']);
    // What finds a duplicate stays, and so do the keys of tables the import does not fill.
    expect(during.indexes.map((d) => d.split(':')[0])).toEqual(
      expect.arrayContaining(['battles_pkey', 'turns_pkey', 'responses_pkey', 'votes_one_per_battle']),
    );
    expect(during.foreignKeys.some((d) => d.startsWith('voided_votes.voided_votes_vote_id_fkey'))).toBe(true);
    expect(await constraints(db)).toEqual(before);
    expect(await marked(db)).toBe(false);
    // The same rows as an import with everything in place.
    await importCleanBattles(lines, plain.battles, { batchSize: 100 });
    expect(sortedCounts(await store.battles.pairCounts())).toEqual(sortedCounts(await plain.battles.pairCounts()));
    expect(await store.battles.ratedVotesAfter(null, 500)).toEqual(await plain.battles.ratedVotesAfter(null, 500));
    const id = fromCleanBattle(clean(7)).battle.id;
    expect(await store.battles.getBattle(id)).toEqual(await plain.battles.getBattle(id));
  });

  it('counts the pairs at its end as the vote trigger it ran without would have: voids, flags, named battles, votes that do not count', async () => {
    const db = await postgres.fresh();
    const store = await db.open();
    const plainDb = await postgres.fresh();
    const plain = await plainDb.open();
    const battles = Array.from({ length: 240 }, (_, n) => {
      const d = fromCleanBattle(clean(n));
      if (n % 11 === 0) d.battle.flagged = 'spam';
      if (n % 13 === 0) d.vote.countsForRatings = false;
      if (n % 17 === 0) d.voided = { reason: 'test', at: 1_750_000_000_000 };
      return d;
    });
    await store.battles.bulkImport(async () => {
      for (let i = 0; i < battles.length; i += 60) await store.battles.importBattles(battles.slice(i, i + 60));
      // Its votes are not counted while it runs (the void trigger, which stays, takes the voided ones out of nothing).
      const during = await store.battles.pairCounts();
      expect(during.every((c) => c.winsA + c.winsB + c.ties + c.bothBad < 0)).toBe(true);
    });
    for (let i = 0; i < battles.length; i += 60) await plain.battles.importBattles(battles.slice(i, i + 60));
    const counts = sortedCounts(await store.battles.pairCounts());
    expect(counts.length).toBeGreaterThan(5);
    expect(counts).toEqual(sortedCounts(await plain.battles.pairCounts()));
    // The trigger is back: a vote after the import is counted as it comes.
    await importCleanBattles([JSON.stringify(clean(1000))], store.battles);
    await importCleanBattles([JSON.stringify(clean(1000))], plain.battles);
    expect(sortedCounts(await store.battles.pairCounts())).toEqual(sortedCounts(await plain.battles.pairCounts()));
    expect(sortedCounts(await store.battles.pairCounts())).not.toEqual(counts);
  });

  it('leaves them in place on a database that has battles', async () => {
    const db = await postgres.fresh();
    const store = await db.open();
    await importCleanBattles(lines.slice(0, 1), store.battles);
    const before = await constraints(db);
    let during = before;
    await store.battles.bulkImport(async () => {
      during = await constraints(db);
      return importCleanBattles(lines, store.battles, { batchSize: 100 });
    });
    expect(during).toEqual(before);
  });

  it('refuses a battle whose rows are not its own, as the foreign keys it runs without would', async () => {
    const db = await postgres.fresh();
    const store = await db.open();
    const good = fromCleanBattle(clean(1));
    const stray = fromCleanBattle(clean(2));
    stray.responses = [{ ...stray.responses[0]!, turn: 5 }];
    await store.battles.bulkImport(async () => {
      expect(await marked(db)).toBe(true);
      await expect(store.battles.importBattles([good, stray])).rejects.toThrow(/answer names battle .*turn 5/);
    });
    expect(await store.battles.getBattle(good.battle.id)).toBeNull();
    expect(await marked(db)).toBe(false);
  });

  it('an import whose session died: a store opened while it held them leaves them deferred, the next one after makes them again', async () => {
    const db = await postgres.fresh();
    await db.open();
    const before = await constraints(db);
    const importer = new pg.Pool({ connectionString: db.config.databaseUrl, max: 1 });
    importer.on('error', () => {});
    // The connection the import holds is killed below: its error event is expected (the store's pool does the same).
    importer.on('connect', (client) => client.on('error', () => {}));
    const restore = await deferConstraints(importer);
    expect(restore).not.toBeNull();
    const deferred = await constraints(db);
    expect(deferred.indexes.length).toBeLessThan(before.indexes.length);
    // A second node starting meanwhile: the import is alive (its lock is held), so nothing is built under it.
    await db.open();
    expect(await constraints(db)).toEqual(deferred);
    // The importing process is killed: its session ends, and with it the lock.
    const [holder] = await db.sql(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1
         AND (classid::bigint << 32 | objid::bigint) = hashtext('versus bulk import ' || current_schema())::bigint`,
    );
    await db.sql(`SELECT pg_terminate_backend(${Number(holder!.pid)})`);
    // What the import's end would do now fails on the dead connection, which goes, not back to the pool.
    await expect(restore!()).rejects.toThrow();
    await importer.end();
    await db.open();
    expect(await constraints(db)).toEqual(before);
    expect(await marked(db)).toBe(false);
  });
});
