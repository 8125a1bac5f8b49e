import type pg from 'pg';
import { pgFailure } from './database-unreachable-error.ts';
import { PG_PAIR_COUNTS_FROM_VOTES } from './pg-pair-counts-from-votes.ts';
import { quotedIdentifier as quoted } from '../quoted-identifier.ts';

/** The tables a bulk import fills: their non-unique indexes are built once at its end rather than row by row. */
const BULK_TABLES = ['battles', 'turns', 'responses', 'votes'];
/**
 * Foreign keys from those tables to these are left off too: the import writes
 * a battle's turns, answers and vote with it, in one transaction, after
 * checkOwnRows, so they hold by construction. A key to any other table would
 * stay: the import cannot vouch for it.
 */
const OWN_TABLES = ['battles', 'turns'];

/**
 * Triggers an import into an empty database drops, each with its table and
 * the statements that count afresh, at the end, what it keeps. The vote
 * trigger's upsert per batch made the two batches in flight wait on each
 * other's pair rows until commit.
 */
const DEFERRED_TRIGGERS: Readonly<Record<string, { table: string; recount: string }>> = {
  vote_pair_counts_vote: { table: 'votes', recount: `DELETE FROM vote_pair_counts; ${PG_PAIR_COUNTS_FROM_VOTES}` },
};

/** Where what was dropped is kept until restored: a CREATE INDEX, an ALTER TABLE … ADD CONSTRAINT, or a CREATE TRIGGER. */
const CREATE_MARK = `CREATE TABLE IF NOT EXISTS deferred_constraints (name TEXT PRIMARY KEY, kind TEXT NOT NULL, sql TEXT NOT NULL)`;

/**
 * Held, at session level, by the connection of the import that deferred them
 * until it has restored them: a session that dies releases it, which is how
 * any node opening the store knows the deferred ones are orphans. Per schema,
 * like the migrations' lock (deployments and tests share a database).
 */
const IMPORT_LOCK = `hashtext('versus bulk import ' || current_schema())`;

/** Restoring waits this long for a live server's transactions on a table (an index build needs a SHARE lock). */
const RESTORE_LOCK_TIMEOUT = '60s';

interface Deferred {
  name: string;
  kind: 'index' | 'foreign key' | 'trigger';
  sql: string;
}

/**
 * Before a bulk import into an empty database: drops the non-unique indexes
 * of the tables it fills, the foreign keys among them and the triggers of
 * DEFERRED_TRIGGERS, keeping how to make each again in `deferred_constraints`
 * in the same transaction. A million battles by the CLI: 68.6 s with all of
 * them; 55.2–66.1 s (five runs) without the indexes and keys, 8.8–9.8 s of it
 * making them again; 55.1–57.4 s (three runs) without the vote trigger too.
 * Unique indexes and primary keys stay: they are what finds a duplicate. Not
 * on a database with battles (rebuilding would cost more than an import adds),
 * nor while another import holds them deferred, nor when a live server's
 * lock keeps a table past the pool's lock timeout: the import then runs with
 * them in place. Returns what puts them back (on the same connection, which
 * holds IMPORT_LOCK until then), or null when nothing was dropped.
 */
export async function deferConstraints(pool: pg.Pool): Promise<(() => Promise<void>) | null> {
  const client = await connect(pool);
  try {
    if (!(await tryLock(client))) {
      client.release();
      return null;
    }
    if (!(await dropAll(client))) {
      await client.query(`SELECT pg_advisory_unlock(${IMPORT_LOCK})`);
      client.release();
      return null;
    }
  } catch (e) {
    // The lock goes with the connection.
    client.release(true);
    throw pgFailure(e);
  }
  return () => restoreAndRelease(client);
}

/**
 * At a store's opening: builds what an import that died deferred (its
 * session's lock is gone). An import still running keeps them deferred.
 */
export async function restoreDeferredConstraints(pool: pg.Pool): Promise<void> {
  const [marked] = (await pool.query<{ t: string | null }>(`SELECT to_regclass('deferred_constraints')::text AS t`)).rows;
  if (!marked?.t) return;
  const client = await connect(pool);
  let locked: boolean;
  try {
    locked = await tryLock(client);
  } catch (e) {
    client.release(true);
    throw pgFailure(e);
  }
  if (!locked) return client.release();
  await restoreAndRelease(client);
}

/**
 * Makes them again, lets go of IMPORT_LOCK and gives the connection back. On
 * a failure the connection goes, and the lock with it: what is left marked is
 * made by the next store opened on the database.
 */
async function restoreAndRelease(client: pg.PoolClient): Promise<void> {
  try {
    await restoreOn(client);
    await client.query(`SELECT pg_advisory_unlock(${IMPORT_LOCK})`);
    client.release();
  } catch (e) {
    client.release(true);
    throw pgFailure(e);
  }
}

async function connect(pool: pg.Pool): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (e) {
    throw pgFailure(e);
  }
}

async function tryLock(client: pg.PoolClient): Promise<boolean> {
  const [row] = (await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${IMPORT_LOCK}) AS locked`)).rows;
  return row?.locked === true;
}

/**
 * On the lock's own connection, with its transaction written out here rather
 * than PgDatabase.transaction's (which takes another connection from the pool):
 * a store may have a one-connection pool (the controlled-ratings worker's), and
 * restoring at its opening would then wait for a second connection forever.
 */
async function dropAll(client: pg.PoolClient): Promise<boolean> {
  await client.query('BEGIN');
  try {
    const [state] = (
      await client.query<{ battles: boolean; marked: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM battles) AS battles, to_regclass('deferred_constraints') IS NOT NULL AS marked`,
      )
    ).rows;
    // Marks left by an import that died are restored at a store's opening, not carried into this one.
    if (state?.battles !== false || state.marked) {
      await client.query('ROLLBACK');
      return false;
    }
    const indexes = (
      await client.query<{ name: string; sql: string }>(
        `SELECT indexname AS name, indexdef AS sql FROM pg_indexes
         WHERE schemaname = current_schema() AND tablename = ANY($1) AND indexdef NOT LIKE 'CREATE UNIQUE %' ORDER BY indexname`,
        [BULK_TABLES],
      )
    ).rows;
    const keys = (
      await client.query<{ name: string; tbl: string; def: string }>(
        `SELECT c.conname AS name, t.relname AS tbl, pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
         WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
           AND t.relname = ANY($1) AND r.relname = ANY($2) ORDER BY c.conname`,
        [BULK_TABLES, OWN_TABLES],
      )
    ).rows;
    const triggers = (
      await client.query<{ name: string; sql: string }>(
        `SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS sql FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal AND t.tgname = ANY($1) ORDER BY t.tgname`,
        [Object.keys(DEFERRED_TRIGGERS)],
      )
    ).rows;
    const deferred: Deferred[] = [
      ...indexes.map((i): Deferred => ({ name: i.name, kind: 'index', sql: i.sql })),
      ...triggers.map((t): Deferred => ({ name: t.name, kind: 'trigger', sql: t.sql })),
      ...keys.map((k): Deferred => ({
        name: k.name,
        kind: 'foreign key',
        sql: `ALTER TABLE ${quoted(k.tbl)} ADD CONSTRAINT ${quoted(k.name)} ${k.def}`,
      })),
    ];
    if (deferred.length === 0) {
      await client.query('ROLLBACK');
      return false;
    }
    await client.query(CREATE_MARK);
    for (const d of deferred)
      await client.query(`INSERT INTO deferred_constraints (name, kind, sql) VALUES ($1, $2, $3)`, [d.name, d.kind, d.sql]);
    for (const i of indexes) await client.query(`DROP INDEX ${quoted(i.name)}`);
    for (const k of keys) await client.query(`ALTER TABLE ${quoted(k.tbl)} DROP CONSTRAINT ${quoted(k.name)}`);
    for (const t of triggers) await client.query(`DROP TRIGGER ${quoted(t.name)} ON ${quoted(DEFERRED_TRIGGERS[t.name]!.table)}`);
    await client.query('COMMIT');
    return true;
  } catch (e) {
    await client.query('ROLLBACK');
    // A live server's transaction held a table past the lock timeout: the import runs with them in place.
    if ((e as { code?: unknown }).code === '55P03') return false;
    throw e;
  }
}

/**
 * Each one made again and unmarked in a transaction of its own, indexes first
 * and triggers last (their counts read through the indexes): a crash part-way
 * leaves the rest marked.
 */
async function restoreOn(client: pg.PoolClient): Promise<void> {
  const rows = (
    await client.query<Deferred>(
      `SELECT name, kind, sql FROM deferred_constraints ORDER BY CASE kind WHEN 'index' THEN 0 WHEN 'foreign key' THEN 1 ELSE 2 END, name`,
    )
  ).rows;
  for (const d of rows) {
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL lock_timeout = '${RESTORE_LOCK_TIMEOUT}'`);
      await restoreOne(client, d);
      await client.query(`DELETE FROM deferred_constraints WHERE name = $1`, [d.name]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
  await client.query(`DROP TABLE IF EXISTS deferred_constraints`);
}

async function restoreOne(client: pg.PoolClient, d: Deferred): Promise<void> {
  switch (d.kind) {
    case 'index':
      await client.query(d.sql.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
      return;
    case 'foreign key': {
      const exists = await client.query(
        `SELECT 1 FROM pg_constraint WHERE conname = $1 AND connamespace = current_schema()::regnamespace`,
        [d.name],
      );
      if (exists.rowCount === 0) await client.query(d.sql);
      return;
    }
    case 'trigger': {
      const trigger = DEFERRED_TRIGGERS[d.name];
      if (trigger === undefined) throw new Error(`deferred trigger ${d.name} has no count to restore it with`);
      // No vote is written between the count and the trigger's return (SHARE ROW EXCLUSIVE: reads go on, inserts wait).
      await client.query(`LOCK TABLE ${quoted(trigger.table)} IN SHARE ROW EXCLUSIVE MODE`);
      const exists = await client.query(
        `SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE t.tgname = $1 AND c.relname = $2 AND c.relnamespace = current_schema()::regnamespace`,
        [d.name, trigger.table],
      );
      if (exists.rowCount !== 0) return;
      await client.query(trigger.recount);
      await client.query(d.sql);
      return;
    }
    default: {
      const never: never = d.kind;
      throw new Error(`unknown deferred kind ${String(never)}`);
    }
  }
}
