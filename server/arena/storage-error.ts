/** SQLite failures that mean "could not write", as opposed to a bug. */
const STORAGE_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_READONLY', 'SQLITE_CANTOPEN']);

export function isStorageError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && [...STORAGE_CODES].some((c) => code === c || code.startsWith(`${c}_`));
}

export function storageMessage(e: unknown): string {
  const code = (e as { code?: string })?.code ?? 'unknown';
  if (code.startsWith('SQLITE_FULL')) return 'The server could not save: its disk is full. Nothing was half-written.';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'The database is busy; try again in a moment.';
  return `The server could not save (${code}). Nothing was half-written.`;
}
