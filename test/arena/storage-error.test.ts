import { describe, expect, it } from 'vitest';
import { DatabaseUnreachableError } from '../../db/postgres/database-unreachable-error.ts';
import { isStorageError, storageMessage } from '../../server/arena/storage-error.ts';

const withCode = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

describe('storage errors, as the client is told them', () => {
  it.each([
    ['SQLITE_FULL', /disk is full/],
    ['53100', /disk is full/],
    ['SQLITE_BUSY', /busy/],
    ['SQLITE_LOCKED_SHAREDCACHE', /busy/],
    ['55P03', /busy/],
    ['40001', /busy/],
    ['40P01', /busy/],
    ['53300', /busy/],
    ['57014', /busy/],
    ['08006', /cannot reach its database/],
    ['57P01', /cannot reach its database/],
    ['57P03', /cannot reach its database/],
    ['ECONNREFUSED', /cannot reach its database/],
    ['ECONNRESET', /cannot reach its database/],
    ['SQLITE_IOERR_WRITE', /could not save \(SQLITE_IOERR_WRITE\)/],
    ['58030', /could not save \(58030\)/],
    ['25006', /could not save \(25006\)/],
  ])('%s is a storage failure: %s', (code, message) => {
    expect(isStorageError(withCode(code))).toBe(true);
    expect(storageMessage(withCode(code))).toMatch(message);
  });

  it('names a broken PostgreSQL connection unreachable, whatever the driver called it', () => {
    const e = new DatabaseUnreachableError(new Error('Connection terminated unexpectedly'));
    expect(isStorageError(e)).toBe(true);
    expect(storageMessage(e)).toBe('The server cannot reach its database; try again in a moment. Nothing was half-written.');
    expect(e.message).toMatch(/Connection terminated unexpectedly/);
  });

  it.each([
    ['a unique violation (a bug or a refusal, not the storage)', '23505'],
    ['an append-only trigger', '23001'],
    ['a syntax error', '42601'],
    ['a SQLite constraint', 'SQLITE_CONSTRAINT_UNIQUE'],
    ['a file-system error of another kind', 'EEXIST'],
  ])('leaves %s to the caller', (_what, code) => {
    expect(isStorageError(withCode(code))).toBe(false);
  });

  it('leaves errors without a code, and non-errors, to the caller', () => {
    expect(isStorageError(new TypeError('The database connection is not open'))).toBe(false);
    expect(isStorageError(null)).toBe(false);
    expect(isStorageError('SQLITE_FULL')).toBe(false);
  });
});
