/**
 * Storage failures that mean "could not write (or read) now", as opposed to a
 * bug, for both backends: they are told to the client as a `storage` refusal
 * and never crash the process. Each has a class, and each class one message.
 */
type StorageClass = 'full' | 'busy' | 'unreachable' | 'other';

/** SQLite result codes (better-sqlite3 spells extended ones as SQLITE_IOERR_WRITE and the like). */
const SQLITE: Record<string, StorageClass> = {
  SQLITE_FULL: 'full',
  SQLITE_BUSY: 'busy',
  SQLITE_LOCKED: 'busy',
  SQLITE_IOERR: 'other',
  SQLITE_READONLY: 'other',
  SQLITE_CANTOPEN: 'other',
};

/** PostgreSQL SQLSTATEs, exact ones first, then by class (the first two characters). */
const PG_STATES: Record<string, StorageClass> = {
  '53100': 'full', // disk_full
  '40001': 'busy', // serialization_failure (retried before it gets here)
  '40P01': 'busy', // deadlock_detected (retried before it gets here)
  '55P03': 'busy', // lock_not_available: lock_timeout passed, like SQLite's busy_timeout
  '53300': 'busy', // too_many_connections
  '57014': 'busy', // query_canceled (statement_timeout)
  '57P01': 'unreachable', // admin_shutdown: the server is stopping
  '57P02': 'unreachable', // crash_shutdown
  '57P03': 'unreachable', // cannot_connect_now: starting up or in recovery
  '25006': 'other', // read_only_sql_transaction: a standby
};
const PG_CLASSES: Record<string, StorageClass> = {
  '08': 'unreachable', // connection exception
  '53': 'busy', // insufficient resources (out of memory, too many connections; disk full is exact above)
  '58': 'other', // system error (I/O)
};

/** Socket failures reaching a database server, and the stores' own code for a connection that broke (db/postgres). */
const UNREACHABLE_CODES = new Set([
  'VERSUS_DB_UNREACHABLE',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function classOf(e: unknown): { code: string; kind: StorageClass } | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_')) {
    const base = Object.keys(SQLITE).find((c) => code === c || code.startsWith(`${c}_`));
    return base ? { code, kind: SQLITE[base]! } : null;
  }
  if (UNREACHABLE_CODES.has(code)) return { code, kind: 'unreachable' };
  if (/^[0-9A-Z]{5}$/.test(code)) {
    const kind = PG_STATES[code] ?? PG_CLASSES[code.slice(0, 2)];
    return kind ? { code, kind } : null;
  }
  return null;
}

export function isStorageError(e: unknown): boolean {
  return classOf(e) !== null;
}

export function storageMessage(e: unknown): string {
  const c = classOf(e);
  switch (c?.kind) {
    case 'full':
      return 'The server could not save: its disk is full. Nothing was half-written.';
    case 'busy':
      return 'The database is busy; try again in a moment.';
    case 'unreachable':
      return 'The server cannot reach its database; try again in a moment. Nothing was half-written.';
    case 'other':
    case undefined:
      return `The server could not save (${c?.code ?? (e as { code?: string } | null)?.code ?? 'unknown'}). Nothing was half-written.`;
  }
}
