import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.ts';
import { isStorageError, storageMessage } from '../../server/arena/storage-error.ts';
import { backendsUnderTest, postgresUnderTest } from '../helpers/store-backends.ts';
import { vote, votedBattle } from './store-fixtures.ts';

/** How a storage failure reaches the arena: as a storage error with a message the client is shown, never as a crash. */
const failureOf = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the store to fail');
};

describe.each(backendsUnderTest())('a busy database on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it.skipIf(backend.skip)(
    'refuses a write held up past the wait (2 s) as "busy", writes nothing, and takes it once the lock is gone',
    async () => {
      const db = await backend.fresh();
      const s = await db.open();
      await votedBattle(s, 'busy-battle-00000001', { choice: null });
      const release = await db.holdWriteLock('votes');
      let e: unknown;
      try {
        const started = performance.now();
        e = await failureOf(s.battles.recordVote(vote('busy-battle-00000001')));
        expect(performance.now() - started).toBeGreaterThan(1_500);
      } finally {
        await release();
      }
      expect(isStorageError(e)).toBe(true);
      expect(storageMessage(e)).toBe('The database is busy; try again in a moment.');
      expect((await s.battles.getBattle('busy-battle-00000001'))!.vote).toBeNull();
      await s.battles.recordVote(vote('busy-battle-00000001'));
      expect((await s.battles.getBattle('busy-battle-00000001'))!.vote).toMatchObject({ choice: 'a' });
    },
  );
});

const postgres = postgresUnderTest();

describe.skipIf(postgres.skip)('PostgreSQL going away', () => {
  afterAll(() => postgres.cleanup());

  it('refuses to open when nothing listens, as a storage error saying the database cannot be reached', async () => {
    const e = await failureOf(openStore({ dbPath: '(unused)', databaseUrl: 'postgres://postgres@127.0.0.1:1/test' }));
    expect(isStorageError(e)).toBe(true);
    expect(storageMessage(e)).toBe('The server cannot reach its database; try again in a moment. Nothing was half-written.');
  });

  it('fails a vote whose connection is cut mid-transaction as unreachable, keeps nothing of it, and serves the next on a new connection', async () => {
    const db = await postgres.fresh();
    const s = await db.open();
    await votedBattle(s, 'cut-battle-000000001', { choice: null });
    // Hold the vote inside its transaction (waiting on a lock), then have the server end its connection.
    const holder = new pg.Client({ connectionString: db.env.VERSUS_DATABASE_URL });
    holder.on('error', () => {});
    await holder.connect();
    await holder.query('BEGIN; LOCK TABLE votes IN ACCESS EXCLUSIVE MODE');
    const voting = failureOf(s.battles.recordVote(vote('cut-battle-000000001')));
    const waiting = async () =>
      (await holder.query<{ pid: number }>(`SELECT pid FROM pg_locks WHERE NOT granted AND relation = 'votes'::regclass`)).rows;
    await expect.poll(waiting).toHaveLength(1);
    const [{ pid }] = (await waiting()) as [{ pid: number }];
    await holder.query('SELECT pg_terminate_backend($1)', [pid]);
    const e = await voting;
    await holder.query('ROLLBACK');
    await holder.end();
    expect(isStorageError(e)).toBe(true);
    expect(storageMessage(e)).toMatch(/cannot reach its database/);
    expect((await s.battles.getBattle('cut-battle-000000001'))!.vote).toBeNull();
    await s.battles.recordVote(vote('cut-battle-000000001'));
    expect((await s.battles.getBattle('cut-battle-000000001'))!.vote).toMatchObject({ choice: 'a' });
  });

  it('survives its idle connections being killed (a server restart): it reports them and the next request connects anew', async () => {
    const db = await postgres.fresh();
    const idleErrors: Error[] = [];
    // A name of its own, so only this store's connections are ended (other test files run beside this one).
    const url = new URL(db.env.VERSUS_DATABASE_URL!);
    const name = `versus-idle-${Math.random().toString(36).slice(2)}`;
    url.searchParams.set('application_name', name);
    const s = await openStore({ dbPath: '(unused)', databaseUrl: url.toString() }, { onIdleError: (e) => idleErrors.push(e) });
    try {
      await votedBattle(s, 'idle-kill-000000001');
      const killed = await db.sql(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = '${name}'`);
      expect(killed.length).toBeGreaterThan(0);
      await expect.poll(() => idleErrors.length).toBeGreaterThan(0);
      expect((await s.battles.getBattle('idle-kill-000000001'))!.vote).toMatchObject({ choice: 'a' });
    } finally {
      await s.close();
    }
  });
});
