import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations.ts';
import { tokensPerSecond } from '../../server/arena/tokens-per-second.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';
import { migrateTo, schemaVersion, stampVersion } from './schema-version.ts';
import { votedBattle } from './store-fixtures.ts';

const TABLES = [
  'battles',
  'turns',
  'responses',
  'votes',
  'response_attempts',
  'users',
  'sessions',
  'invites',
  'server_secrets',
  'vote_address_prefixes',
  'vote_voids',
  'voided_votes',
  'void_reversals',
];

/** Numbered migrations on every backend: the same numbers, each applied once, in order, whatever opens the database. */
describe.each(backendsUnderTest())('migrations on $name', (backend) => {
  afterAll(() => backend.cleanup());
  const test = it.skipIf(backend.skip);

  test('bring an empty database to the latest version, and opening it again changes nothing and keeps its data', async () => {
    const db = await backend.fresh();
    const s = await db.open();
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    for (const t of TABLES) expect(await db.sql(`SELECT count(*) AS n FROM ${t}`), t).toEqual([{ n: expect.anything() as unknown }]);
    await votedBattle(s, 'kept-across-opens-01');
    await s.close();
    const again = await db.open();
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    expect((await again.battles.getBattle('kept-across-opens-01'))!.vote).toMatchObject({ choice: 'a' });
  });

  test('run once when two processes open an empty database at the same moment', async () => {
    const db = await backend.fresh();
    const [one, two] = await Promise.all([db.open(), db.open()]);
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    await votedBattle(one, 'written-by-one-00001');
    expect(await two.battles.getBattle('written-by-one-00001')).not.toBeNull();
  });

  test('refuse a database a newer Versus migrated, naming both versions', async () => {
    const db = await backend.fresh();
    await (await db.open()).close();
    await stampVersion(db, MIGRATIONS.length + 1);
    await expect(db.open()).rejects.toThrow(
      `Database schema version ${MIGRATIONS.length + 1} is newer than this Versus (${MIGRATIONS.length}); upgrade Versus`,
    );
  });

  test('migration 3 judges answers stored before it by the speed rule of its time', async () => {
    const db = await backend.fresh();
    await migrateTo(db, 2);
    const rows: [string, number | null, number | null][] = [
      // id, output tokens, decode ms
      ['ok', 21, 1000],
      ['burst', 16, 2],
      ['few', 5, 2000],
      ['none', null, null],
    ];
    for (const [id, out, ms] of rows) {
      const speed = out !== null && ms !== null && ms > 0 ? (out - 1) / (ms / 1000) : null;
      await db.exec(`
        INSERT INTO battles VALUES ('${id}', 'h', 'named', 'm', 'n', 0, NULL);
        INSERT INTO turns VALUES ('${id}', 0, 'p', 0);
        INSERT INTO responses (battle_id, turn, side, model_id, text, status, decode_ms, tokens_per_s, output_tokens, ended_at)
          VALUES ('${id}', 0, 'a', 'm', 't', 'finished', ${ms ?? 'NULL'}, ${speed ?? 'NULL'}, ${out ?? 'NULL'}, 0);`);
    }
    await db.open();
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    const after = await db.sql(
      `SELECT battle_id, tokens_per_s, speed_note, output_tokens, decode_ms FROM responses ORDER BY ended_at, battle_id`,
    );
    expect(Object.fromEntries(after.map((r) => [r.battle_id, r.speed_note]))).toEqual({
      ok: null,
      burst: 'window_too_short',
      few: 'too_few_tokens',
      none: 'no_output',
    });
    // The migration applied the rule tokens-per-second.ts defines (as of migration 3).
    for (const r of after) {
      const speed = tokensPerSecond(
        r.output_tokens === null ? null : Number(r.output_tokens),
        r.decode_ms === null ? null : Number(r.decode_ms),
      );
      expect(r.speed_note).toBe(speed.note);
      expect(r.tokens_per_s).toBe(speed.tokensPerSecond);
    }
  });
});
