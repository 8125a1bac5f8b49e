import type { BattleMode, BattleSettings, Side, SideStatus, VoteChoice } from '../shared/protocol.ts';
import type { SideMetrics } from '../shared/metrics.ts';
import type { FinishReason } from '../shared/usage.ts';
import type { ProviderError } from '../shared/provider-error.ts';
import type { ScanPage } from './scan-window.ts';

export interface BattleRecord {
  id: string;
  sessionHash: string;
  mode: BattleMode;
  modelA: string;
  modelB: string;
  createdAt: number;
  flagged: string | null;
  /** Per-side settings of a named battle; absent for none. */
  settings?: BattleSettings;
}

/** One battle as a list of past battles shows it. */
export interface BattleSummaryRecord {
  battle: BattleRecord;
  firstPrompt: string;
  turns: number;
  vote: VoteRecord | null;
  shared: boolean;
}

export interface ResponseRecord {
  battleId: string;
  turn: number;
  side: Side;
  modelId: string;
  text: string;
  status: SideStatus;
  finishReason: FinishReason | null;
  error: ProviderError | null;
  metrics: SideMetrics;
  endedAt: number;
}

export interface VoteRecord {
  battleId: string;
  choice: VoteChoice;
  sessionHash: string;
  createdAt: number;
  decisionMs: number | null;
  countsForRatings: boolean;
  /** The signed-in voter; null for anonymous and local votes and for votes stored before sign-in existed. */
  userId?: string | null;
  /** Keyed hash of the voter's address (never the address). */
  addressHash?: string | null;
  /** Keyed hashes of the address's network prefixes, so a range can be voided (server/moderation/ip-prefix.ts). */
  addressPrefixes?: readonly { bits: number; hash: string }[];
}

/** A vote's moderation mark: the earliest void covering it that was not reversed. */
export interface VoidMark {
  reason: string;
  /** When the void was made (Unix ms). */
  at: number;
}

export interface TurnRecord {
  battleId: string;
  turn: number;
  prompt: string;
  createdAt: number;
}

export interface BattleWithDetails {
  battle: BattleRecord;
  turns: TurnRecord[];
  responses: ResponseRecord[];
  vote: VoteRecord | null;
  /** Set when the vote is voided (absent: not known to be). */
  voided?: VoidMark | null;
}

/** A whole battle as an import writes it: with its vote, since only voted battles are exchanged. */
export interface ImportedBattle {
  battle: BattleRecord;
  turns: TurnRecord[];
  responses: ResponseRecord[];
  vote: VoteRecord;
  voided?: VoidMark | null;
}

/** A vote joined with its battle: what ratings and exports read. */
export interface RatedVote {
  battleId: string;
  mode: BattleMode;
  modelA: string;
  modelB: string;
  choice: VoteChoice;
  tstamp: number;
  countsForRatings: boolean;
  flagged: string | null;
  /** An admin voided it (and did not reverse that): it counts for nothing. */
  voided?: boolean;
}

/** Where a vote stands in vote order. */
export interface VoteCursor {
  battleId: string;
  createdAt: number;
}

export interface MeasuredFigures {
  modelId: string;
  ttftMs: number | null;
  tokensPerSecond: number | null;
  costUsd: number | null;
}

/** Tokens in and out summed over one model's finished answers whose counts are known. */
export interface TokenTotals {
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  answers: number;
}

/** One thing a battle is about: a category, its language or a user's #tag (server/categories). */
export interface BattleLabel {
  kind: 'category' | 'language' | 'tag';
  value: string;
}

/** A battle's labels as the classifier of `classifierVersion` decided them. */
export interface BattleClassification {
  battleId: string;
  classifierVersion: number;
  labels: readonly BattleLabel[];
}

/** A battle whose labels are missing or were decided by another classifier version, with its prompts in turn order. */
export interface BattleToClassify {
  battleId: string;
  prompts: string[];
}

/** The markdown style of one side's answers, summed over the turns (server/ratings/extract-style-features.ts). */
export interface AnswerStyle {
  length: number;
  headers: number;
  listItems: number;
  bold: number;
}

/** What the controlled fits need of one voted battle: each side's style (null until computed) and first-turn speed. */
export interface ControlFigures {
  battleId: string;
  style: { a: AnswerStyle; b: AnswerStyle } | null;
  speed: { a: { ttftMs: number | null; tokensPerSecond: number | null }; b: { ttftMs: number | null; tokensPerSecond: number | null } };
}

/** A vote with its battle and its figures: one row of a controlled fit, before the mode's filter and the covariates. */
export interface ControlRow extends RatedVote {
  style: ControlFigures['style'];
  speed: ControlFigures['speed'];
}

/** One finished answer's figures with its time, for the speed and cost charts. */
export interface AnswerSample {
  modelId: string;
  endedAt: number;
  ttftMs: number | null;
  tokensPerSecond: number | null;
  costUsd: number | null;
}

/**
 * The counted votes of one battle mode between two models, as the battles
 * seated them (model A on side A): what vote_pair_counts keeps up to date
 * in the transaction of every vote, void, reversal and flag, so boards and
 * head-to-heads read counts instead of votes. A vote counts as `countsFor`
 * in server/leaderboard/leaderboard-service.ts says.
 */
export interface PairCountRow {
  mode: BattleMode;
  modelA: string;
  modelB: string;
  winsA: number;
  winsB: number;
  ties: number;
  bothBad: number;
}

/** The last ratings fit of one board as stored: `state` is the leaderboard service's own JSON. */
export interface StoredRatingsSnapshot {
  mode: 'blind' | 'named' | 'all';
  computedAt: number;
  /** Votes counted in it. */
  votes: number;
  /** voidMark() when it was computed: a void or reversal since means its online Elo needs a recount. */
  voidMark: string;
  state: string;
}

/** The battle already has a vote: the database's one-vote-per-battle constraint refused a second. */
export class AlreadyVotedError extends Error {
  override name = 'AlreadyVotedError';
}

/**
 * Battles, turns, answers and votes. Every method is asynchronous so that a
 * network database can stand behind it; each write resolves only once it is
 * durable (committed), and a method that writes several rows writes all of
 * them or none. Failures of the storage itself reject with the driver's error
 * (server/arena/storage-error.ts tells them apart from bugs).
 */
export interface BattleStore {
  /** The battle and its first turn, in one transaction. */
  createBattle(b: BattleRecord, firstPrompt: string): Promise<void>;
  addTurn(t: TurnRecord): Promise<void>;
  /** Stores (or overwrites) the answer of one side of one turn. */
  saveResponse(r: ResponseRecord): Promise<void>;
  /**
   * Stores a retried side's new answer in place of the old one, which is kept
   * whole first: a retry replaces what the battle shows, never what was
   * recorded. Both or neither.
   */
  replaceResponse(r: ResponseRecord, replacedAt: number): Promise<void>;
  /** Answers a retry replaced, oldest first. */
  replacedResponses(battleId: string): Promise<ResponseRecord[]>;
  /** Every answer's figures, text left out, including answers a retry replaced. */
  answerMetrics(battleId: string): Promise<{ side: Side; metrics: SideMetrics }[]>;
  /** Sets the first reason a battle is flagged; a later reason leaves the first. */
  flagBattle(battleId: string, reason: string): Promise<void>;
  /**
   * Records the vote with its address prefixes, in one transaction; resolves
   * with the vote's id once committed. Rejects with AlreadyVotedError when the
   * battle has a vote: the database's constraint is the final word.
   */
  recordVote(v: VoteRecord): Promise<number>;
  /** The battle's own row, without its turns and answers: who owns it, which models. */
  getBattleRecord(id: string): Promise<BattleRecord | null>;
  getBattle(id: string): Promise<BattleWithDetails | null>;
  /** A session's battles, newest first, `limit` at a time after the (createdAt, id) cursor. */
  sessionBattles(sessionHash: string, limit: number, before?: { createdAt: number; id: string }): Promise<BattleSummaryRecord[]>;
  /** Sets (or, with null, removes) the hash of a battle's read-only share link. */
  setShareHash(battleId: string, hash: string | null): Promise<void>;
  isShared(battleId: string): Promise<boolean>;
  battleIdByShareHash(hash: string): Promise<string | null>;
  /**
   * One page of voted battles in vote order (the clean-battle `tstamp` order),
   * after `after` (the last of the previous page). Vote times survive an
   * export and import where start times do not, so exports of the original and
   * of its copy list battles in the same order. Paged rather than iterated:
   * nothing stays open between the reads of a streamed export.
   */
  votedBattlesAfter(after: VoteCursor | null, mode: BattleMode | 'all', limit: number): Promise<VoteCursor[]>;
  /**
   * Writes a whole imported battle, or nothing; 'duplicate' (and nothing
   * written) when a battle with its id exists, decided by the database so two
   * imports of one file at once cannot both write it. A vote exported as
   * voided comes back voided, by a void of its own (admin "import").
   */
  importBattle(d: ImportedBattle): Promise<'imported' | 'duplicate'>;
  /**
   * Writes a batch of imported battles in one transaction, each as
   * importBattle would (a battle already stored, or earlier in the batch, is
   * a 'duplicate'); the outcomes in batch order. All or nothing: a storage
   * failure writes none of the batch.
   */
  importBattles(batch: readonly ImportedBattle[]): Promise<('imported' | 'duplicate')[]>;
  /**
   * After an import: brings the query planner's statistics up to date with
   * the rows just written. Until then PostgreSQL plans for the tables as they
   * were (a million imported battles planned as none made the latest answers
   * of a model a scan of all its answers, half a second a model). SQLite
   * plans from its indexes and needs nothing.
   */
  refreshPlannerStatistics(): Promise<void>;
  /**
   * Runs a bulk import (`run` writes with importBattles). Into a database
   * without battles, the secondary indexes of the tables it fills are built
   * once at the end, sorted, instead of row by row, and the vote trigger's
   * pair counts counted once, whether `run` succeeds or fails, and by the
   * next open if the process dies first (db/sqlite/deferred-indexes.ts;
   * PostgreSQL also the foreign keys among those tables:
   * db/postgres/pg-deferred-constraints.ts).
   */
  bulkImport<T>(run: () => Promise<T>): Promise<T>;
  /** Every vote with its battle's models, in vote order. O(votes): never on a request path. */
  ratedVotes(): Promise<RatedVote[]>;
  /**
   * One page of votes with their battles' models, in (vote time, battle id)
   * order after `after`: a recount reads the votes this way, a page at a time.
   */
  ratedVotesAfter(after: VoteCursor | null, limit: number): Promise<RatedVote[]>;
  /** The latest `limit` votes, newest first, as ratedVotes gives them: an index range from the end, never every vote. */
  latestRatedVotes(limit: number): Promise<RatedVote[]>;
  /** The stored pair counts; with a model, only the pairs it is in (bounded by the number of models). */
  pairCounts(modelId?: string): Promise<PairCountRow[]>;
  /** Changes whenever a void is made or reversed (cheap: the voids, not the votes). */
  voidMark(): Promise<string>;
  ratingsSnapshots(): Promise<StoredRatingsSnapshot[]>;
  saveRatingsSnapshot(s: StoredRatingsSnapshot): Promise<void>;
  /** Measured figures of the model's latest `limit` finished answers, newest first (an index range, not every answer). */
  recentMeasuredFigures(modelId: string, limit: number): Promise<MeasuredFigures[]>;
  finishedResponses(modelId?: string): Promise<ResponseRecord[]>;
  /** Measured figures of every finished answer, without the text. */
  measuredFigures(): Promise<MeasuredFigures[]>;
  /**
   * Input and output tokens over the finished answers of these models (both
   * counts known, at least one output token): the input:output mix this
   * arena actually sends and gets back.
   */
  tokenTotals(modelIds: readonly string[]): Promise<TokenTotals[]>;
  /** Replaces the battle's labels and records the classifier version that decided them, in one transaction. */
  saveClassification(c: BattleClassification): Promise<void>;
  /** saveClassification for many battles in one transaction (the background reclassification: one commit a slice, not a battle). */
  saveClassifications(list: readonly BattleClassification[]): Promise<void>;
  /** Every stored label (the category boards are built from them at start). */
  battleLabels(): Promise<{ battleId: string; label: BattleLabel }[]>;
  /**
   * Battles not classified by `classifierVersion` (never classified, or by
   * another version) among the `scan` battles after `afterId` in id order
   * (scanFor(limit) by default): at most `limit`, and the id to go on from.
   */
  battlesToClassify(classifierVersion: number, limit: number, afterId?: string, scan?: number): Promise<ScanPage<BattleToClassify>>;
  /** Stores (or overwrites) the style of both sides' answers. */
  saveAnswerStyles(battleId: string, styles: { a: AnswerStyle; b: AnswerStyle }): Promise<void>;
  /** saveAnswerStyles for many battles in one transaction (the background style backfill). */
  saveManyAnswerStyles(list: readonly { battleId: string; styles: { a: AnswerStyle; b: AnswerStyle } }[]): Promise<void>;
  /** Voted battles whose answers' style is not stored yet, looked for as battlesToClassify looks (ids of the votes' battles). */
  votedBattlesWithoutStyle(limit: number, afterId?: string, scan?: number): Promise<ScanPage<string>>;
  /** Style and speed figures of every voted battle, in vote order. */
  controlFigures(): Promise<ControlFigures[]>;
  /**
   * One page of votes with their figures, in (vote time, battle id) order
   * after `after`; with a label, only its battles' votes. What the controlled
   * fits read, a page at a time, instead of every vote kept in memory.
   */
  controlRowsAfter(after: VoteCursor | null, limit: number, label?: BattleLabel): Promise<ControlRow[]>;
  /** The stored labels of these battles (at most a page of them), in battle id order. */
  labelsOf(battleIds: readonly string[]): Promise<{ battleId: string; label: BattleLabel }[]>;
  /** The latest `limit` finished answers' figures, newest first. */
  answerSamples(limit: number): Promise<AnswerSample[]>;
}
