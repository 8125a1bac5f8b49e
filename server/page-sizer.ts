import { performance } from 'node:perf_hooks';

/** How long one page of a paged read may hold the event loop (reading it and using its rows). */
export const PAGE_BUDGET_MS = 4;

/** Milliseconds the event loop has been busy since some fixed point (not idle waiting for I/O). */
export type BusyClock = () => number;

/** The process's event loop: time it was not waiting for I/O, so a database server's own time does not count. */
export const eventLoopBusy: BusyClock = () => performance.eventLoopUtilization().active;

/**
 * Rows per page for a read of every vote or battle (a recount, a backfill, a
 * board counted on demand), sized by time rather than by a fixed count. A
 * fixed page of 1,000 votes took 8–27 ms of SQLite on a slower machine at a
 * million votes (4 ms on a faster one), and each page holds the event loop
 * while it is read and counted: requests waited for it. Each page's size aims
 * at PAGE_BUDGET_MS from the busy time per row of the page before: it shrinks
 * at once after a slow page (a cold cache, a collection) and grows back at
 * most twofold per page. Busy time, not wall time: a PostgreSQL page's wait for
 * the server holds nothing, and counting it would only make more round trips.
 */
export class PageSizer {
  private size: number;
  private started: number | null = null;

  constructor(
    /** The largest page: what a read asked for before pages were sized by time. */
    private readonly max: number,
    private readonly opts: { budgetMs?: number; min?: number; initial?: number; busy?: BusyClock } = {},
  ) {
    this.size = Math.max(this.min, Math.min(max, opts.initial ?? 256));
  }

  private get min(): number {
    return Math.min(this.max, this.opts.min ?? 32);
  }

  /** The size of the next page; its time runs from here until `done`. */
  next(): number {
    this.started = (this.opts.busy ?? eventLoopBusy)();
    return this.size;
  }

  /** The page asked for by the last `next()` brought `rows` rows, and they have been used. */
  done(rows: number): void {
    if (this.started === null) return;
    const busyMs = (this.opts.busy ?? eventLoopBusy)() - this.started;
    this.started = null;
    if (rows <= 0) return;
    const budget = this.opts.budgetMs ?? PAGE_BUDGET_MS;
    // A page that took no measurable time may double; one that overran shrinks to what would have fitted.
    const fits = busyMs > 0 ? (rows * budget) / busyMs : Infinity;
    this.size = Math.max(this.min, Math.min(this.max, 2 * this.size, Math.floor(fits)));
  }
}
