import pg from 'pg';
import type { Store } from '../store.ts';
import { migratePostgres } from './migrate-postgres.ts';
import { PgAuthStore } from './pg-auth-store.ts';
import { PgBattleStore } from './pg-battle-store.ts';
import { PgBenchmarkStore } from './pg-benchmark-store.ts';
import { PgDatabase } from './pg-database.ts';
import { PgEmbeddingStore } from './pg-embedding-store.ts';
import { PgModerationStore } from './pg-moderation-store.ts';
import { PgSetStore } from './pg-set-store.ts';
import { restoreDeferredConstraints } from './pg-deferred-constraints.ts';
import { postgresLocation } from './postgres-location.ts';

export interface PostgresStoreOptions {
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /** A pooled connection that broke while idle (the server restarted, a proxy cut it): reported here, never thrown. */
  onIdleError?: (e: Error) => void;
}

/**
 * BIGINT (Unix-millisecond times, counts, ids) and NUMERIC (sums) as numbers:
 * node-postgres gives them as strings by default, since they can exceed 2^53,
 * which none of Versus's values come near. Set on this pool only, not globally.
 */
const NUMBER_OIDS = new Set([20, 1700]);
const defaultParser = pg.types.getTypeParser.bind(pg.types) as (oid: number, format?: 'text' | 'binary') => (value: string) => unknown;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMBER_OIDS.has(oid) ? (v: string) => Number(v) : defaultParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * What every store connection sets before it is first used (the pool awaits
 * it; a connection that cannot take it is not used). Versus's queries are
 * short and paged, and a prepared statement's generic plan cannot see its
 * `LIMIT $n`, so it is costed as unbounded: at a million votes a 1,000-vote
 * recount page went to two parallel workers and JIT compilation (76 ms of
 * compiling; 110–410 ms a page against 42 ms without), and the recount after
 * a start took 36 s instead of 18 s. A SET rather than startup `options`,
 * which connection poolers such as PgBouncer refuse by default.
 */
export async function configureSession(client: pg.ClientBase): Promise<void> {
  await client.query('SET jit = off; SET max_parallel_workers_per_gather = 0');
}

/**
 * The store on PostgreSQL at `url` (postgres://user@host:port/db; a schema by
 * `?options=-c search_path=…`). Connects once to check it answers, then
 * brings the schema up to date; rejects (and leaves no pool open) when it cannot.
 */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    // pg-pool awaits this hook's promise before handing the connection out; @types/pg declares it void-returning.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    onConnect: configureSession,
    max: opts.maxConnections ?? 10,
    // An unreachable server fails a request within this, as a storage error, instead of holding it.
    connectionTimeoutMillis: 5_000,
    // Like SQLite's busy_timeout: a write waiting this long on another's row lock fails as "busy".
    lock_timeout: 2_000,
    keepAlive: true,
    application_name: 'versus',
    types,
  });
  pool.on('error', (e) => opts.onIdleError?.(e));
  // A connection that breaks while checked out fails the query on it, which is reported where it was awaited; the
  // client's own 'error' event, which follows, must not be an uncaught one (Node would end the process for it).
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new PgDatabase(pool);
  try {
    await migratePostgres(db);
    // What an import that died left deferred: built before anything reads without it.
    await restoreDeferredConstraints(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  let closing: Promise<void> | undefined;
  return {
    backend: 'postgres',
    location: postgresLocation(url),
    battles: new PgBattleStore(db),
    auth: new PgAuthStore(db),
    moderation: new PgModerationStore(db),
    sets: new PgSetStore(db),
    benchmarks: new PgBenchmarkStore(db),
    embeddings: new PgEmbeddingStore(db),
    // Waits for checked-out connections to come back, then closes them all.
    close: () => (closing ??= pool.end()),
  };
}
