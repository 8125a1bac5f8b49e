import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from '../migrations.ts';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite database in WAL mode and brings its
 * schema up to date. synchronous=FULL: an acknowledged vote survives power
 * loss, not just a process crash; a vote is one small transaction, so the
 * extra fsync is cheap next to a model's answer. A 64 MiB page cache (the
 * default is 2 MiB): battle ids are random, so with a million battles every
 * insert lands on a page of its own in each index, and a small cache reads
 * and rewrites them over and over.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 2000');
  db.pragma('cache_size = -65536');
  migrate(db);
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
