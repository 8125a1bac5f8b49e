import type { BattleStore, RatedVote, VoteCursor } from '../../db/battle-store.ts';
import { OnlineElo } from '../ratings/online-elo.ts';
import { VoteTable } from '../ratings/vote-table.ts';
import type { LeaderboardRatings } from '../ratings/compute-leaderboard-ratings.ts';
import type { ComputeRatings, RatingsSettings } from './ratings-computer.ts';
import type { RatingsSharing } from './ratings-sharing.ts';
import { foreground } from '../foreground.ts';
import { PageSizer } from '../page-sizer.ts';

export type RatingsMode = 'blind' | 'named' | 'all';
export const RATINGS_MODES: readonly RatingsMode[] = ['blind', 'named', 'all'];

export interface RatingsSnapshot {
  ratings: LeaderboardRatings;
  /** How many votes the snapshot was computed from. */
  votes: number;
  computedAt: number;
  /** True when newer votes exist and a recomputation is under way. */
  stale: boolean;
}

interface ModeState {
  table: VoteTable;
  elo: OnlineElo;
  version: number;
  cached?: { version: number; snapshot: Omit<RatingsSnapshot, 'stale'> };
  inflight?: { version: number; done: Promise<void> };
}

/** What a stored snapshot's `state` holds (db ratings_snapshots): the fit, the online Elo it was given, and the settings. */
interface SnapshotState {
  ratings: LeaderboardRatings;
  elo: [string, number][];
  settings: RatingsSettings;
}

/**
 * A board's fit is stored at most this often: on SQLite a write waits for its
 * fsync on the event loop, which a busy disk can make long. A start after
 * more votes than the stored fit counted recounts in the background.
 */
export const PERSIST_EVERY_MS = 30_000;

/** The most votes read per page by a recount (pages are sized by time, PageSizer): the event loop turns between pages. */
export const RECOUNT_PAGE = 1000;

function parseState(json: string): SnapshotState | null {
  try {
    const s = JSON.parse(json) as Partial<SnapshotState>;
    if (!s.ratings || !Array.isArray(s.ratings.models) || !Array.isArray(s.elo) || !s.settings) return null;
    return s as SnapshotState;
  } catch {
    return null;
  }
}

/**
 * Which votes count for ratings: only battles whose two answers both
 * finished (a provider fault says nothing about quality), no vote an admin
 * voided, and in blind ratings no battle whose answer named its own model.
 */
export function countsFor(mode: RatingsMode, v: RatedVote): boolean {
  if (!v.countsForRatings || v.voided || v.modelA === v.modelB) return false;
  if (v.mode === 'blind' && v.flagged) return false;
  return mode === 'all' || v.mode === mode;
}

/**
 * Ratings per mode, kept fast to read while votes arrive: each vote updates
 * a count table and online Elo in O(1); the fit and bootstrap run on the
 * counts elsewhere (a worker), and a read while they run gets the previous
 * result marked stale instead of waiting.
 */
export class LeaderboardService {
  private readonly modes: Record<RatingsMode, ModeState>;
  /** Votes recorded while a rebuild reads the store: the read may or may not hold them, so they are added after it unless it does. */
  private arrivedDuringRebuild: RatedVote[] | null = null;
  private rebuilding: Promise<void> = Promise.resolve();
  /** Boards whose online Elo was not restored at start: partial until a recount has read every vote, so no fit of them is stored. */
  private readonly partial = new Set<RatingsMode>();
  /** The store's voidMark() as of the counts in memory. */
  private voidMark = '';
  private changeCount = 0;
  private readonly persistedAt = new Map<RatingsMode, number>();

  /** Empty: `open` reads the stored counts and snapshot (a `rebuild` recounts the votes). */
  constructor(
    private readonly store: BattleStore,
    private readonly compute: ComputeRatings,
    private readonly opts: RatingsSettings = { rounds: 1000, seed: 42 },
    /** Several nodes: one refits and publishes, the others serve its snapshot (server/scale). */
    private readonly sharing?: RatingsSharing,
  ) {
    const fresh = (): ModeState => ({ table: new VoteTable(), elo: new OnlineElo(), version: 0 });
    this.modes = { blind: fresh(), named: fresh(), all: fresh() };
  }

  /**
   * The service as at start, without reading the votes: the count tables
   * from the stored pair counts (db vote_pair_counts, kept by the database),
   * and each board's last fit and online Elo from its stored snapshot. A
   * snapshot of other counts (votes, voids or an import since) is served
   * marked stale while a recount runs in the background.
   */
  static async open(
    store: BattleStore,
    compute: ComputeRatings,
    opts?: RatingsSettings,
    sharing?: RatingsSharing,
  ): Promise<LeaderboardService> {
    const service = new LeaderboardService(store, compute, opts, sharing);
    await service.start();
    return service;
  }

  /** Bumps on every vote counted and every rebuild: what is derived from the votes may have changed. */
  get changes(): number {
    return this.changeCount;
  }

  private async start(): Promise<void> {
    const [pairs, stored, voidMark] = await Promise.all([this.store.pairCounts(), this.store.ratingsSnapshots(), this.store.voidMark()]);
    this.voidMark = voidMark;
    for (const p of pairs) {
      const draws = p.ties + p.bothBad;
      this.modes[p.mode].table.addPair(p.modelA, p.modelB, p.winsA, p.winsB, draws);
      this.modes.all.table.addPair(p.modelA, p.modelB, p.winsA, p.winsB, draws);
    }
    for (const mode of RATINGS_MODES) {
      const st = this.modes[mode];
      st.version++;
      const row = stored.find((r) => r.mode === mode);
      const state = row ? parseState(row.state) : null;
      const current = row !== undefined && row.votes === st.table.voteCount && row.voidMark === voidMark;
      if (state && row) {
        const sameSettings = JSON.stringify(state.settings) === JSON.stringify(this.opts);
        // Served at once either way; a fit of other counts or settings is marked stale and refitted.
        st.cached = {
          version: current && sameSettings ? st.version : -1,
          snapshot: { ratings: state.ratings, votes: row.votes, computedAt: row.computedAt },
        };
        if (current) st.elo = new OnlineElo().restore(state.elo);
      }
      if (!current && st.table.voteCount > 0) this.partial.add(mode);
    }
    // Online Elo depends on the order of all the votes: only a recount restores it. Boards with a current snapshot are served as they are meanwhile.
    if (this.partial.size > 0) void this.rebuild([...this.partial]).catch(() => undefined);
  }

  /**
   * Recounts every vote from the store, a page at a time (the event loop
   * turns between pages): after a void or its reversal (a vote leaves or
   * returns, and online Elo depends on the order of all of them), after an
   * import (older votes arrive), and at a start whose snapshot is not
   * current. Until the refit lands, reads get the previous result marked
   * stale. Rebuilds run one at a time, each reading after the previous one
   * finished.
   */
  rebuild(modes: readonly RatingsMode[] = RATINGS_MODES): Promise<void> {
    this.changeCount++;
    const next = this.rebuilding.then(() => this.rebuildOnce(modes));
    this.rebuilding = next.catch(() => undefined);
    this.sharing?.rebuilding(next);
    return next;
  }

  /** Replaces only `modes`: at start, boards served from a current snapshot keep it (the recount would give the same). */
  private async rebuildOnce(modes: readonly RatingsMode[]): Promise<void> {
    const arrived: RatedVote[] = [];
    this.arrivedDuringRebuild = arrived;
    const tables = Object.fromEntries(RATINGS_MODES.map((m) => [m, { table: new VoteTable(), elo: new OnlineElo() }])) as Record<
      RatingsMode,
      Pick<ModeState, 'table' | 'elo'>
    >;
    const count = (v: RatedVote) => {
      for (const mode of RATINGS_MODES) {
        if (!countsFor(mode, v)) continue;
        tables[mode].table.addVote(v);
        tables[mode].elo.update(v);
      }
    };
    const read = new Set<string>();
    let voidMark: string;
    try {
      voidMark = await this.store.voidMark();
      const sizer = new PageSizer(RECOUNT_PAGE);
      for (let after: VoteCursor | null = null; ;) {
        const limit = sizer.next();
        const page = await this.store.ratedVotesAfter(after, limit);
        for (const v of page) {
          if (arrived.length > 0 && arrived.some((a) => a.battleId === v.battleId)) read.add(v.battleId);
          count(v);
        }
        sizer.done(page.length);
        if (page.length < limit) break;
        const last = page[page.length - 1]!;
        after = { createdAt: last.tstamp, battleId: last.battleId };
        await foreground.turn();
      }
    } finally {
      this.arrivedDuringRebuild = null;
    }
    for (const v of arrived) if (!read.has(v.battleId)) count(v);
    this.voidMark = voidMark;
    for (const mode of modes) {
      const st = this.modes[mode];
      st.table = tables[mode].table;
      st.elo = tables[mode].elo;
      st.version++;
    }
    // Every board with votes is refitted (and stored) now, not at its first read: the next start then needs no recount.
    const wasPartial = [...this.partial];
    this.partial.clear();
    for (const mode of wasPartial) void this.refresh(mode, this.modes[mode]).catch(() => undefined);
  }

  /** Call after a vote is stored; votes arrive in time order, as online Elo needs. */
  recordVote(v: RatedVote): void {
    this.arrivedDuringRebuild?.push(v);
    this.changeCount++;
    for (const mode of RATINGS_MODES) {
      if (!countsFor(mode, v)) continue;
      const st = this.modes[mode];
      st.table.addVote(v);
      st.elo.update(v);
      st.version++;
    }
  }

  /** The last computed board of a mode, without starting a refit (adaptive pairing reads it on every blind draw). */
  latest(mode: RatingsMode): RatingsSnapshot | null {
    const st = this.modes[mode];
    return st.cached ? { ...st.cached.snapshot, stale: st.cached.version !== st.version || this.partial.has(mode) } : null;
  }

  async ratings(mode: RatingsMode): Promise<RatingsSnapshot> {
    const st = this.modes[mode];
    const shared = this.sharing?.follow(mode);
    if (shared) return { ...shared, stale: shared.votes !== st.table.voteCount };
    // Until a recount has read the votes, the stored fit is as good as any: Elo in memory is partial. A fit of the
    // partial counts is stale however current its version: it was served as fresh, and a node stopped then had
    // stored no snapshot, so its next start recounted again.
    if (st.cached && this.partial.has(mode)) return { ...st.cached.snapshot, stale: true };
    if (st.cached && st.cached.version === st.version) return { ...st.cached.snapshot, stale: false };
    const job = this.refresh(mode, st);
    if (st.cached) return { ...st.cached.snapshot, stale: true };
    await job;
    return { ...st.cached!.snapshot, stale: st.cached!.version !== st.version || this.partial.has(mode) };
  }

  private refresh(mode: RatingsMode, st: ModeState): Promise<void> {
    if (st.inflight && st.inflight.version === st.version) return st.inflight.done;
    const version = st.version;
    const votes = st.table.voteCount;
    const elo = st.elo.snapshot();
    const complete = !this.partial.has(mode);
    const voidMark = this.voidMark;
    const done = this.compute(st.table.counts(), elo, this.opts).then((ratings) => {
      const computedAt = Date.now();
      if (!st.cached || st.cached.version < version) {
        st.cached = { version, snapshot: { ratings, votes, computedAt } };
        this.sharing?.computed(mode, st.cached.snapshot);
      }
      // Stored for the next start; a fit made while a recount ran holds a partial Elo and is not.
      if (complete) this.persist(mode, { ratings, elo: [...elo], settings: this.opts }, votes, voidMark, computedAt);
    });
    st.inflight = { version, done };
    return done;
  }

  private persist(mode: RatingsMode, state: SnapshotState, votes: number, voidMark: string, computedAt: number): void {
    if (computedAt - (this.persistedAt.get(mode) ?? -Infinity) < PERSIST_EVERY_MS) return;
    this.persistedAt.set(mode, computedAt);
    // The snapshot only spares the next start a recount: failing to store it loses nothing.
    this.store.saveRatingsSnapshot({ mode, computedAt, votes, voidMark, state: JSON.stringify(state) }).catch(() => undefined);
  }
}
