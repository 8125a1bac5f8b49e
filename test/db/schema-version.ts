import { MIGRATIONS } from '../../db/migrations.ts';
import type { TestDatabase } from '../helpers/store-backends.ts';

/** The schema version as the backend records it: SQLite's PRAGMA user_version, PostgreSQL's schema_migrations. */
export async function schemaVersion(db: TestDatabase): Promise<number> {
  if (db.backend === 'sqlite') return Number((await db.sql('PRAGMA user_version'))[0]!.user_version);
  const rows = await db.sql(`SELECT version FROM schema_migrations ORDER BY version`);
  const versions = rows.map((r) => Number(r.version));
  // Each migration recorded once, in order, none skipped.
  if (versions.some((v, i) => v !== i + 1)) throw new Error(`schema_migrations holds ${versions.join(', ')}`);
  return versions.length;
}

/** Records `version` the way the backend does, without running anything (a database from a newer Versus). */
export async function stampVersion(db: TestDatabase, version: number): Promise<void> {
  if (db.backend === 'sqlite') await db.exec(`PRAGMA user_version = ${version}`);
  else await db.exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (${version}, 0)`);
}

/** Brings an empty database to `version` by running the first migrations in its dialect, as an older Versus did. */
export async function migrateTo(db: TestDatabase, version: number): Promise<void> {
  for (const m of MIGRATIONS.slice(0, version)) await db.exec(db.backend === 'sqlite' ? m.sqlite : m.postgres);
  if (db.backend === 'postgres') {
    await db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`);
    for (let v = 1; v <= version; v++) await stampVersion(db, v);
  } else await stampVersion(db, version);
}
