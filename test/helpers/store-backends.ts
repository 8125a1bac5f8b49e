import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore, type StoreConfig } from '../../db/open-store.ts';
import { settled } from '../../db/sqlite/settled.ts';
import type { Store, StoreBackend } from '../../db/store.ts';
import { testPostgresUrl } from './test-postgres-url.ts';

type Row = Record<string, unknown>;

/** One empty database of a backend, made for a test: its own SQLite file, or its own PostgreSQL schema. */
export interface TestDatabase {
  readonly backend: StoreBackend;
  /** What openStore takes. */
  readonly config: StoreConfig;
  /** What a server is given to use it (VERSUS_DB or VERSUS_DATABASE_URL). */
  readonly env: Record<string, string>;
  /** Opens the store on it (migrating it, as a server's start does); closed by the backend's cleanup if the test does not. */
  open(): Promise<Store>;
  /** Runs one statement on a connection of its own, beside the store's: what someone with a database shell could do. */
  sql(text: string): Promise<Row[]>;
  /** Runs a script of statements the same way (no rows back). */
  exec(script: string): Promise<void>;
  /**
   * Takes the lock a writer needs, on a connection of its own, until `release`
   * is called: SQLite's write lock (BEGIN IMMEDIATE), PostgreSQL's lock on
   * `table` (LOCK TABLE in a transaction).
   */
  holdWriteLock(table: string): Promise<() => Promise<void>>;
}

export interface BackendUnderTest {
  readonly name: StoreBackend;
  /** Skipped here: PostgreSQL did not answer and this is not CI (vitest.config.ts says so once, under the summary). */
  readonly skip: boolean;
  fresh(): Promise<TestDatabase>;
  /** Closes every store and connection this backend opened and removes its databases. */
  cleanup(): Promise<void>;
}

function tracked(fresh: () => Promise<TestDatabase>, drop: () => Promise<void>) {
  const stores: Store[] = [];
  return {
    fresh: async (): Promise<TestDatabase> => {
      const d = await fresh();
      return {
        ...d,
        open: async () => {
          const s = await d.open();
          stores.push(s);
          return s;
        },
      };
    },
    cleanup: async () => {
      await Promise.allSettled(stores.map((s) => s.close()));
      await drop();
    },
  };
}

export function sqliteUnderTest(): BackendUnderTest {
  const dirs: string[] = [];
  const handles: Database.Database[] = [];
  return {
    name: 'sqlite',
    skip: false,
    ...tracked(
      () => {
        const dir = mkdtempSync(join(tmpdir(), 'versus-store-'));
        dirs.push(dir);
        const dbPath = join(dir, 'versus.db');
        const connect = () => {
          const h = new Database(dbPath);
          handles.push(h);
          return h;
        };
        let raw: Database.Database | undefined;
        const shell = () => (raw ??= connect());
        return Promise.resolve({
          backend: 'sqlite',
          config: { dbPath },
          env: { VERSUS_DB: dbPath },
          open: () => openStore({ dbPath }),
          sql: (text: string) =>
            settled(() => {
              const stmt = shell().prepare(text);
              return stmt.reader ? (stmt.all() as Row[]) : (stmt.run(), []);
            }),
          exec: (script: string) =>
            settled(() => {
              shell().exec(script);
            }),
          holdWriteLock: () => {
            const holder = connect();
            holder.exec('BEGIN IMMEDIATE');
            return Promise.resolve(() => {
              holder.exec('ROLLBACK');
              return Promise.resolve();
            });
          },
        });
      },
      () => {
        for (const h of handles) h.close();
        for (const d of dirs) rmSync(d, { recursive: true, force: true });
        return Promise.resolve();
      },
    ),
  };
}

/** A database URL whose connections use `schema` (and only it) by default. */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export function postgresUnderTest(env: Record<string, string | undefined> = process.env): BackendUnderTest {
  const base = testPostgresUrl(env);
  const schemas: string[] = [];
  let admin: pg.Pool | undefined;
  const adminPool = () => (admin ??= new pg.Pool({ connectionString: base, max: 2 }).on('error', () => {}));
  return {
    name: 'postgres',
    skip: env['VERSUS_TEST_PG_SKIP'] === '1',
    ...tracked(
      async () => {
        const schema = `vs_${randomBytes(6).toString('hex')}`;
        await adminPool().query(`CREATE SCHEMA ${schema}`);
        schemas.push(schema);
        const url = urlWithSchema(base, schema);
        return {
          backend: 'postgres',
          config: { dbPath: '(unused)', databaseUrl: url },
          env: { VERSUS_DATABASE_URL: url },
          open: () => openStore({ dbPath: '(unused)', databaseUrl: url }),
          sql: async (text: string) => {
            const client = await adminPool().connect();
            try {
              await client.query(`SET search_path = ${schema}`);
              return (await client.query<Row>(text)).rows;
            } finally {
              await client.query('RESET search_path').catch(() => {});
              client.release();
            }
          },
          exec: async (script: string) => {
            const client = await adminPool().connect();
            try {
              await client.query(`SET search_path = ${schema}; ${script}`);
            } finally {
              await client.query('RESET search_path').catch(() => {});
              client.release();
            }
          },
          holdWriteLock: async (table: string) => {
            const holder = new pg.Client({ connectionString: url });
            holder.on('error', () => {});
            await holder.connect();
            await holder.query(`BEGIN; LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
            return async () => {
              await holder.query('ROLLBACK');
              await holder.end();
            };
          },
        };
      },
      async () => {
        if (!admin) return;
        for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        await admin.end();
      },
    ),
  };
}

/** Both backends, for `describe.each`: SQLite always, PostgreSQL unless it is skipped here. */
export function backendsUnderTest(): BackendUnderTest[] {
  return [sqliteUnderTest(), postgresUnderTest()];
}
