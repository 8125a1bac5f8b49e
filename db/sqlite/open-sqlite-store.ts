import type { Store } from '../store.ts';
import { openDatabase, type SqliteOptions } from './open-database.ts';
import { SqliteAuthStore } from './sqlite-auth-store.ts';
import { SqliteBattleStore } from './sqlite-battle-store.ts';
import { SqliteBenchmarkStore } from './sqlite-benchmark-store.ts';
import { SqliteEmbeddingStore } from './sqlite-embedding-store.ts';
import { SqliteModerationStore } from './sqlite-moderation-store.ts';
import { SqliteSetStore } from './sqlite-set-store.ts';

/** The zero-setup store: one SQLite file (WAL, synchronous=FULL), its schema brought up to date on open. */
export function openSqliteStore(path: string, opts: SqliteOptions = {}): Store & { readonly battles: SqliteBattleStore } {
  const db = openDatabase(path, opts);
  return {
    backend: 'sqlite',
    location: path,
    battles: new SqliteBattleStore(db),
    auth: new SqliteAuthStore(db),
    moderation: new SqliteModerationStore(db),
    sets: new SqliteSetStore(db),
    benchmarks: new SqliteBenchmarkStore(db),
    embeddings: new SqliteEmbeddingStore(db),
    close: () => {
      // Closing checkpoints the WAL into the file; a second close (shutdown after a failed start) is harmless.
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}
