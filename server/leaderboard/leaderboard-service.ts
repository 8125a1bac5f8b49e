import type { BattleStore, RatedVote } from '../../db/battle-store.ts';
import { OnlineElo } from '../ratings/online-elo.ts';
import { VoteTable } from '../ratings/vote-table.ts';
import type { LeaderboardRatings } from '../ratings/compute-leaderboard-ratings.ts';
import type { ComputeRatings, RatingsSettings } from './ratings-computer.ts';
import type { RatingsSharing } from './ratings-sharing.ts';

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

  /** Empty: `open` (or a `rebuild`) reads the stored votes. */
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

  /** The service with every stored vote counted, as at start. */
  static async open(
    store: BattleStore,
    compute: ComputeRatings,
    opts?: RatingsSettings,
    sharing?: RatingsSharing,
  ): Promise<LeaderboardService> {
    const service = new LeaderboardService(store, compute, opts, sharing);
    await service.rebuild();
    return service;
  }

  /**
   * Recounts every vote from the store: after a void or its reversal (a vote
   * leaves or returns, and online Elo depends on the order of all of them),
   * and after an import (older votes arrive). O(votes), as at start. Until the
   * refit lands, reads get the previous result marked stale. Rebuilds run one
   * at a time, each reading after the previous one finished.
   */
  rebuild(): Promise<void> {
    const next = this.rebuilding.then(() => this.rebuildOnce());
    this.rebuilding = next.catch(() => undefined);
    this.sharing?.rebuilding(next);
    return next;
  }

  private async rebuildOnce(): Promise<void> {
    const arrived: RatedVote[] = [];
    this.arrivedDuringRebuild = arrived;
    const stored = await this.store.ratedVotes().finally(() => (this.arrivedDuringRebuild = null));
    const read = new Set(stored.map((v) => v.battleId));
    const votes = [...stored, ...arrived.filter((v) => !read.has(v.battleId))];
    const tables = Object.fromEntries(RATINGS_MODES.map((m) => [m, { table: new VoteTable(), elo: new OnlineElo() }])) as Record<
      RatingsMode,
      Pick<ModeState, 'table' | 'elo'>
    >;
    for (const v of votes) {
      for (const mode of RATINGS_MODES) {
        if (!countsFor(mode, v)) continue;
        tables[mode].table.addVote(v);
        tables[mode].elo.update(v);
      }
    }
    for (const mode of RATINGS_MODES) {
      const st = this.modes[mode];
      st.table = tables[mode].table;
      st.elo = tables[mode].elo;
      st.version++;
    }
  }

  /** Call after a vote is stored; votes arrive in time order, as online Elo needs. */
  recordVote(v: RatedVote): void {
    this.arrivedDuringRebuild?.push(v);
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
    return st.cached ? { ...st.cached.snapshot, stale: st.cached.version !== st.version } : null;
  }

  async ratings(mode: RatingsMode): Promise<RatingsSnapshot> {
    const st = this.modes[mode];
    const shared = this.sharing?.follow(mode);
    if (shared) return { ...shared, stale: shared.votes !== st.table.voteCount };
    if (st.cached && st.cached.version === st.version) return { ...st.cached.snapshot, stale: false };
    const job = this.refresh(mode, st);
    if (st.cached) return { ...st.cached.snapshot, stale: true };
    await job;
    return { ...st.cached!.snapshot, stale: st.cached!.version !== st.version };
  }

  private refresh(mode: RatingsMode, st: ModeState): Promise<void> {
    if (st.inflight && st.inflight.version === st.version) return st.inflight.done;
    const version = st.version;
    const votes = st.table.voteCount;
    const done = this.compute(st.table.counts(), st.elo.snapshot(), this.opts).then((ratings) => {
      if (!st.cached || st.cached.version < version) {
        st.cached = { version, snapshot: { ratings, votes, computedAt: Date.now() } };
        this.sharing?.computed(mode, st.cached.snapshot);
      }
    });
    st.inflight = { version, done };
    return done;
  }
}
