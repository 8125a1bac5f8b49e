import type { Row } from './row-readers.ts';

/** A page of a scan by battle id: what is still to do among the battles looked at, and where to go on from. */
export interface ScanPage<T> {
  items: T[];
  /** The id to continue after; null once every battle after the cursor has been looked at. */
  next: string | null;
}

/** Battles looked at per query when the caller does not say: enough for a page of `limit` to do, when most are. */
export const scanFor = (limit: number) => 8 * limit;

/**
 * The ids still to do (`todo` true, or 1 on SQLite) among a window of rows in
 * id order from a query that looked at `scan` battles: at most `limit`, and
 * the cursor to go on from, the last id taken when the limit was reached,
 * else the window's last id, or null when the window was the end.
 */
export function scanPage(rows: readonly Row[], limit: number, scan: number): ScanPage<string> {
  const items: string[] = [];
  for (const r of rows) {
    if (!r.todo) continue;
    items.push(r.id as string);
    if (items.length === limit) return { items, next: r.id as string };
  }
  return { items, next: rows.length === scan ? (rows[rows.length - 1]!.id as string) : null };
}
