import type { Db } from './open-database.ts';
import { PAIR_COUNTS_FROM_VOTES } from './pair-counts-from-votes.ts';
import { quotedIdentifier as quoted } from '../quoted-identifier.ts';

/** The tables a bulk import fills: their secondary indexes are built once at its end rather than row by row. */
const BULK_TABLES = ['battles', 'turns', 'responses', 'votes'] as const;

/**
 * Per-row triggers a bulk import into an empty database drops, each with the
 * statements that bring what it keeps up to date from the stored rows at the
 * end, run with the trigger's creation in one transaction. The pair-count
 * trigger looked up each vote's battle and rewrote its pair's row: 14 % of a
 * 200,000-battle import (3.5 s of 24.8 s); the count from scratch is the one
 * migration 6 backfilled with, over the votes that count and are not voided.
 */
const DEFERRED_TRIGGERS: Readonly<Record<string, string>> = {
  vote_pair_counts_vote: `DELETE FROM vote_pair_counts; ${PAIR_COUNTS_FROM_VOTES}`,
};

/** Where the dropped indexes and triggers are kept until rebuilt: their SQL as SQLite recorded it, and the importing process. */
const CREATE_MARK = `CREATE TABLE IF NOT EXISTS deferred_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL, pid INTEGER NOT NULL)`;

/**
 * Before a bulk import into an empty database: drops the non-unique
 * secondary indexes of the tables it fills, and the per-row triggers of
 * DEFERRED_TRIGGERS, keeping their SQL in `deferred_indexes` in the same
 * transaction, so that the indexes are built once, sorted, at the end
 * (`restoreDeferredIndexes`) instead of one random-keyed insert per row each
 * (200,000 battles: 21.0 s → 13.9 s + 2.0 s to build them), and what the
 * triggers keep is counted once.
 * Unique indexes and primary keys stay: they are what finds a duplicate. Not
 * on a database with battles: rebuilding its indexes would cost more than an
 * import adds. Returns whether anything was dropped.
 */
export function deferIndexes(db: Db): boolean {
  return db
    .transaction(() => {
      if (db.prepare(`SELECT 1 FROM battles LIMIT 1`).get() !== undefined) return false;
      const rows = db
        .prepare(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
             AND tbl_name IN (${BULK_TABLES.map(() => '?').join(', ')}) ORDER BY name`,
        )
        .all(...BULK_TABLES) as { name: string; sql: string }[];
      const triggers = db
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (SELECT value FROM json_each(?)) ORDER BY name`)
        .all(JSON.stringify(Object.keys(DEFERRED_TRIGGERS))) as { name: string; sql: string }[];
      if (rows.length + triggers.length === 0) return false;
      db.exec(CREATE_MARK);
      const mark = db.prepare(`INSERT INTO deferred_indexes (name, sql, pid) VALUES (?, ?, ?)`);
      for (const r of rows) {
        mark.run(r.name, r.sql, process.pid);
        db.exec(`DROP INDEX ${quoted(r.name)}`);
      }
      for (const t of triggers) {
        mark.run(t.name, t.sql, process.pid);
        db.exec(`DROP TRIGGER ${quoted(t.name)}`);
      }
      return true;
    })
    .immediate();
}

/**
 * Builds the indexes a bulk import deferred, then counts afresh what each
 * deferred trigger keeps and creates the trigger: at the import's end, or,
 * when the importing process died before that (its pid is gone), when the
 * database is next opened. An import still running elsewhere keeps them
 * deferred unless `force`. Each is built and unmarked in one transaction, so
 * a crash part-way leaves the rest marked. Returns the names built.
 */
export function restoreDeferredIndexes(db: Db, opts: { force?: boolean } = {}): string[] {
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deferred_indexes'`).get() === undefined) return [];
  const rows = db.prepare(`SELECT name, sql, pid FROM deferred_indexes ORDER BY name`).all() as {
    name: string;
    sql: string;
    pid: number;
  }[];
  if (!opts.force && rows.some((r) => r.pid !== process.pid && alive(r.pid))) return [];
  const built: string[] = [];
  // Indexes first: a trigger's count reads the tables through them.
  const isTrigger = (r: { sql: string }) => /^CREATE TRIGGER /i.test(r.sql);
  for (const r of [...rows.filter((r) => !isTrigger(r)), ...rows.filter(isTrigger)]) {
    db.transaction(() => {
      if (isTrigger(r)) {
        const recount = DEFERRED_TRIGGERS[r.name];
        if (recount === undefined) throw new Error(`deferred trigger ${r.name} has no count to restore it with`);
        db.exec(recount);
        db.exec(r.sql.replace(/^CREATE TRIGGER /i, 'CREATE TRIGGER IF NOT EXISTS '));
      } else db.exec(r.sql.replace(/^CREATE INDEX /i, 'CREATE INDEX IF NOT EXISTS '));
      db.prepare(`DELETE FROM deferred_indexes WHERE name = ?`).run(r.name);
    }).immediate();
    built.push(r.name);
  }
  db.exec(`DROP TABLE IF EXISTS deferred_indexes`);
  return built;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, owned by someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
