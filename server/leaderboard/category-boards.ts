import type { BattleStore, ControlFigures, RatedVote } from '../../db/battle-store.ts';
import {
  BUILTIN_CATEGORIES,
  type CategoryCount,
  type CategoryKey,
  type ControlKind,
  type LeaderboardControl,
} from '../../shared/category-api.ts';
import { answerStyles, controlFiguresOf } from '../categories/answer-styles.ts';
import { battleLabels, labelKey } from '../categories/battle-labels.ts';
import { classifyPrompt, CLASSIFIER_VERSION } from '../categories/classify-prompt.ts';
import type { Logger } from '../logger.ts';
import { controlledBattles, type ControlledBattle } from '../ratings/controlled-battles.ts';
import { controlledRatings } from '../ratings/controlled-ratings.ts';
import { OnlineElo } from '../ratings/online-elo.ts';
import { speedCovariates, SPEED_COVARIATES } from '../ratings/speed-covariates.ts';
import { styleCovariates, STYLE_COVARIATES } from '../ratings/style-covariates.ts';
import { VoteTable } from '../ratings/vote-table.ts';
import { countsFor, RATINGS_MODES, type RatingsMode, type RatingsSnapshot } from './leaderboard-service.ts';
import type { ComputeRatings, RatingsSettings } from './ratings-computer.ts';

/** Battles classified, or styled, per batch of the background job: one short read and a transaction per battle, then a yield. */
const BATCH = 500;

interface Board {
  table: VoteTable;
  elo: OnlineElo;
  version: number;
  cached?: { version: number; snapshot: Omit<RatingsSnapshot, 'stale'> };
  inflight?: { version: number; done: Promise<void> };
}

const fresh = (): Board => ({ table: new VoteTable(), elo: new OnlineElo(), version: 0 });
const boardKey = (mode: RatingsMode, key: CategoryKey) => `${mode}\u0000${key}`;
const KIND_OF = { lang: 'language', tag: 'tag' } as const;

export interface CategoryBoardsDeps {
  store: BattleStore;
  compute: ComputeRatings;
  opts: RatingsSettings;
  log: Logger;
}

/**
 * Leaderboards per category, language and user tag, and the style- and
 * speed-controlled fits, kept beside the plain boards (leaderboard-service.ts)
 * and fed the same votes:
 * - a battle is classified when its turns are stored (`classify`); its labels
 *   live here in memory and in the store with the classifier's version;
 * - each counted vote is added, in O(labels), to one count table per
 *   (mode, label) it belongs to; a board's fit runs lazily as the plain
 *   board's does (same ComputeRatings, stale answer while it runs);
 * - every vote is kept with its battle's style and first-turn speed
 *   (computed from the answers when the vote arrives), for the controlled
 *   fits, which run on demand on this thread and are cached until the next
 *   vote;
 * - at start (`startBackgroundJobs`), battles never classified or classified
 *   by another CLASSIFIER_VERSION are classified again, and voted battles
 *   without a stored style get one, in batches that yield to the event loop:
 *   requests are never held up; the boards are recounted when it ends.
 */
export class CategoryBoards {
  private labels = new Map<string, CategoryKey[]>();
  /** Battles classified from their live turns since start: the background job, which read older turns, leaves them. */
  private readonly classifiedLive = new Set<string>();
  private boards = new Map<string, Board>();
  private votes: RatedVote[] = [];
  private figures = new Map<string, ControlFigures>();
  private version = 0;
  private readonly controlCache = new Map<string, { version: number; control: LeaderboardControl }>();
  private pending: Promise<void> = Promise.resolve();
  private job: Promise<void> = Promise.resolve();
  private arrivedDuringRebuild: RatedVote[] | null = null;
  private rebuilding: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Battles reclassified so far while the start-up job runs; null when it is not running. */
  reclassifying: { done: number } | null = null;

  private constructor(private readonly deps: CategoryBoardsDeps) {}

  /** Stored labels, votes and figures read once; the background job is started separately. */
  static async open(deps: CategoryBoardsDeps): Promise<CategoryBoards> {
    const boards = new CategoryBoards(deps);
    await boards.rebuild();
    return boards;
  }

  /** Rereads labels, votes and figures from the store (at start, and after a void, its reversal or an import). */
  rebuild(): Promise<void> {
    const next = this.rebuilding.then(() => this.rebuildOnce());
    this.rebuilding = next.catch(() => undefined);
    return next;
  }

  private async rebuildOnce(): Promise<void> {
    const arrived: RatedVote[] = [];
    this.arrivedDuringRebuild = arrived;
    const [stored, labels, figures] = await Promise.all([
      this.deps.store.ratedVotes(),
      this.deps.store.battleLabels(),
      this.deps.store.controlFigures(),
    ]).finally(() => (this.arrivedDuringRebuild = null));
    const read = new Set(stored.map((v) => v.battleId));
    this.votes = [...stored, ...arrived.filter((v) => !read.has(v.battleId))];
    const byBattle = new Map<string, CategoryKey[]>();
    for (const { battleId, label } of labels) {
      const list = byBattle.get(battleId);
      if (list) list.push(labelKey(label));
      else byBattle.set(battleId, [labelKey(label)]);
    }
    // Battles classified while the read ran keep their newer labels.
    for (const [id, keys] of this.labels) if (!byBattle.has(id)) byBattle.set(id, keys);
    this.labels = byBattle;
    for (const f of figures) if (!this.figures.has(f.battleId) || f.style) this.figures.set(f.battleId, f);
    this.recount();
  }

  private recount(): void {
    const boards = new Map<string, Board>();
    for (const v of this.votes) this.addToBoards(boards, v);
    this.boards = boards;
    this.version++;
  }

  private addToBoards(boards: Map<string, Board>, v: RatedVote): void {
    const keys = this.labels.get(v.battleId);
    if (!keys) return;
    for (const mode of RATINGS_MODES) {
      if (!countsFor(mode, v)) continue;
      for (const key of keys) {
        const k = boardKey(mode, key);
        let b = boards.get(k);
        if (!b) boards.set(k, (b = fresh()));
        b.table.addVote(v);
        b.elo.update(v);
        b.version++;
      }
    }
  }

  /** Classifies a battle from its user turns (call when a turn is stored); the labels are stored in the background. */
  classify(battleId: string, prompts: readonly string[]): void {
    const labels = battleLabels(classifyPrompt(prompts));
    this.labels.set(battleId, labels.map(labelKey));
    this.classifiedLive.add(battleId);
    // Writes go one after another: a follow-up's labels must not be overwritten by the first turn's landing late.
    this.pending = this.pending.then(() =>
      this.deps.store
        .saveClassification({ battleId, classifierVersion: CLASSIFIER_VERSION, labels })
        .catch((e: unknown) => this.deps.log.error(`could not store the categories of battle ${battleId}`, e)),
    );
  }

  /** Call after a vote is stored, in vote order. The battle's style is computed from its answers in the background. */
  recordVote(v: RatedVote): void {
    this.arrivedDuringRebuild?.push(v);
    this.votes.push(v);
    this.addToBoards(this.boards, v);
    this.version++;
    this.pending = this.pending.then(() =>
      this.computeStyle(v.battleId).catch((e: unknown) => this.deps.log.error(`could not store the style of battle ${v.battleId}`, e)),
    );
  }

  private async computeStyle(battleId: string): Promise<void> {
    const d = await this.deps.store.getBattle(battleId);
    if (!d) return;
    const style = answerStyles(d);
    await this.deps.store.saveAnswerStyles(battleId, style);
    this.figures.set(battleId, controlFiguresOf(d, style));
    this.version++;
  }

  /** Starts reclassification and the style backfill in the background; errors are logged, not thrown. */
  startBackgroundJobs(): void {
    // Reported as running from now on, so a request right after start says so.
    this.reclassifying ??= { done: 0 };
    // One job at a time: a second start (after an import) runs once the first has finished.
    this.job = this.job
      .then(() => this.runJobs())
      .catch((e: unknown) => {
        this.reclassifying = null;
        this.deps.log.error('reclassifying stored battles failed; boards by category may miss them until the next start', e);
      });
  }

  /** Ends the background job at its next batch and waits for what is under way (before the store closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /** Resolves once the background job and the styles of recorded votes are done. */
  async idle(): Promise<void> {
    await this.job;
    await this.pending;
  }

  private async runJobs(): Promise<void> {
    const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));
    let changed = false;
    this.reclassifying ??= { done: 0 };
    while (!this.stopped) {
      const batch = await this.deps.store.battlesToClassify(CLASSIFIER_VERSION, BATCH);
      if (batch.length === 0) break;
      let progressed = false;
      for (const b of batch) {
        if (this.classifiedLive.has(b.battleId)) continue;
        const labels = battleLabels(classifyPrompt(b.prompts));
        await this.deps.store.saveClassification({ battleId: b.battleId, classifierVersion: CLASSIFIER_VERSION, labels });
        this.labels.set(b.battleId, labels.map(labelKey));
        this.reclassifying.done++;
        changed = progressed = true;
      }
      // Only battles the arena classifies itself are left (their own writes are under way, or failed and were logged).
      if (!progressed) break;
      await yieldNow();
    }
    this.classifiedLive.clear();
    this.reclassifying = null;
    while (!this.stopped) {
      const ids = await this.deps.store.votedBattlesWithoutStyle(BATCH);
      if (ids.length === 0) break;
      for (const id of ids) await this.computeStyle(id);
      await yieldNow();
    }
    if (changed) this.recount();
  }

  /** True for a built-in category, or a language or tag some stored battle has. */
  knows(key: CategoryKey): boolean {
    if ((BUILTIN_CATEGORIES as readonly string[]).includes(key)) return true;
    for (const keys of this.labels.values()) if (keys.includes(key)) return true;
    return false;
  }

  /** Every built-in category (with 0 votes too), then languages and tags with counted votes, most first. */
  counts(mode: RatingsMode): CategoryCount[] {
    const votes = new Map<CategoryKey, number>();
    for (const [k, b] of this.boards) {
      const [m, key] = k.split('\u0000') as [RatingsMode, CategoryKey];
      if (m === mode) votes.set(key, b.table.voteCount);
    }
    const builtin = BUILTIN_CATEGORIES.map((key) => ({ key, kind: 'category' as const, value: key, votes: votes.get(key) ?? 0 }));
    const others = [...votes]
      .filter(([key]) => key.includes(':'))
      .map(([key, n]) => {
        const [prefix, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
        return { key, kind: KIND_OF[prefix as keyof typeof KIND_OF], value, votes: n };
      })
      .sort((x, y) => y.votes - x.votes || x.key.localeCompare(y.key));
    return [...builtin, ...others];
  }

  /** The plain board of one category's votes; a read while its refit runs gets the previous one, marked stale. */
  async ratings(mode: RatingsMode, key: CategoryKey): Promise<RatingsSnapshot> {
    let b = this.boards.get(boardKey(mode, key));
    if (!b) this.boards.set(boardKey(mode, key), (b = fresh()));
    if (b.cached && b.cached.version === b.version) return { ...b.cached.snapshot, stale: false };
    const job = this.refresh(b);
    if (b.cached) return { ...b.cached.snapshot, stale: true };
    await job;
    return { ...b.cached!.snapshot, stale: b.cached!.version !== b.version };
  }

  private refresh(b: Board): Promise<void> {
    if (b.inflight && b.inflight.version === b.version) return b.inflight.done;
    const version = b.version;
    const votes = b.table.voteCount;
    const done = this.deps.compute(b.table.counts(), b.elo.snapshot(), this.deps.opts).then((ratings) => {
      if (!b.cached || b.cached.version < version) b.cached = { version, snapshot: { ratings, votes, computedAt: Date.now() } };
    });
    b.inflight = { version, done };
    return done;
  }

  /**
   * The style- or speed-controlled fit of a board's votes (all of the mode's,
   * or one category's), with bootstrap intervals and the coefficients.
   * Battles without the figures (speed not measured, style not computed yet)
   * are left out and counted in `dropped`.
   */
  control(mode: RatingsMode, key: CategoryKey | null, kind: ControlKind): LeaderboardControl {
    const cacheKey = `${mode}\u0000${key ?? ''}\u0000${kind}`;
    const hit = this.controlCache.get(cacheKey);
    if (hit && hit.version === this.version) return hit.control;
    const rows: ControlledBattle[] = [];
    for (const v of this.votes) {
      if (!countsFor(mode, v)) continue;
      if (key !== null && !this.labels.get(v.battleId)?.includes(key)) continue;
      const f = this.figures.get(v.battleId);
      const covariates =
        kind === 'style' ? (f?.style ? styleCovariates(f.style.a, f.style.b) : null) : f ? speedCovariates(f.speed.a, f.speed.b) : null;
      rows.push({ modelA: v.modelA, modelB: v.modelB, choice: v.choice, covariates });
    }
    const { data, dropped } = controlledBattles(rows, kind === 'style' ? STYLE_COVARIATES : SPEED_COVARIATES);
    const { rounds, seed, provisionalVotes, anchor } = this.deps.opts;
    const fit = controlledRatings(data, {
      rounds,
      seed,
      ...(provisionalVotes !== undefined ? { provisionalVotes } : {}),
      ...(anchor !== undefined ? { anchor } : {}),
    });
    const control: LeaderboardControl = {
      kind,
      coefficients: fit.coefficients,
      models: fit.models,
      battles: fit.battles,
      dropped,
      rounds,
      converged: fit.converged,
    };
    this.controlCache.set(cacheKey, { version: this.version, control });
    return control;
  }
}
