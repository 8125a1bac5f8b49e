import { z } from 'zod';
import { SideMetrics } from './metrics.ts';
import { FinishReason } from './usage.ts';
import { PublicProviderError } from './provider-error.ts';

/**
 * The websocket protocol, both directions, defined once. The server parses
 * every client frame with ClientMessage and every frame it sends with
 * ServerMessage (in tests and debug builds); the client parses what it
 * receives with ServerMessage.
 */

/** The protocol's version, sent to the client in `hello`. */
export const PROTOCOL_VERSION = 1;

/** Documented limits, enforced on the server; sent to the client in `hello`. */
export const Limits = z.object({
  promptChars: z.number(),
  frameBytes: z.number(),
  turnsPerBattle: z.number(),
  systemPromptChars: z.number().optional(),
  maxTokens: z.number().optional(),
});
export type Limits = z.infer<typeof Limits>;

export const LIMITS = {
  promptChars: 32_000,
  // Room for the longest prompt and system prompt in any script (up to 4 UTF-8 bytes each), plus the envelope.
  frameBytes: 160 * 1024,
  turnsPerBattle: 20,
  systemPromptChars: 8_000,
  /** The highest max_tokens a battle may ask for (the model's own cap still applies). */
  maxTokens: 32_768,
} as const satisfies Limits;

export const Side = z.enum(['a', 'b']);
export type Side = z.infer<typeof Side>;
export const SIDES: readonly Side[] = ['a', 'b'];

export const BattleMode = z.enum(['blind', 'named']);
export type BattleMode = z.infer<typeof BattleMode>;

export const VoteChoice = z.enum(['a', 'b', 'tie', 'both_bad']);
export type VoteChoice = z.infer<typeof VoteChoice>;

const BattleId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'malformed battle id');
const RequestId = z.string().min(1).max(64);
const Prompt = z
  .string()
  .max(LIMITS.promptChars, `prompt longer than ${LIMITS.promptChars} characters`)
  .refine((s) => s.trim().length > 0, 'prompt is empty');

// ---------------------------------------------------------------- client → server

/**
 * What a named battle may set per side, on top of the catalog's sampling:
 * recorded with the battle, shown on it and exported. One model with two
 * settings is how a team compares a prompt or a temperature.
 */
export const SideSettings = z
  .object({
    systemPrompt: z.string().max(LIMITS.systemPromptChars, `system prompt longer than ${LIMITS.systemPromptChars} characters`).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(LIMITS.maxTokens).optional(),
  })
  .strict();
export type SideSettings = z.infer<typeof SideSettings>;

export const BattleSettings = z.object({ a: SideSettings, b: SideSettings });
export type BattleSettings = z.infer<typeof BattleSettings>;

export const StartBattle = z
  .object({
    type: z.literal('start'),
    requestId: RequestId.optional(),
    mode: BattleMode,
    /** Required in named mode: the two catalog model ids (the same id twice is allowed there). */
    models: z.object({ a: z.string().min(1), b: z.string().min(1) }).optional(),
    /** Named mode only: per-side settings. */
    settings: z.object({ a: SideSettings.optional(), b: SideSettings.optional() }).optional(),
    prompt: Prompt,
  })
  .refine((m) => m.mode === 'blind' || m.models !== undefined, {
    message: 'named mode needs models.a and models.b',
    path: ['models'],
  })
  // Settings would tell a blind voter which side is which.
  .refine((m) => m.mode === 'named' || m.settings === undefined, {
    message: 'settings are for named battles only',
    path: ['settings'],
  });

export const FollowUp = z.object({
  type: z.literal('follow-up'),
  requestId: RequestId.optional(),
  battleId: BattleId,
  prompt: Prompt,
});

export const StopSide = z.object({
  type: z.literal('stop'),
  requestId: RequestId.optional(),
  battleId: BattleId,
  /** Omit to stop both sides. */
  side: Side.optional(),
});

export const CastVote = z.object({
  type: z.literal('vote'),
  requestId: RequestId.optional(),
  battleId: BattleId,
  choice: VoteChoice,
});

/** Runs a failed or stopped side of the latest turn again: same model, same conversation. */
export const RetrySide = z.object({
  type: z.literal('retry'),
  requestId: RequestId.optional(),
  battleId: BattleId,
  side: Side,
});

export const Ping = z.object({ type: z.literal('ping'), requestId: RequestId.optional() });

export const ClientMessage = z.discriminatedUnion('type', [StartBattle, FollowUp, StopSide, CastVote, RetrySide, Ping]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// ---------------------------------------------------------------- server → client

/** What the client may know about a side: in blind mode nothing until the vote. */
export const SideIdentity = z.object({
  modelId: z.string(),
  label: z.string(),
  organisation: z.string(),
});
export type SideIdentity = z.infer<typeof SideIdentity>;

export const Hello = z.object({
  type: z.literal('hello'),
  protocol: z.literal(PROTOCOL_VERSION),
  limits: Limits,
});

export const BattleStarted = z.object({
  type: z.literal('battle-started'),
  requestId: RequestId.optional(),
  battleId: BattleId,
  mode: BattleMode,
  /** null in blind mode until the vote reveals them. */
  sides: z.object({ a: SideIdentity.nullable(), b: SideIdentity.nullable() }),
  /** The per-side settings of a named battle ({} where a side sets none). */
  settings: BattleSettings.optional(),
});

/** A side of the latest turn runs again (retry); its old answer is replaced once the new one ends. */
export const SideRetried = z.object({
  type: z.literal('side-retried'),
  requestId: RequestId.optional(),
  battleId: BattleId,
  turn: z.number().int().nonnegative(),
  side: Side,
});

export const TurnStarted = z.object({
  type: z.literal('turn-started'),
  requestId: RequestId.optional(),
  battleId: BattleId,
  turn: z.number().int().nonnegative(),
  prompt: z.string(),
});

export const TextDelta = z.object({
  type: z.literal('delta'),
  battleId: BattleId,
  turn: z.number().int().nonnegative(),
  side: Side,
  text: z.string(),
});

/**
 * Live numbers while a side streams, measured by the server's run-side. Output
 * tokens are a running estimate (one streamed chunk ≈ one token) until the side ends.
 */
export const LiveFigures = z.object({
  ttftMs: z.number().nonnegative().nullable(),
  elapsedMs: z.number().nonnegative(),
  outputTokensEstimate: z.number().int().nonnegative(),
  tokensPerSecondEstimate: z.number().nonnegative().nullable(),
});
export type LiveFigures = z.infer<typeof LiveFigures>;

export const LiveMetrics = z.object({
  type: z.literal('live'),
  battleId: BattleId,
  turn: z.number().int().nonnegative(),
  side: Side,
  ...LiveFigures.shape,
});

export const SideStatus = z.enum(['finished', 'error', 'cancelled']);
export type SideStatus = z.infer<typeof SideStatus>;

export const SideEnded = z.object({
  type: z.literal('side-ended'),
  battleId: BattleId,
  turn: z.number().int().nonnegative(),
  side: Side,
  status: SideStatus,
  finishReason: FinishReason.nullable(),
  error: PublicProviderError.nullable(),
  metrics: SideMetrics,
});

export const TurnEnded = z.object({
  type: z.literal('turn-ended'),
  battleId: BattleId,
  turn: z.number().int().nonnegative(),
  /** True once the battle accepts a vote (both sides ended, none voted yet). */
  votable: z.boolean(),
});

/** One side's sums over every turn of a battle; a figure unknown in any turn makes its sum unknown (null). */
export const SideTotals = z.object({
  answers: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative().nullable(),
  outputTokens: z.number().int().nonnegative().nullable(),
  costUsd: z.number().nonnegative().nullable(),
  /** Sum of the answers' end-to-end latencies. */
  latencyMs: z.number().nonnegative().nullable(),
  /** True when any summed token count is a local estimate. */
  estimated: z.boolean(),
});
export type SideTotals = z.infer<typeof SideTotals>;

/**
 * A side as the vote reveals it: who it was, the latest turn's figures, and
 * what a blind battle withheld until now (the provider's own finish reason
 * and error text, the battle's totals).
 */
export const RevealedSide = SideIdentity.extend({
  metrics: SideMetrics.nullable(),
  finishReason: FinishReason.nullable().optional(),
  error: PublicProviderError.nullable().optional(),
  totals: SideTotals.optional(),
});
export type RevealedSide = z.infer<typeof RevealedSide>;

export const VoteRecorded = z.object({
  type: z.literal('vote-recorded'),
  requestId: RequestId.optional(),
  battleId: BattleId,
  choice: VoteChoice,
  /** False when a side failed or was stopped, or both sides ran one model: the vote is kept but left out of ratings. */
  countsForRatings: z.boolean(),
  /** Why it does not count, when it does not. */
  notCountedBecause: z.enum(['side_not_finished', 'same_model']).optional(),
  /** The turn whose figures `reveal.*.metrics` are (the latest); totals cover every turn. */
  turn: z.number().int().nonnegative().optional(),
  reveal: z.object({ a: RevealedSide, b: RevealedSide }),
});

export const ErrorCode = z.enum([
  'bad_message',
  'too_large',
  'not_found',
  'forbidden',
  'not_votable',
  'already_voted',
  'busy',
  'no_models',
  'rate_limited',
  'limit',
  'storage',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorReply = z.object({
  type: z.literal('error'),
  requestId: RequestId.optional(),
  battleId: BattleId.optional(),
  code: ErrorCode,
  message: z.string(),
});

export const Pong = z.object({ type: z.literal('pong'), requestId: RequestId.optional() });

/** The models on offer changed (an endpoint came up or went down): fetch /api/models again. */
export const ModelsChanged = z.object({ type: z.literal('models-changed') });

export const ServerMessage = z.discriminatedUnion('type', [
  Hello,
  BattleStarted,
  SideRetried,
  TurnStarted,
  TextDelta,
  LiveMetrics,
  SideEnded,
  TurnEnded,
  VoteRecorded,
  ErrorReply,
  Pong,
  ModelsChanged,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
