import type Database from 'better-sqlite3';
import type { Db } from './open-database.ts';

/** Rows per statement: enough that the per-statement cost (bind, step, reset, the call from JS) is spread thin, few enough to stay far under SQLite's 32,766 parameters. */
const ROWS_PER_STATEMENT = 128;

type Value = string | number | bigint | null;

/**
 * One INSERT that writes many rows (`INSERT … VALUES (…), (…), …`), for bulk
 * writes: a prepared statement for a full chunk of rows, reused, and one
 * prepared on the spot for the remainder. `head` is everything before VALUES,
 * `tail` anything after the rows (an ON CONFLICT clause). Runs inside the
 * caller's transaction.
 */
export class MultiRowInsert {
  private readonly full: Database.Statement;

  constructor(
    private readonly db: Db,
    private readonly head: string,
    private readonly columns: number,
    private readonly tail = '',
  ) {
    this.full = db.prepare(this.sql(ROWS_PER_STATEMENT));
  }

  private sql(rows: number): string {
    const row = `(${Array.from({ length: this.columns }, () => '?').join(', ')})`;
    return `${this.head} VALUES ${Array.from({ length: rows }, () => row).join(', ')} ${this.tail}`;
  }

  run(rows: readonly (readonly Value[])[]): void {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const n = Math.min(ROWS_PER_STATEMENT, rows.length - i);
      // A plain loop: Array.prototype.flat was a tenth of a bulk import's time.
      const params: Value[] = new Array<Value>(n * this.columns);
      let k = 0;
      for (let r = i; r < i + n; r++) for (const v of rows[r]!) params[k++] = v;
      const stmt = n === ROWS_PER_STATEMENT ? this.full : this.db.prepare(this.sql(n));
      stmt.run(params);
    }
  }
}
