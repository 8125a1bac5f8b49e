import pg from 'pg';

/**
 * The driver could not talk to PostgreSQL: no connection could be made, or
 * one broke mid-query. node-postgres reports some of these with a system
 * error code (ECONNREFUSED) and some with none ("Connection terminated
 * unexpectedly"), so they are given one code of their own here, where the
 * driver is known, and server/arena/storage-error.ts reads only codes.
 */
export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
  readonly code = 'VERSUS_DB_UNREACHABLE';

  constructor(cause: unknown) {
    const why = cause instanceof Error ? cause.message || (cause as { code?: string }).code : String(cause);
    super(`could not reach PostgreSQL (${why})`, { cause });
  }
}

/** JavaScript's own error types: a bug in Versus, never a lost connection. */
const BUG_TYPES = [TypeError, RangeError, SyntaxError, ReferenceError];

/**
 * A failure as the stores pass it on: the server's own errors (they carry a
 * SQLSTATE) and bugs as they are, anything else from the driver as unreachable.
 */
export function pgFailure(e: unknown): unknown {
  if (e instanceof pg.DatabaseError || e instanceof DatabaseUnreachableError) return e;
  if (BUG_TYPES.some((t) => e instanceof t)) return e;
  return new DatabaseUnreachableError(e);
}
