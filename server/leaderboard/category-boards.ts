import type { BattleClassification, BattleStore, RatedVote, VoteCursor } from '../../db/battle-store.ts';
import { BUILTIN_CATEGORIES, type CategoryCount, type CategoryKey, type ControlKind } from '../../shared/category-api.ts';
import { answerStyles } from '../categories/answer-styles.ts';
import { battleLabels, labelKey, labelOfKey } from '../categories/battle-labels.ts';
import { classifyPrompt, CLASSIFIER_VERSION } from '../categories/classify-prompt.ts';
import { languageDetectorLoaded, loadLanguageDetector } from '../categories/detect-language.ts';
import type { Logger } from '../logger.ts';
import { OnlineElo } from '../ratings/online-elo.ts';
import { VoteTable } from '../ratings/vote-table.ts';
import { inlineControlledFitter, type FitControlled } from './controlled-fitter.ts';
import { ControlledFits, type ControlAnswer } from './controlled-fits.ts';
import { countsFor, RATINGS_MODES, RECOUNT_PAGE, type RatingsMode, type RatingsSnapshot } from './leaderboard-service.ts';
import type { ComputeRatings, RatingsSettings } from './ratings-computer.ts';
import { foreground } from '../foreground.ts';
import { PageSizer } from '../page-sizer.ts';
import { nextTurn } from '../next-turn.ts';

/** Battles read per batch of the background jobs; each batch is classified, or styled, and written in slices sized by time (PageSizer). */
const BATCH = 500;
/**
 * Battles looked at per query for those batches, at most (however many of
 * them are done already): each query is sized by time (a PageSizer over the
 * battles it looks at), since one of 4,000 held the event loop 13-14 ms on
 * this session's slower machine at a million battles, about 2 ms on a faster one.
 */
const SCAN = 4000;
/** The first query's window, and the smallest: a restart finds most battles done, and a small window then moves slowly. */
const SCAN_SIZER = { initial: 1000, min: 250 };

/**
 * User tags with count tables in memory (each mode's: a table is pairs ×
 * 2 numbers plus an online Elo, ~200 kB at 100 models): the most voted ones,
 * chosen at each recount. Another tag's board is counted from the database
 * when asked for (ON_DEMAND_BOARDS of those are remembered).
 */
export const TAG_BOARDS_MAX = 32;
/** Boards of the other tags, counted from the database on request, remembered least recently read first out. */
export const ON_DEMAND_BOARDS = 8;
/** Labels of battles classified since start, kept until their vote is counted (older battles' labels are read from the store). */
export const LIVE_LABELS_MAX = 10_000;

interface Board {
  table: VoteTable;
  elo: OnlineElo;
  version: number;
  cached?: { version: number; snapshot: Omit<RatingsSnapshot, 'stale'> };
  inflight?: { version: number; done: Promise<void> };
}

/** What the boards count: built-in categories and languages always, tags while `kept` has room. */
interface Counts {
  boards: Map<string, Board>;
  /** Counted votes per (mode, label), for every label: the listing, and which tags are kept. */
  votes: Map<string, number>;
  kept: Set<CategoryKey>;
  /** Tags whose table was let go during a recount: counted from the database when asked for. */
  dropped: Set<CategoryKey>;
}

const fresh = (): Board => ({ table: new VoteTable(), elo: new OnlineElo(), version: 0 });
const emptyCounts = (): Counts => ({ boards: new Map(), votes: new Map(), kept: new Set(), dropped: new Set() });
const boardKey = (mode: RatingsMode, key: CategoryKey) => `${mode}\u0000${key}`;
const isTag = (key: CategoryKey) => key.startsWith('tag:');
const KIND_OF = { lang: 'language', tag: 'tag' } as const;
const cursorOf = (v: RatedVote): VoteCursor => ({ createdAt: v.tstamp, battleId: v.battleId });
const isAfter = (v: RatedVote, c: VoteCursor | null) =>
  c === null || v.tstamp > c.createdAt || (v.tstamp === c.createdAt && v.battleId > c.battleId);

export interface CategoryBoardsDeps {
  store: BattleStore;
  compute: ComputeRatings;
  opts: RatingsSettings;
  log: Logger;
  /** Runs a controlled fit: the server's is a worker thread (controlled-fitter.ts); default inline, for tests. */
  fitControlled?: FitControlled;
  /** Overrides TAG_BOARDS_MAX (tests). */
  tagBoards?: number;
  /** Overrides CONTROL_FIRST_WAIT_MS (tests). */
  controlFirstWaitMs?: number;
  /** Overrides CONTROL_REFIT_GAP_FACTOR (tests). */
  controlRefitGapFactor?: number;
}

/**
 * Leaderboards per category, language and user tag, and the style- and
 * speed-controlled fits, kept beside the plain boards (leaderboard-service.ts)
 * and fed the same votes. Memory is bounded by the boards, not the votes:
 * - a battle is classified when its turns are stored (`classify`); its labels
 *   are stored with the classifier's version, and kept here only until its
 *   vote is counted (at most LIVE_LABELS_MAX battles);
 * - each counted vote is added, in O(labels), to one count table per
 *   (mode, label) it belongs to: every built-in category and language, and
 *   at most TAG_BOARDS_MAX tags (other tags: only their vote count, and a
 *   table counted from the database when asked for); a board's fit runs
 *   as the plain board's does (same ComputeRatings, stale answer while it
 *   runs);
 * - the controlled fits read their votes and covariates from the database,
 *   a page at a time, in a worker thread (controlled-fitter.ts), and are
 *   remembered per board (controlled-fits.ts): a request never waits for a
 *   fit longer than CONTROL_FIRST_WAIT_MS;
 * - at start (`startBackgroundJobs`), battles never classified or classified
 *   by another CLASSIFIER_VERSION are classified again, and voted battles
 *   without a stored style get one, in batches that yield to the event loop:
 *   requests are never held up; the boards are recounted when it ends.
 */
export class CategoryBoards {
  private current: Counts = emptyCounts();
  private readonly liveLabels = new Map<string, CategoryKey[]>();
  /** Battles classified from their live turns since start: the background job, which read older turns, leaves them. */
  private readonly classifiedLive = new Set<string>();
  private readonly onDemand = new Map<string, { votes: number; board: Board; loading?: Promise<void> }>();
  private readonly fits: ControlledFits;
  private readonly tagBoards: number;
  private version = 0;
  private pending: Promise<void> = Promise.resolve();
  /** Live classifications waiting for the language detector to load, in call order. */
  private deferred: Promise<void> = Promise.resolve();
  /** Live votes are counted one after another (a vote whose labels must be read waits for the ones before it). */
  private counting: Promise<void> = Promise.resolve();
  private job: Promise<void> = Promise.resolve();
  private arrivedDuringRebuild: RatedVote[] | null = null;
  private rebuilding: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Battles reclassified so far while the start-up job runs; null when it is not running. */
  reclassifying: { done: number } | null = null;

  private constructor(private readonly deps: CategoryBoardsDeps) {
    this.tagBoards = Math.max(0, deps.tagBoards ?? TAG_BOARDS_MAX);
    this.fits = new ControlledFits(deps.fitControlled ?? inlineControlledFitter(deps.store, deps.opts), {
      ...(deps.controlFirstWaitMs !== undefined ? { firstWaitMs: deps.controlFirstWaitMs } : {}),
      ...(deps.controlRefitGapFactor !== undefined ? { refitGapFactor: deps.controlRefitGapFactor } : {}),
      onError: (r, e) => deps.log.error(`the ${r.kind}-controlled fit of ${r.mode} ${r.category ?? 'all'} failed`, e),
    });
  }

  /** The stored votes and labels counted, a page at a time; the background job is started separately. */
  static async open(deps: CategoryBoardsDeps): Promise<CategoryBoards> {
    const boards = CategoryBoards.start(deps);
    await boards.firstCount;
    return boards;
  }

  /**
   * The boards, at once, with the first count running in the background: at
   * a million votes it pages through every vote for seconds, and the server
   * should answer (health, the plain board from its snapshot) meanwhile. Until
   * it is done the category routes ask the caller to come back (counted()).
   */
  static start(deps: CategoryBoardsDeps): CategoryBoards {
    const boards = new CategoryBoards(deps);
    boards.firstCount = boards.rebuild().then(
      () => {
        boards.firstCountProgress = null;
      },
      (e: unknown) => {
        boards.firstCountProgress = null;
        deps.log.error('counting the stored votes by category failed; category boards are empty until the next recount', e);
      },
    );
    return boards;
  }

  private firstCount: Promise<void> = Promise.resolve();
  /** Votes read so far by the first count since start; null once it is done. */
  private firstCountProgress: { votes: number } | null = { votes: 0 };

  /**
   * Waits up to `waitMs` for the first count since start: true once the
   * boards hold every stored vote, false with how many were read so far.
   */
  async counted(waitMs: number): Promise<{ done: true } | { done: false; votesRead: number }> {
    if (this.firstCountProgress === null) return { done: true };
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.firstCount, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
    return this.firstCountProgress === null ? { done: true } : { done: false, votesRead: this.firstCountProgress.votes };
  }

  /** Recounts from the store (at start, after reclassifying, and after a void, its reversal or an import). */
  rebuild(): Promise<void> {
    const next = this.rebuilding.then(() => this.rebuildOnce());
    this.rebuilding = next.catch(() => undefined);
    return next;
  }

  private async rebuildOnce(): Promise<void> {
    const arrived: RatedVote[] = [];
    this.arrivedDuringRebuild = arrived;
    const next = emptyCounts();
    // While counting, up to twice the cap of tags have tables; past that the least voted so far are let go.
    const roomy = Math.max(1, 2 * this.tagBoards);
    let last: VoteCursor | null = null;
    try {
      const sizer = new PageSizer(RECOUNT_PAGE);
      for (;;) {
        const limit = sizer.next();
        const page = await this.deps.store.ratedVotesAfter(last, limit);
        const labels = await this.storedLabels(page.map((v) => v.battleId));
        for (const v of page) this.count(next, v, labels.get(v.battleId) ?? [], roomy, true);
        sizer.done(page.length);
        if (this.firstCountProgress) this.firstCountProgress.votes += page.length;
        if (page.length > 0) last = cursorOf(page[page.length - 1]!);
        if (page.length < limit) break;
        await foreground.turn();
        // Stopping (the store is about to close): the counts of now stay as they are.
        if (this.stopped) return;
      }
      // Votes recorded while the pages were read, after the last one read: counted here too.
      for (let seen = 0; seen < arrived.length;) {
        const missed = arrived.slice(seen).filter((v) => isAfter(v, last));
        seen = arrived.length;
        const labels = await this.labelsFor(missed.map((v) => v.battleId));
        for (const v of missed) this.count(next, v, labels.get(v.battleId) ?? [], roomy, true);
      }
    } finally {
      this.arrivedDuringRebuild = null;
    }
    this.prune(next, this.tagBoards);
    this.current = next;
    this.onDemand.clear();
    this.version++;
  }

  /** Lets go of the tables of all but the `keep` most voted tags. */
  private prune(c: Counts, keep: number): void {
    if (c.kept.size <= keep) return;
    const ranked = [...c.kept].sort((x, y) => (c.votes.get(boardKey('all', y)) ?? 0) - (c.votes.get(boardKey('all', x)) ?? 0));
    for (const tag of ranked.slice(keep)) {
      c.kept.delete(tag);
      c.dropped.add(tag);
      for (const mode of RATINGS_MODES) c.boards.delete(boardKey(mode, tag));
    }
  }

  /**
   * Adds a vote to the counts. A tag gets a table when it first gets a vote
   * and there is room (a tag seen before without one has missed votes): at
   * most `tagRoom`; a recount (`recounting`) makes room by letting go of the
   * least voted half, so that the tags kept in the end are about the most
   * voted (exactly so with up to twice TAG_BOARDS_MAX tags).
   */
  private count(c: Counts, v: RatedVote, keys: readonly CategoryKey[], tagRoom: number, recounting = false): void {
    for (const key of keys) {
      if (isTag(key) && !c.kept.has(key) && !c.dropped.has(key) && !c.votes.has(boardKey('all', key))) {
        if (recounting && c.kept.size >= tagRoom) this.prune(c, Math.floor(tagRoom / 2));
        if (c.kept.size < tagRoom) c.kept.add(key);
        else c.dropped.add(key);
      }
    }
    for (const mode of RATINGS_MODES) {
      if (!countsFor(mode, v)) continue;
      for (const key of keys) {
        const k = boardKey(mode, key);
        c.votes.set(k, (c.votes.get(k) ?? 0) + 1);
        if (isTag(key) && !c.kept.has(key)) continue;
        let b = c.boards.get(k);
        if (!b) c.boards.set(k, (b = fresh()));
        b.table.addVote(v);
        b.elo.update(v);
        b.version++;
      }
    }
  }

  /** Labels per battle as stored (one query per page of battles). */
  private async storedLabels(ids: readonly string[]): Promise<Map<string, CategoryKey[]>> {
    const by = new Map<string, CategoryKey[]>();
    for (const { battleId, label } of await this.deps.store.labelsOf(ids)) {
      const list = by.get(battleId);
      if (list) list.push(labelKey(label));
      else by.set(battleId, [labelKey(label)]);
    }
    return by;
  }

  /** Labels per battle: those classified live (newer than the store's while its write is under way), else the stored ones. */
  private async labelsFor(ids: readonly string[]): Promise<Map<string, CategoryKey[]>> {
    const by = new Map<string, CategoryKey[]>();
    const unknown: string[] = [];
    for (const id of ids) {
      const live = this.liveLabels.get(id);
      if (live) by.set(id, live);
      else unknown.push(id);
    }
    if (unknown.length > 0) for (const [id, keys] of await this.storedLabels(unknown)) by.set(id, keys);
    return by;
  }

  /** Classifies a battle from its user turns (call when a turn is stored); the labels are stored in the background. */
  classify(battleId: string, prompts: readonly string[]): void {
    if (!languageDetectorLoaded()) {
      // The server loads the detector before it listens (warm-classifier.ts); boards used without it (tests, tools)
      // give a battle classified first its labels once the detector has loaded, in call order. Marked now, so that
      // the background job leaves it alone meanwhile.
      this.classifiedLive.add(battleId);
      this.deferred = this.deferred
        .then(() => loadLanguageDetector())
        .then(() => this.classify(battleId, prompts))
        .catch((e: unknown) => this.deps.log.error(`could not classify battle ${battleId}`, e));
      return;
    }
    const labels = battleLabels(classifyPrompt(prompts));
    this.liveLabels.delete(battleId);
    this.liveLabels.set(battleId, labels.map(labelKey));
    if (this.liveLabels.size > LIVE_LABELS_MAX) this.liveLabels.delete(this.liveLabels.keys().next().value!);
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
    // Counted into the boards of now: a recount under way counts it itself.
    const target = this.current;
    const live = this.liveLabels.get(v.battleId);
    this.counting = this.counting
      .then(async () => {
        // A classification waiting for the language detector lands first.
        await this.deferred;
        const keys = live ?? this.liveLabels.get(v.battleId) ?? (await this.storedLabels([v.battleId])).get(v.battleId) ?? [];
        this.liveLabels.delete(v.battleId);
        this.count(target, v, keys, this.tagBoards);
        this.version++;
      })
      .catch((e: unknown) => this.deps.log.error(`could not count the vote of battle ${v.battleId} by category`, e));
    this.pending = this.pending.then(() =>
      this.computeStyle(v.battleId).catch((e: unknown) => this.deps.log.error(`could not store the style of battle ${v.battleId}`, e)),
    );
  }

  private async computeStyle(battleId: string): Promise<void> {
    const d = await this.deps.store.getBattle(battleId);
    if (!d) return;
    await this.deps.store.saveAnswerStyles(battleId, answerStyles(d));
    // The controlled fits read styles from the store: theirs are out of date.
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
    await this.rebuilding;
  }

  /** Resolves once the background job, the counting and the styles of recorded votes are done. */
  async idle(): Promise<void> {
    await this.job;
    await this.deferred;
    await this.counting;
    await this.pending;
  }

  private async runJobs(): Promise<void> {
    let changed = false;
    this.reclassifying ??= { done: 0 };
    // One pass in id order: a battle left (classified live meanwhile, or its write failed and was logged) is not asked again.
    let after = '';
    // The first slices start small: the first classifications after a start compile the classifiers' patterns (a
    // first slice of 256 battles held the event loop 210 ms at a million battles).
    const sizer = new PageSizer(BATCH, { initial: 8, min: 4 });
    const scanSizer = new PageSizer(SCAN, SCAN_SIZER);
    while (!this.stopped) {
      // A window of battles looked at per query, however many are done (a restart finds most of them done).
      const scan = scanSizer.next();
      const { items: batch, next } = await this.deps.store.battlesToClassify(CLASSIFIER_VERSION, BATCH, after, scan);
      scanSizer.done(scan);
      // The query is a slice of its own: SQLite's answers come within the same turn of the event loop, and the query
      // and the first slice of classifying and writing after it held the loop 14 ms at a million battles.
      await foreground.turn();
      if (batch.length > 0) await loadLanguageDetector();
      // A slice of the batch is classified, then written in one transaction, then the event loop gets a turn: at
      // a million imported battles one commit per battle, with no turn between them, held requests for minutes. A
      // slice is sized by the time of both (the write took longer than the classifying it followed).
      for (let from = 0; from < batch.length && !this.stopped;) {
        const slice = batch.slice(from, from + sizer.next());
        from += slice.length;
        const done: BattleClassification[] = [];
        for (const b of slice) {
          if (this.classifiedLive.has(b.battleId)) continue;
          done.push({ battleId: b.battleId, classifierVersion: CLASSIFIER_VERSION, labels: battleLabels(classifyPrompt(b.prompts)) });
        }
        if (done.length > 0) await this.deps.store.saveClassifications(done);
        sizer.done(slice.length);
        this.reclassifying.done += done.length;
        if (done.length > 0) changed = true;
        await foreground.turn();
      }
      if (next === null) break;
      after = next;
    }
    this.classifiedLive.clear();
    this.reclassifying = null;
    let afterStyled = '';
    const styleSizer = new PageSizer(BATCH, { initial: 8, min: 4 });
    const styleScanSizer = new PageSizer(SCAN, SCAN_SIZER);
    while (!this.stopped) {
      const styleScan = styleScanSizer.next();
      const { items: ids, next } = await this.deps.store.votedBattlesWithoutStyle(BATCH, afterStyled, styleScan);
      styleScanSizer.done(styleScan);
      await foreground.turn();
      for (let from = 0; from < ids.length && !this.stopped;) {
        const slice = ids.slice(from, from + styleSizer.next());
        from += slice.length;
        const styles: { battleId: string; styles: ReturnType<typeof answerStyles> }[] = [];
        for (const id of slice) {
          const d = await this.deps.store.getBattle(id);
          if (d) styles.push({ battleId: id, styles: answerStyles(d) });
        }
        if (styles.length > 0) {
          await this.deps.store.saveManyAnswerStyles(styles);
          // The controlled fits read styles from the store: theirs are out of date (a slice that stored nothing changed nothing).
          this.version++;
        }
        styleSizer.done(slice.length);
        await foreground.turn();
      }
      if (next === null) break;
      afterStyled = next;
    }
    if (changed && !this.stopped) await this.rebuild();
  }

  /** True for a built-in category, or a language or tag of a counted vote or of a battle classified since start. */
  knows(key: CategoryKey): boolean {
    if ((BUILTIN_CATEGORIES as readonly string[]).includes(key)) return true;
    if (RATINGS_MODES.some((m) => this.current.votes.has(boardKey(m, key)))) return true;
    for (const keys of this.liveLabels.values()) if (keys.includes(key)) return true;
    return false;
  }

  /** Every built-in category (with 0 votes too), then languages and tags with counted votes, most first. */
  counts(mode: RatingsMode): CategoryCount[] {
    const votes = new Map<CategoryKey, number>();
    for (const [k, n] of this.current.votes) {
      const [m, key] = k.split('\u0000') as [RatingsMode, CategoryKey];
      if (m === mode) votes.set(key, n);
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

  /** Tags with count tables in memory now (at most TAG_BOARDS_MAX), and boards counted from the database on request. */
  get memory(): { tagBoards: number; onDemandBoards: number; liveLabels: number; controlledFits: number } {
    return {
      tagBoards: this.current.kept.size,
      onDemandBoards: this.onDemand.size,
      liveLabels: this.liveLabels.size,
      controlledFits: this.fits.size,
    };
  }

  /** The plain board of one category's votes; a read while its refit runs gets the previous one, marked stale. */
  async ratings(mode: RatingsMode, key: CategoryKey): Promise<RatingsSnapshot> {
    const c = this.current;
    const k = boardKey(mode, key);
    let b = c.boards.get(k);
    if (!b) {
      if (isTag(key) && !c.kept.has(key)) return this.onDemandRatings(mode, key);
      c.boards.set(k, (b = fresh()));
    }
    return this.boardRatings(b);
  }

  private async boardRatings(b: Board): Promise<RatingsSnapshot> {
    if (b.cached && b.cached.version === b.version) return { ...b.cached.snapshot, stale: false };
    const job = this.refresh(b);
    if (b.cached) return { ...b.cached.snapshot, stale: true };
    await job;
    return { ...b.cached!.snapshot, stale: b.cached!.version !== b.version };
  }

  /**
   * A tag without a table in memory: its votes counted from the database, a
   * page at a time, and remembered (ON_DEMAND_BOARDS of them). When its vote
   * count has moved since, the board is served stale and counted again.
   */
  private async onDemandRatings(mode: RatingsMode, key: CategoryKey): Promise<RatingsSnapshot> {
    const k = boardKey(mode, key);
    const votes = this.current.votes.get(k) ?? 0;
    let e = this.onDemand.get(k);
    if (e) {
      this.onDemand.delete(k);
      this.onDemand.set(k, e);
    }
    if (!e || (e.votes !== votes && !e.loading)) {
      const entry: { votes: number; board: Board; loading?: Promise<void> } = e ?? { votes: -1, board: fresh() };
      entry.loading = this.countFromStore(mode, key).then(
        (board) => {
          entry.board = board;
          entry.votes = votes;
          delete entry.loading;
        },
        (err: unknown) => {
          delete entry.loading;
          throw err;
        },
      );
      if (!e) {
        e = entry;
        this.onDemand.set(k, e);
        while (this.onDemand.size > ON_DEMAND_BOARDS) this.onDemand.delete(this.onDemand.keys().next().value!);
      } else void entry.loading.catch((err: unknown) => this.deps.log.error(`could not count the board of ${key}`, err));
    }
    if (e.votes < 0) await e.loading;
    const snap = await this.boardRatings(e.board);
    return { ...snap, stale: snap.stale || e.votes !== votes };
  }

  private async countFromStore(mode: RatingsMode, key: CategoryKey): Promise<Board> {
    const board = fresh();
    const label = labelOfKey(key);
    let after: VoteCursor | null = null;
    const sizer = new PageSizer(RECOUNT_PAGE);
    for (;;) {
      const limit = sizer.next();
      const page = await this.deps.store.controlRowsAfter(after, limit, label);
      for (const v of page) {
        if (!countsFor(mode, v)) continue;
        board.table.addVote(v);
        board.elo.update(v);
        board.version++;
      }
      sizer.done(page.length);
      if (page.length < limit) return board;
      after = cursorOf(page[page.length - 1]!);
      // A request waits for this board: its pages go at full speed, with only a turn of the event loop between them.
      await nextTurn();
    }
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
   * or one category's), with bootstrap intervals and the coefficients, as
   * last fitted (controlled-fits.ts): 'stale' while a refit runs, 'fitting'
   * when there is none yet.
   */
  control(mode: RatingsMode, key: CategoryKey | null, kind: ControlKind): Promise<ControlAnswer> {
    return this.fits.get({ mode, category: key, kind }, this.version);
  }
}
