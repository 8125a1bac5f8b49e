import { MIGRATIONS } from '../migrations.ts';
import type { PgDatabase } from './pg-database.ts';

/**
 * Brings the schema up to date, one migration per transaction (PostgreSQL's
 * DDL is transactional: a migration lands whole or not at all), recording
 * each in schema_migrations. Nodes starting at once take turns on an advisory
 * lock per schema, so each migration runs once; they wait for each other
 * however long a migration takes (lock_timeout is lifted for it).
 */
export async function migratePostgres(db: PgDatabase): Promise<void> {
  for (;;) {
    const applied = await db.transaction(async (tx) => {
      await tx.run(`SET LOCAL lock_timeout = 0`);
      await tx.rows(`SELECT pg_advisory_xact_lock(hashtext('versus migrations ' || current_schema()))`);
      await tx.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`);
      const [row] = await tx.rows(`SELECT coalesce(max(version), 0) AS version FROM schema_migrations`);
      const current = Number(row?.version ?? 0);
      if (current > MIGRATIONS.length) {
        throw new Error(`Database schema version ${current} is newer than this Versus (${MIGRATIONS.length}); upgrade Versus`);
      }
      if (current === MIGRATIONS.length) return false;
      await tx.run(MIGRATIONS[current]!.postgres);
      await tx.run(`INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, [current + 1, Date.now()]);
      return true;
    });
    if (!applied) return;
  }
}
