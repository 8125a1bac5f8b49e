import Database from 'better-sqlite3';
import type { ControlRow } from '../../db/battle-store.ts';
import { LABEL_SQL, toControlRow } from '../../db/label-queries.ts';
import type { Row } from '../../db/row-readers.ts';
import { labelOfKey } from '../categories/battle-labels.ts';
import type { ControlledFitRequest } from './controlled-fit-job.ts';

const connections = new Map<string, { db: Database.Database; all: Database.Statement; labelled: Database.Statement }>();

/**
 * A controlled fit's rows read straight from the SQLite file, in the worker
 * (controlled-worker.ts), on a read-only connection of its own: the same SQL
 * as BattleStore.controlRowsAfter, in one read transaction (a consistent
 * snapshot under WAL, while the server's connection keeps writing), handed
 * on `chunk` rows at a time. On SQLite a query runs on the calling thread,
 * so reading here keeps even the page reads off the server's event loop.
 */
export function readSqliteControlRows(
  path: string,
  request: ControlledFitRequest,
  chunk: number,
  onRows: (rows: ControlRow[]) => void,
): void {
  let c = connections.get(path);
  if (!c) {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 2000');
    // As the server's connection (open-database.ts): each row looks up its battle, styles and answers by key.
    db.pragma('cache_size = -65536');
    c = { db, all: db.prepare(LABEL_SQL.controlRowsAfter), labelled: db.prepare(LABEL_SQL.controlRowsAfterLabelled) };
    connections.set(path, c);
  }
  const from = [Number.MIN_SAFE_INTEGER, '', Number.MAX_SAFE_INTEGER];
  const label = request.category === null ? null : labelOfKey(request.category);
  const { all, labelled } = c;
  c.db.transaction(() => {
    const rows = (label ? labelled.iterate(label.kind, label.value, ...from) : all.iterate(...from)) as IterableIterator<Row>;
    let page: ControlRow[] = [];
    for (const r of rows) {
      page.push(toControlRow(r));
      if (page.length === chunk) {
        onRows(page);
        page = [];
      }
    }
    if (page.length > 0) onRows(page);
  })();
}
