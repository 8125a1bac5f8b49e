import type { Db } from './open-database.ts';
import { BattleSettings, type BattleMode, type Side, type SideStatus, type VoteChoice } from '../shared/protocol.ts';
import type { ServerReportedTimings, SideMetrics, SpeedNote } from '../shared/metrics.ts';
import type { FinishReason, FinishReasonUnified } from '../shared/usage.ts';
import type { ProviderError, ProviderErrorKind } from '../shared/provider-error.ts';

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

export class AlreadyVotedError extends Error {
  override name = 'AlreadyVotedError';
}

type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toResponse(r: Row): ResponseRecord {
  return {
    battleId: r.battle_id as string,
    turn: r.turn as number,
    side: r.side as Side,
    modelId: r.model_id as string,
    text: r.text as string,
    status: r.status as SideStatus,
    finishReason: r.finish_reason
      ? { unified: r.finish_reason as FinishReasonUnified, raw: (r.finish_reason_raw as string | null) ?? undefined }
      : null,
    error: r.error_kind
      ? { kind: r.error_kind as ProviderErrorKind, message: r.error_message as string, raw: (r.error_raw as string | null) ?? undefined }
      : null,
    metrics: {
      ttftMs: num(r.ttft_ms),
      latencyMs: num(r.latency_ms),
      decodeMs: num(r.decode_ms),
      outputTokensPerSecond: num(r.tokens_per_s),
      speedNote: (r.speed_note as SpeedNote | null) ?? null,
      inputTokens: num(r.input_tokens),
      outputTokens: num(r.output_tokens),
      cachedInputTokens: num(r.cached_input_tokens),
      costUsd: num(r.cost_usd),
      estimated: { inputTokens: r.input_estimated === 1, outputTokens: r.output_estimated === 1 },
      serverReported: toServerReported(r),
    },
    endedAt: r.ended_at as number,
  };
}

function toServerReported(r: Row): ServerReportedTimings | null {
  const t: ServerReportedTimings = {
    outputTokens: num(r.server_output_tokens),
    decodeMs: num(r.server_decode_ms),
    outputTokensPerSecond: num(r.server_tokens_per_s),
    promptTokens: num(r.server_prompt_tokens),
    promptMs: num(r.server_prompt_ms),
    promptTokensPerSecond: num(r.server_prompt_tokens_per_s),
  };
  return Object.values(t).some((v) => v !== null) ? t : null;
}

/** Settings are JSON in the row: parsed like any other input, and a bad one reads as none. */
function parseSettings(v: unknown): BattleSettings | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const parsed = BattleSettings.safeParse(JSON.parse(v));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function toBattle(r: Row): BattleRecord {
  const settings = parseSettings(r.settings);
  return {
    id: r.id as string,
    sessionHash: r.session_hash as string,
    mode: r.mode as BattleMode,
    modelA: r.model_a as string,
    modelB: r.model_b as string,
    createdAt: r.created_at as number,
    flagged: (r.flagged as string | null) ?? null,
    ...(settings ? { settings } : {}),
  };
}

const hasSettings = (s: BattleSettings | undefined): s is BattleSettings =>
  s !== undefined && (Object.keys(s.a).length > 0 || Object.keys(s.b).length > 0);

function toVote(r: Row): VoteRecord {
  return {
    battleId: r.battle_id as string,
    choice: r.choice as VoteChoice,
    sessionHash: r.session_hash as string,
    createdAt: r.created_at as number,
    decisionMs: num(r.decision_ms),
    countsForRatings: r.counts_for_ratings === 1,
  };
}

/** Every column toResponse reads except the answer text. */
const METRIC_COLUMNS = [
  'battle_id', 'turn', 'side', 'model_id', 'status', 'finish_reason', 'finish_reason_raw', 'error_kind', 'error_message',
  'error_raw', 'ttft_ms', 'latency_ms', 'decode_ms', 'tokens_per_s', 'speed_note', 'input_tokens', 'output_tokens',
  'cached_input_tokens', 'cost_usd', 'input_estimated', 'output_estimated', 'server_output_tokens', 'server_decode_ms',
  'server_tokens_per_s', 'server_prompt_tokens', 'server_prompt_ms', 'server_prompt_tokens_per_s', 'ended_at',
].join(', ');

/** Typed functions over prepared statements; the only code that writes SQL for battles and votes. */
export class BattleStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      insertBattle: db.prepare(
        `INSERT INTO battles (id, session_hash, mode, model_a, model_b, created_at, flagged, settings)
         VALUES (@id, @sessionHash, @mode, @modelA, @modelB, @createdAt, @flagged, @settings)`,
      ),
      archiveResponse: db.prepare(`INSERT INTO response_attempts (battle_id, turn, side, replaced_at, record) VALUES (?, ?, ?, ?, ?)`),
      getResponse: db.prepare(`SELECT * FROM responses WHERE battle_id = ? AND turn = ? AND side = ?`),
      sessionBattles: db.prepare(
        `SELECT b.*, (SELECT prompt FROM turns t WHERE t.battle_id = b.id AND t.turn = 0) AS first_prompt,
                (SELECT COUNT(*) FROM turns t WHERE t.battle_id = b.id) AS turn_count
         FROM battles b WHERE b.session_hash = ? AND (b.created_at < ? OR (b.created_at = ? AND b.id < ?))
         ORDER BY b.created_at DESC, b.id DESC LIMIT ?`,
      ),
      setShare: db.prepare(`UPDATE battles SET share_hash = ? WHERE id = ?`),
      battleByShare: db.prepare(`SELECT id FROM battles WHERE share_hash = ?`),
      flagBattle: db.prepare(`UPDATE battles SET flagged = ? WHERE id = ? AND flagged IS NULL`),
      insertTurn: db.prepare(`INSERT INTO turns (battle_id, turn, prompt, created_at) VALUES (?, ?, ?, ?)`),
      insertResponse: db.prepare(
        `INSERT OR REPLACE INTO responses (battle_id, turn, side, model_id, text, status, finish_reason, finish_reason_raw,
           error_kind, error_message, error_raw, ttft_ms, latency_ms, decode_ms, tokens_per_s, input_tokens, output_tokens,
           cached_input_tokens, input_estimated, output_estimated, cost_usd, ended_at, speed_note, server_output_tokens,
           server_decode_ms, server_tokens_per_s, server_prompt_tokens, server_prompt_ms, server_prompt_tokens_per_s)
         VALUES (@battleId, @turn, @side, @modelId, @text, @status, @finishReason, @finishReasonRaw, @errorKind, @errorMessage,
           @errorRaw, @ttftMs, @latencyMs, @decodeMs, @tokensPerS, @inputTokens, @outputTokens, @cachedInputTokens,
           @inputEstimated, @outputEstimated, @costUsd, @endedAt, @speedNote, @serverOutputTokens, @serverDecodeMs,
           @serverTokensPerS, @serverPromptTokens, @serverPromptMs, @serverPromptTokensPerS)`,
      ),
      insertVote: db.prepare(
        `INSERT INTO votes (battle_id, choice, session_hash, created_at, decision_ms, counts_for_ratings)
         VALUES (@battleId, @choice, @sessionHash, @createdAt, @decisionMs, @countsForRatings)`,
      ),
      getBattle: db.prepare(`SELECT * FROM battles WHERE id = ?`),
      getTurns: db.prepare(`SELECT * FROM turns WHERE battle_id = ? ORDER BY turn`),
      getResponses: db.prepare(`SELECT * FROM responses WHERE battle_id = ? ORDER BY turn, side`),
      getVote: db.prepare(`SELECT * FROM votes WHERE battle_id = ?`),
      ratedVotes: db.prepare(
        `SELECT v.battle_id, b.mode, b.model_a, b.model_b, v.choice, v.created_at, v.counts_for_ratings, b.flagged
         FROM votes v JOIN battles b ON b.id = v.battle_id ORDER BY v.created_at, v.id`,
      ),
      responsesForModel: db.prepare(`SELECT * FROM responses WHERE model_id = ? AND status = 'finished'`),
      allFinishedResponses: db.prepare(`SELECT * FROM responses WHERE status = 'finished'`),
      hasBattle: db.prepare(`SELECT 1 FROM battles WHERE id = ?`),
      measured: db.prepare(
        `SELECT model_id, ttft_ms, tokens_per_s, cost_usd FROM responses WHERE status = 'finished'`,
      ),
      votedBattlesAfter: db.prepare(
        `SELECT v.battle_id, v.created_at FROM votes v JOIN battles b ON b.id = v.battle_id
         WHERE (v.created_at, v.battle_id) > (?, ?) AND (? = 'all' OR b.mode = ?)
         ORDER BY v.created_at, v.battle_id LIMIT ?`,
      ),
    };
  }

  createBattle(b: BattleRecord, firstPrompt: string): void {
    this.db.transaction(() => {
      this.stmts.insertBattle.run(this.battleRow(b));
      this.stmts.insertTurn.run(b.id, 0, firstPrompt, b.createdAt);
    })();
  }

  private battleRow(b: BattleRecord) {
    const { settings, ...row } = b;
    return { ...row, settings: hasSettings(settings) ? JSON.stringify(settings) : null };
  }

  /**
   * Stores a retried side's new answer in place of the old one, which is kept
   * whole in response_attempts first: a retry replaces what the battle shows,
   * never what was recorded. One transaction: both or neither.
   */
  replaceResponse(r: ResponseRecord, replacedAt: number): void {
    this.db.transaction(() => {
      const old = this.stmts.getResponse.get(r.battleId, r.turn, r.side) as Row | undefined;
      if (old) this.stmts.archiveResponse.run(r.battleId, r.turn, r.side, replacedAt, JSON.stringify(toResponse(old)));
      this.saveResponse(r);
    })();
  }

  /** Answers a retry replaced, oldest first. */
  replacedResponses(battleId: string): ResponseRecord[] {
    const rows = this.db
      .prepare(`SELECT record FROM response_attempts WHERE battle_id = ? ORDER BY replaced_at, rowid`)
      .all(battleId) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as ResponseRecord);
  }

  /**
   * Every answer's figures (text left out, so a list of battles reads a few
   * numbers per answer, not megabytes), including answers a retry replaced.
   */
  answerMetrics(battleId: string): { side: Side; metrics: SideMetrics }[] {
    const rows = this.db
      .prepare(`SELECT ${METRIC_COLUMNS}, '' AS text FROM responses WHERE battle_id = ? ORDER BY turn, side`)
      .all(battleId) as Row[];
    const replaced = this.replacedResponses(battleId);
    return [...rows.map(toResponse), ...replaced].map((r) => ({ side: r.side, metrics: r.metrics }));
  }

  /** A session's battles, newest first, `limit` at a time after the (createdAt, id) cursor. */
  sessionBattles(sessionHash: string, limit: number, before?: { createdAt: number; id: string }): BattleSummaryRecord[] {
    const at = before?.createdAt ?? Number.MAX_SAFE_INTEGER;
    const rows = this.stmts.sessionBattles.all(sessionHash, at, at, before?.id ?? '\uffff', limit) as Row[];
    return rows.map((r) => {
      const vote = this.stmts.getVote.get(r.id) as Row | undefined;
      return {
        battle: toBattle(r),
        firstPrompt: (r.first_prompt as string | null) ?? '',
        turns: r.turn_count as number,
        vote: vote ? toVote(vote) : null,
        shared: r.share_hash !== null,
      };
    });
  }

  /** Sets (or, with null, removes) the hash of a battle's read-only share link. */
  setShareHash(battleId: string, hash: string | null): void {
    this.stmts.setShare.run(hash, battleId);
  }

  isShared(battleId: string): boolean {
    const r = this.db.prepare(`SELECT share_hash FROM battles WHERE id = ?`).get(battleId) as { share_hash: string | null } | undefined;
    return r?.share_hash != null;
  }

  battleIdByShareHash(hash: string): string | null {
    const r = this.stmts.battleByShare.get(hash) as { id: string } | undefined;
    return r?.id ?? null;
  }

  addTurn(t: TurnRecord): void {
    this.stmts.insertTurn.run(t.battleId, t.turn, t.prompt, t.createdAt);
  }

  flagBattle(battleId: string, reason: string): void {
    this.stmts.flagBattle.run(reason, battleId);
  }

  saveResponse(r: ResponseRecord): void {
    const m = r.metrics;
    const sr = m.serverReported ?? null;
    this.stmts.insertResponse.run({
      battleId: r.battleId,
      turn: r.turn,
      side: r.side,
      modelId: r.modelId,
      text: r.text,
      status: r.status,
      finishReason: r.finishReason?.unified ?? null,
      finishReasonRaw: r.finishReason?.raw ?? null,
      errorKind: r.error?.kind ?? null,
      errorMessage: r.error?.message ?? null,
      errorRaw: r.error?.raw ?? null,
      ttftMs: m.ttftMs,
      latencyMs: m.latencyMs,
      decodeMs: m.decodeMs,
      tokensPerS: m.outputTokensPerSecond,
      inputTokens: m.inputTokens,
      outputTokens: m.outputTokens,
      cachedInputTokens: m.cachedInputTokens,
      inputEstimated: m.estimated.inputTokens ? 1 : 0,
      outputEstimated: m.estimated.outputTokens ? 1 : 0,
      costUsd: m.costUsd,
      endedAt: r.endedAt,
      speedNote: m.speedNote ?? null,
      serverOutputTokens: sr?.outputTokens ?? null,
      serverDecodeMs: sr?.decodeMs ?? null,
      serverTokensPerS: sr?.outputTokensPerSecond ?? null,
      serverPromptTokens: sr?.promptTokens ?? null,
      serverPromptMs: sr?.promptMs ?? null,
      serverPromptTokensPerS: sr?.promptTokensPerSecond ?? null,
    });
  }

  /** Throws AlreadyVotedError when the battle has a vote: the UNIQUE constraint is the final word. */
  recordVote(v: VoteRecord): void {
    try {
      this.stmts.insertVote.run({ ...v, countsForRatings: v.countsForRatings ? 1 : 0 });
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AlreadyVotedError(v.battleId);
      throw e;
    }
  }

  /** Measured figures of every finished answer, without the text. */
  measuredFigures(): MeasuredFigures[] {
    return (this.stmts.measured.all() as Row[]).map((r) => ({
      modelId: r.model_id as string,
      ttftMs: num(r.ttft_ms),
      tokensPerSecond: num(r.tokens_per_s),
      costUsd: num(r.cost_usd),
    }));
  }

  hasBattle(id: string): boolean {
    return this.stmts.hasBattle.get(id) !== undefined;
  }

  /**
   * One page of voted battles in vote order (the clean-battle `tstamp` order),
   * after `after` (the last of the previous page). Vote times survive an export
   * and import where start times do not, so exports of the original and of its
   * copy list battles in the same order. Paged rather than iterated: an open
   * statement would keep the connection busy between the reads of a streamed export.
   */
  votedBattlesAfter(after: VoteCursor | null, mode: BattleMode | 'all', limit: number): VoteCursor[] {
    const rows = this.stmts.votedBattlesAfter.all(after?.createdAt ?? Number.MIN_SAFE_INTEGER, after?.battleId ?? '', mode, mode, limit) as Row[];
    return rows.map((r) => ({ battleId: r.battle_id as string, createdAt: r.created_at as number }));
  }

  /** Writes a whole imported battle, or nothing. */
  importBattle(d: { battle: BattleRecord; turns: TurnRecord[]; responses: ResponseRecord[]; vote: VoteRecord }): void {
    this.db.transaction(() => {
      this.stmts.insertBattle.run(this.battleRow(d.battle));
      for (const t of d.turns) this.addTurn(t);
      for (const r of d.responses) this.saveResponse(r);
      this.recordVote(d.vote);
    })();
  }

  /** The battle's own row, without its turns and answers: who owns it, which models. */
  getBattleRecord(id: string): BattleRecord | null {
    const b = this.stmts.getBattle.get(id) as Row | undefined;
    return b ? toBattle(b) : null;
  }

  getBattle(id: string): BattleWithDetails | null {
    const b = this.stmts.getBattle.get(id) as Row | undefined;
    if (!b) return null;
    const vote = this.stmts.getVote.get(id) as Row | undefined;
    return {
      battle: toBattle(b),
      turns: (this.stmts.getTurns.all(id) as Row[]).map((t) => ({
        battleId: t.battle_id as string,
        turn: t.turn as number,
        prompt: t.prompt as string,
        createdAt: t.created_at as number,
      })),
      responses: (this.stmts.getResponses.all(id) as Row[]).map(toResponse),
      vote: vote ? toVote(vote) : null,
    };
  }

  ratedVotes(): RatedVote[] {
    return (this.stmts.ratedVotes.all() as Row[]).map((r) => ({
      battleId: r.battle_id as string,
      mode: r.mode as BattleMode,
      modelA: r.model_a as string,
      modelB: r.model_b as string,
      choice: r.choice as VoteChoice,
      tstamp: r.created_at as number,
      countsForRatings: r.counts_for_ratings === 1,
      flagged: (r.flagged as string | null) ?? null,
    }));
  }

  finishedResponses(modelId?: string): ResponseRecord[] {
    const rows = modelId ? this.stmts.responsesForModel.all(modelId) : this.stmts.allFinishedResponses.all();
    return (rows as Row[]).map(toResponse);
  }

  /**
   * Input and output tokens over the finished answers of these models (both
   * counts known, at least one output token): the input:output mix this
   * arena actually sends and gets back.
   */
  tokenTotals(modelIds: readonly string[]): TokenTotals[] {
    if (modelIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT model_id, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, COUNT(*) AS answers
         FROM responses
         WHERE status = 'finished' AND input_tokens IS NOT NULL AND output_tokens > 0
           AND model_id IN (${modelIds.map(() => '?').join(', ')})
         GROUP BY model_id`,
      )
      .all(...modelIds) as Row[];
    return rows.map((r) => ({
      modelId: r.model_id as string,
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      answers: Number(r.answers),
    }));
  }
}
