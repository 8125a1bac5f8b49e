import { z } from 'zod';
import { BattleSettings, Side, SideStatus, type BattleMode, type VoteChoice } from '../shared/protocol.ts';
import { SideMetrics, type ServerReportedTimings, type SpeedNote } from '../shared/metrics.ts';
import { FinishReason, type FinishReasonUnified } from '../shared/usage.ts';
import { ProviderError, type ProviderErrorKind } from '../shared/provider-error.ts';
import type { InviteRecord, Role, SessionRecord, UserProvider, UserRecord } from './auth-store.ts';
import type {
  BattleRecord,
  MeasuredFigures,
  PairCountRow,
  RatedVote,
  ResponseRecord,
  StoredRatingsSnapshot,
  TurnRecord,
  VoteRecord,
} from './battle-store.ts';
import type { ActivityVote, FlaggedBattleRow } from './moderation-store.ts';

/**
 * Rows into records, for both backends: the tables have the same columns, but
 * SQLite answers a flag as 0/1 where PostgreSQL answers true/false, and
 * PostgreSQL's BIGINT and NUMERIC arrive as whatever its type parsers make of
 * them. So every number goes through Number() and every flag through `flag`.
 */
export type Row = Record<string, unknown>;

export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const flag = (v: unknown): boolean => v === 1 || v === true || v === 1n;
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function toResponse(r: Row): ResponseRecord {
  return {
    battleId: r.battle_id as string,
    turn: Number(r.turn),
    side: r.side as Side,
    modelId: r.model_id as string,
    text: r.text as string,
    status: r.status as SideStatus,
    finishReason: r.finish_reason ? { unified: r.finish_reason as FinishReasonUnified, raw: text(r.finish_reason_raw) ?? undefined } : null,
    error: r.error_kind
      ? { kind: r.error_kind as ProviderErrorKind, message: r.error_message as string, raw: text(r.error_raw) ?? undefined }
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
      estimated: { inputTokens: flag(r.input_estimated), outputTokens: flag(r.output_estimated) },
      serverReported: toServerReported(r),
    },
    endedAt: Number(r.ended_at),
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

/** The columns of `responses` in the order `responseValues` gives them. */
// prettier-ignore
export const RESPONSE_COLUMNS = [
  'battle_id', 'turn', 'side', 'model_id', 'text', 'status', 'finish_reason', 'finish_reason_raw', 'error_kind', 'error_message',
  'error_raw', 'ttft_ms', 'latency_ms', 'decode_ms', 'tokens_per_s', 'input_tokens', 'output_tokens', 'cached_input_tokens',
  'input_estimated', 'output_estimated', 'cost_usd', 'ended_at', 'speed_note', 'server_output_tokens', 'server_decode_ms',
  'server_tokens_per_s', 'server_prompt_tokens', 'server_prompt_ms', 'server_prompt_tokens_per_s',
] as const;

/** Every column toResponse reads except the answer text. */
export const METRIC_COLUMNS = RESPONSE_COLUMNS.filter((c) => c !== 'text').join(', ');

/** A response as the values of RESPONSE_COLUMNS; flags as booleans (SQLite's store turns them into 0/1). */
export function responseValues(r: ResponseRecord): (string | number | boolean | null)[] {
  const m = r.metrics;
  const sr = m.serverReported ?? null;
  // prettier-ignore
  return [
    r.battleId, r.turn, r.side, r.modelId, r.text, r.status, r.finishReason?.unified ?? null, r.finishReason?.raw ?? null,
    r.error?.kind ?? null, r.error?.message ?? null, r.error?.raw ?? null, m.ttftMs, m.latencyMs, m.decodeMs,
    m.outputTokensPerSecond, m.inputTokens, m.outputTokens, m.cachedInputTokens, m.estimated.inputTokens,
    m.estimated.outputTokens, m.costUsd, r.endedAt, m.speedNote ?? null, sr?.outputTokens ?? null, sr?.decodeMs ?? null,
    sr?.outputTokensPerSecond ?? null, sr?.promptTokens ?? null, sr?.promptMs ?? null, sr?.promptTokensPerSecond ?? null,
  ];
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

export function toBattle(r: Row): BattleRecord {
  const settings = parseSettings(r.settings);
  return {
    id: r.id as string,
    sessionHash: r.session_hash as string,
    mode: r.mode as BattleMode,
    modelA: r.model_a as string,
    modelB: r.model_b as string,
    createdAt: Number(r.created_at),
    flagged: text(r.flagged),
    ...(settings ? { settings } : {}),
  };
}

/** The settings column's value: JSON, or null when neither side has any. */
export function settingsJson(s: BattleSettings | undefined): string | null {
  const any = s !== undefined && (Object.keys(s.a).length > 0 || Object.keys(s.b).length > 0);
  return any ? JSON.stringify(s) : null;
}

export function toTurn(t: Row): TurnRecord {
  return { battleId: t.battle_id as string, turn: Number(t.turn), prompt: t.prompt as string, createdAt: Number(t.created_at) };
}

export function toVote(r: Row): VoteRecord {
  return {
    battleId: r.battle_id as string,
    choice: r.choice as VoteChoice,
    sessionHash: r.session_hash as string,
    createdAt: Number(r.created_at),
    decisionMs: num(r.decision_ms),
    countsForRatings: flag(r.counts_for_ratings),
    userId: text(r.user_id),
    addressHash: text(r.address_hash),
  };
}

/** An answer a retry replaced, archived whole as JSON: parsed like any input, and one that does not parse is left out. */
const ArchivedResponse = z.object({
  battleId: z.string(),
  turn: z.number().int(),
  side: Side,
  modelId: z.string(),
  text: z.string(),
  status: SideStatus,
  finishReason: FinishReason.nullable(),
  error: ProviderError.nullable(),
  metrics: SideMetrics,
  endedAt: z.number(),
});

export function toArchivedResponse(json: string): ResponseRecord | null {
  try {
    const parsed = ArchivedResponse.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const toUser = (r: Row): UserRecord => ({
  id: r.id as string,
  provider: r.provider as UserProvider,
  subject: r.subject as string,
  email: text(r.email),
  name: text(r.name),
  role: r.role as Role,
  createdAt: Number(r.created_at),
});

export const toSession = (r: Row): SessionRecord => ({
  tokenHash: r.token_hash as string,
  userId: text(r.user_id),
  adminByClaims: flag(r.admin_by_claims),
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
});

export const toInvite = (r: Row): InviteRecord => ({
  id: r.id as string,
  role: r.role as Role,
  label: text(r.label),
  maxUses: Number(r.max_uses),
  uses: Number(r.uses),
  createdBy: r.created_by as string,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  revokedAt: num(r.revoked_at),
});

export const toActivity = (r: Row): ActivityVote => ({
  sessionHash: r.session_hash as string,
  userId: (r.user_id as string | null) ?? null,
  addressHash: (r.address_hash as string | null) ?? null,
  createdAt: Number(r.created_at),
  choice: r.choice as VoteChoice,
  modelA: r.model_a as string,
  modelB: r.model_b as string,
  decisionMs: num(r.decision_ms),
});

export const toFlagged = (r: Row): FlaggedBattleRow => ({
  battleId: r.id as string,
  createdAt: Number(r.created_at),
  mode: r.mode as BattleMode,
  modelA: r.model_a as string,
  modelB: r.model_b as string,
  flagged: r.flagged as string,
  choice: (r.choice as VoteChoice | null) ?? null,
  voided: flag(r.voided),
});

export function toRatedVote(r: Row): RatedVote {
  return {
    battleId: r.battle_id as string,
    mode: r.mode as BattleMode,
    modelA: r.model_a as string,
    modelB: r.model_b as string,
    choice: r.choice as RatedVote['choice'],
    tstamp: Number(r.created_at),
    countsForRatings: flag(r.counts_for_ratings),
    flagged: (r.flagged as string | null) ?? null,
    voided: flag(r.voided),
  };
}

export function toPairCount(r: Row): PairCountRow {
  return {
    mode: r.mode as BattleMode,
    modelA: r.model_a as string,
    modelB: r.model_b as string,
    winsA: Number(r.wins_a),
    winsB: Number(r.wins_b),
    ties: Number(r.ties),
    bothBad: Number(r.both_bad),
  };
}

export function toMeasured(r: Row): MeasuredFigures {
  return { modelId: r.model_id as string, ttftMs: num(r.ttft_ms), tokensPerSecond: num(r.tokens_per_s), costUsd: num(r.cost_usd) };
}

export function toStoredSnapshot(r: Row): StoredRatingsSnapshot {
  return {
    mode: r.mode as StoredRatingsSnapshot['mode'],
    computedAt: Number(r.computed_at),
    votes: Number(r.votes),
    voidMark: r.void_mark as string,
    state: r.state as string,
  };
}
