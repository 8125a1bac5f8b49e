import type { BattleStore, RatedVote } from '../../db/battle-store.ts';

/**
 * The rating history on a model page is refitted from at most this many of
 * the latest votes: a board refit needs every model's votes up to each cut,
 * and reading them all per request blocked the server for seconds at a
 * million votes. Up to this many votes the history is exact; beyond, it
 * covers the latest ones only, and the page says so.
 */
export const HISTORY_VOTE_LIMIT = 20_000;
/** The window is read again when votes changed and it is older than this (the history may lag new votes by this long). */
export const HISTORY_TTL_MS = 30_000;

export interface HistoryWindow {
  /** Oldest first. */
  votes: RatedVote[];
  /** False when older votes exist than the window holds. */
  complete: boolean;
}

/**
 * The latest HISTORY_VOTE_LIMIT votes, read through the votes' time index
 * (a bounded range from the end) and shared by every model page until votes
 * change and HISTORY_TTL_MS passes.
 */
export class HistoryVotes {
  private entry: { at: number; changes: number; window: HistoryWindow } | null = null;
  private reading: Promise<HistoryWindow> | null = null;

  constructor(
    private readonly store: BattleStore,
    /** Bumps whenever votes change (LeaderboardService.changes). */
    private readonly changes: () => number,
    private readonly limit = HISTORY_VOTE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  window(): Promise<HistoryWindow> {
    const e = this.entry;
    if (e && (e.changes === this.changes() || this.now() - e.at < HISTORY_TTL_MS)) return Promise.resolve(e.window);
    // One read at a time: pages asked for while it runs share it.
    this.reading ??= this.read().finally(() => (this.reading = null));
    return this.reading;
  }

  private async read(): Promise<HistoryWindow> {
    const changes = this.changes();
    const at = this.now();
    // One more than the limit tells whether older votes were left out.
    const newest = await this.store.latestRatedVotes(this.limit + 1);
    const window = { votes: newest.slice(0, this.limit).reverse(), complete: newest.length <= this.limit };
    this.entry = { at, changes, window };
    return window;
  }
}
