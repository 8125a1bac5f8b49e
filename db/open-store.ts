import type { Store } from './store.ts';
import type { PostgresStoreOptions } from './postgres/open-postgres-store.ts';
import type { SqliteOptions } from './sqlite/open-database.ts';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';

export interface StoreConfig {
  /** The SQLite file, used when no `databaseUrl` is given. */
  dbPath: string;
  /** postgres://… selects PostgreSQL. */
  databaseUrl?: string | undefined;
}

/** PostgreSQL when a database URL is configured (VERSUS_DATABASE_URL or server.databaseUrl), else the SQLite file. */
export async function openStore(
  config: StoreConfig,
  pgOptions: PostgresStoreOptions = {},
  sqliteOptions: SqliteOptions = {},
): Promise<Store> {
  if (config.databaseUrl) {
    // Loaded only for PostgreSQL: a SQLite node (the default) would load the driver's modules for nothing at start.
    const { openPostgresStore } = await import('./postgres/open-postgres-store.ts');
    return await openPostgresStore(config.databaseUrl, pgOptions);
  }
  return openSqliteStore(config.dbPath, sqliteOptions);
}
