import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../db/sqlite/group-commit.ts';

const dir = mkdtempSync(join(tmpdir(), 'versus-group-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A writer and a second connection on one WAL file: what the second sees is what was committed. */
let writer: Database.Database;
let reader: Database.Database;
let file = 0;
beforeEach(() => {
  const path = join(dir, `g${file++}.db`);
  writer = new Database(path);
  writer.pragma('journal_mode = WAL');
  writer.pragma('foreign_keys = ON');
  writer.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE t (n INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`);
  reader = new Database(path, { readonly: true });
});
afterEach(() => {
  writer.close();
  reader.close();
});

const insert =
  (...ns: number[]) =>
  () => {
    for (const n of ns) writer.prepare(`INSERT INTO t (n) VALUES (?)`).run(n);
    return ns.length;
  };
const committed = () => (reader.prepare(`SELECT n FROM t ORDER BY n`).all() as { n: number }[]).map((r) => r.n);

describe('GroupCommit', () => {
  it('holds batches in one transaction until the group is full, then commits them together; end commits the rest', () => {
    const group = new GroupCommit(writer, 4);
    expect(group.write(2, insert(1, 2))).toBe(2);
    expect(writer.inTransaction).toBe(true);
    group.write(1, insert(3));
    expect(committed()).toEqual([]);
    group.write(2, insert(4, 5));
    expect(committed()).toEqual([1, 2, 3, 4, 5]);
    expect(writer.inTransaction).toBe(false);
    group.write(1, insert(6));
    expect(committed()).toEqual([1, 2, 3, 4, 5]);
    group.end();
    expect(committed()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(writer.inTransaction).toBe(false);
  });

  it('rolls a failing batch back with the group it joined, says how many battles went with it, and keeps what was committed', () => {
    const group = new GroupCommit(writer, 3);
    group.write(3, insert(1, 2, 3));
    group.write(2, insert(4, 5));
    // The batch fails half-way: its first row and the two of the batch before are undone.
    expect(() => group.write(2, insert(6, 1))).toThrow(
      /UNIQUE constraint failed.*rolled back with the 2 battles written since the last commit/,
    );
    expect(writer.inTransaction).toBe(false);
    expect(committed()).toEqual([1, 2, 3]);
    expect(writer.prepare(`SELECT count(*) AS c FROM t`).get()).toEqual({ c: 3 });
    // The next batch starts a group of its own.
    group.write(1, insert(7));
    group.end();
    expect(committed()).toEqual([1, 2, 3, 7]);
  });

  it('says nothing of a group when the failing batch was alone in it', () => {
    const group = new GroupCommit(writer, 3);
    let message = '';
    try {
      group.write(1, insert(1, 1));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/UNIQUE constraint failed/);
    expect(message).not.toMatch(/rolled back with/);
    expect(committed()).toEqual([]);
  });

  it('rolls back a group whose commit fails, leaving no transaction open', () => {
    const group = new GroupCommit(writer, 10);
    group.write(1, insert(1));
    // A deferred foreign key is checked at COMMIT, which then fails and leaves the transaction open.
    group.write(1, () => writer.prepare(`INSERT INTO t (n, parent) VALUES (2, 99)`).run());
    expect(() => group.end()).toThrow(/FOREIGN KEY constraint failed/);
    expect(writer.inTransaction).toBe(false);
    expect(committed()).toEqual([]);
    group.write(1, insert(3));
    group.end();
    expect(committed()).toEqual([3]);
  });
});
