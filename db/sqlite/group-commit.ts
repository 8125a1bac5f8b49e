import type { Db } from './open-database.ts';

/**
 * Battles a bulk import writes per SQLite commit (`GroupCommit`): its
 * batches (20,000 battles each from the CLI) share a transaction until this
 * many are written. In WAL mode every commit appends each page the
 * transaction dirtied, and a batch of random battle ids dirties most leaf
 * pages of the four random-keyed unique indexes: with a commit per 20,000
 * battles a million-battle import wrote 11.8 GB for a 1.1 GB database (22-26 s
 * of system time), and with a commit per 200,000 3.5 GB (8 s).
 */
export const BULK_COMMIT_BATTLES = 200_000;

/**
 * One write transaction held across a bulk import's batches and committed
 * every `every` battles, and at `end`. A batch that fails rolls the open
 * transaction back (the batches since the last commit with it) and rethrows,
 * saying so: what was committed before stays, and importing the file again
 * skips it. Only for a connection that does nothing but import: the write
 * lock is held between batches too, so other writers wait up to one group.
 */
export class GroupCommit {
  private pending = 0;

  constructor(
    private readonly db: Db,
    private readonly every = BULK_COMMIT_BATTLES,
  ) {}

  /** Runs one batch's writes inside the group's transaction (begun IMMEDIATE: the write lock before its look-ups). */
  write<T>(battles: number, work: () => T): T {
    if (!this.db.inTransaction) this.db.exec('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = work();
    } catch (e) {
      const lost = this.pending;
      this.rollback();
      if (lost > 0 && e instanceof Error) {
        const battles = lost === 1 ? 'the battle' : `the ${lost} battles`;
        e.message += ` (rolled back with ${battles} written since the last commit; importing the file again skips what is stored)`;
      }
      throw e;
    }
    this.pending += battles;
    if (this.pending >= this.every) this.commit();
    return result;
  }

  /** Commits what the group holds (at the end of the import, whether it succeeded or not: what was written is valid). */
  end(): void {
    if (this.db.inTransaction) this.commit();
  }

  private commit(): void {
    try {
      this.db.exec('COMMIT');
      this.pending = 0;
    } catch (e) {
      // A commit that fails (a full disk) may leave the transaction open: nothing of it stays.
      this.rollback();
      throw e;
    }
  }

  private rollback(): void {
    this.pending = 0;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}
