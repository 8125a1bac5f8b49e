import type pg from 'pg';
import type { Row } from '../row-readers.ts';
import { pgFailure } from './database-unreachable-error.ts';

/** A statement: named ones are prepared once per connection and reused, like SQLite's prepared statements. */
export type Statement = string | { readonly name: string; readonly text: string };

export const statement = (name: string, text: string): Statement => ({ name: `versus_${name}`, text });

/** What a query runs on: the pool, or the one connection of a transaction. */
export interface PgQueries {
  rows(s: Statement, values?: readonly unknown[]): Promise<Row[]>;
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  run(s: Statement, values?: readonly unknown[]): Promise<number>;
}

/** Transactions that lost to another one are tried again this often: they wrote nothing, and the loser is chosen by chance. */
const RETRIES = 2;
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * PostgreSQL's text cannot hold U+0000 (SQLite's can): a prompt or an answer
 * carrying one is stored with U+FFFD in its place rather than refused.
 */
const pgValue = (v: unknown): unknown => (typeof v === 'string' ? v.replaceAll('\u0000', '\uFFFD') : Array.isArray(v) ? v.map(pgValue) : v);

async function query(on: pg.Pool | pg.PoolClient, s: Statement, values: readonly unknown[]): Promise<pg.QueryResult<Row>> {
  const params = values.map(pgValue);
  const config = typeof s === 'string' ? { text: s, values: params } : { name: s.name, text: s.text, values: params };
  try {
    return await on.query<Row>(config);
  } catch (e) {
    throw pgFailure(e);
  }
}

function queriesOn(on: pg.Pool | pg.PoolClient): PgQueries {
  return {
    rows: async (s, values = []) => (await query(on, s, values)).rows,
    run: async (s, values = []) => (await query(on, s, values)).rowCount ?? 0,
  };
}

/**
 * The pool, with the two ways the stores use it: one statement on any
 * connection, or a transaction on one connection that commits when `work`
 * resolves and rolls back when it throws. A transaction's promise resolves
 * only after COMMIT has returned, so whatever is acknowledged is durable.
 */
export class PgDatabase implements PgQueries {
  private readonly onPool: PgQueries;

  constructor(readonly pool: pg.Pool) {
    this.onPool = queriesOn(pool);
  }

  rows(s: Statement, values: readonly unknown[] = []): Promise<Row[]> {
    return this.onPool.rows(s, values);
  }

  run(s: Statement, values: readonly unknown[] = []): Promise<number> {
    return this.onPool.run(s, values);
  }

  async transaction<T>(work: (tx: PgQueries) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(work);
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        if (attempt >= RETRIES || typeof code !== 'string' || !RETRYABLE.has(code)) throw e;
      }
    }
  }

  private async once<T>(work: (tx: PgQueries) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw pgFailure(e);
    }
    let broken = false;
    try {
      const tx = queriesOn(client);
      await tx.run('BEGIN');
      const result = await work(tx);
      await tx.run('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {
        // The connection is gone (the server rolls back on its own): it must not go back to the pool.
        broken = true;
      });
      throw e;
    } finally {
      client.release(broken);
    }
  }
}
