import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from '../migrations.ts';
import { restoreDeferredIndexes } from './deferred-indexes.ts';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite database in WAL mode and brings its
 * schema up to date. synchronous=FULL: an acknowledged vote survives power
 * loss, not just a process crash; a vote is one small transaction, so the
 * extra fsync is cheap next to a model's answer. A 64 MiB page cache (the
 * default is 2 MiB): battle ids are random, so with a million battles every
 * insert lands on a page of its own in each index, and a small cache reads
 * and rewrites them over and over. temp_store=MEMORY: a statement's journal
 * (kept so one failing statement can be undone alone) stays in memory rather
 * than spilling to a temporary file page by page once past 64 KiB, which a
 * bulk import's multi-row inserts otherwise do with a write() per page.
 */
export interface SqliteOptions {
  /**
   * A connection for a bulk import (the `npm run battles -- import` CLI): a
   * page cache of BULK_CACHE_MIB and a WAL checkpointed every
   * BULK_CHECKPOINT_PAGES pages. At a million battles the random-keyed indexes
   * outgrow 64 MiB, and a batch's transaction then spilled dirty pages to the
   * WAL mid-way, read them back, and wrote them again; checkpoints after every
   * commit copied the same index pages to the file over and over. Foreign keys
   * off and sorts on two threads: see below. Only for a process that does
   * nothing but import.
   */
  bulk?: boolean;
}

/** A bulk import's page cache: a fixed bound, whatever the file's size (the random-keyed indexes of a million battles are a few hundred MiB). */
export const BULK_CACHE_MIB = 512;
/** A bulk import's WAL checkpoint interval, in pages of 4 KiB. */
export const BULK_CHECKPOINT_PAGES = 65_536;

export function openDatabase(path: string, opts: SqliteOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 2000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  if (opts.bulk) {
    db.pragma(`cache_size = -${BULK_CACHE_MIB * 1024}`);
    db.pragma(`wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`);
    // The import checks that a battle's rows are its own before writing them (sqlite-battle-store checkOwnRows), once
    // per battle instead of a look-up per row in each random-keyed index.
    db.pragma('foreign_keys = OFF');
    // Sorts (the deferred indexes built at the end, the pair count's GROUP BY) may use a second thread: the process
    // does nothing else meanwhile (200,000 battles: the indexes 4.4 → 3.5 s on 2 cores).
    db.pragma('threads = 2');
  }
  migrate(db);
  // A bulk import that died before building the indexes it deferred: built now, before anything reads without them.
  restoreDeferredIndexes(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`Database schema version ${current} is newer than this Versus (${MIGRATIONS.length}); upgrade Versus`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!.sqlite);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
