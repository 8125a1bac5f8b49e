import type { BattleRecord, RatedVote, ResponseRecord, VoteRecord } from '../../db/battle-store.ts';
import type { Store } from '../../db/store.ts';
import type { Side } from '../../shared/protocol.ts';
import type { SideMetrics } from '../../shared/metrics.ts';

/** Records for the store tests: whole, with every field set, so a column a backend drops shows up as a difference. */

export const battle = (id: string, over: Partial<BattleRecord> = {}): BattleRecord => ({
  id,
  sessionHash: 'session-1',
  mode: 'blind',
  modelA: 'alpha',
  modelB: 'beta',
  createdAt: 1_750_000_000_000,
  flagged: null,
  ...over,
});

export const metrics = (over: Partial<SideMetrics> = {}): SideMetrics => ({
  ttftMs: 123.25,
  latencyMs: 1500.5,
  decodeMs: 1200.125,
  outputTokensPerSecond: 41.6640625,
  speedNote: null,
  inputTokens: 12,
  outputTokens: 51,
  cachedInputTokens: 4,
  costUsd: 0.000123456789,
  estimated: { inputTokens: false, outputTokens: true },
  serverReported: {
    outputTokens: 50,
    decodeMs: 1100.5,
    outputTokensPerSecond: 44.5,
    promptTokens: 12,
    promptMs: 3.25,
    promptTokensPerSecond: null,
  },
  ...over,
});

export const answer = (battleId: string, side: Side, over: Partial<ResponseRecord> = {}): ResponseRecord => ({
  battleId,
  turn: 0,
  side,
  modelId: side === 'a' ? 'alpha' : 'beta',
  text: `answer ${side} — with “unicode” and a NUL-free emoji 🦀`,
  status: 'finished',
  finishReason: { unified: 'stop', raw: side === 'a' ? 'stop' : 'end_turn' },
  error: null,
  metrics: metrics(),
  endedAt: 1_750_000_001_000,
  ...over,
});

export const vote = (battleId: string, over: Partial<VoteRecord> = {}): VoteRecord => ({
  battleId,
  choice: 'a',
  sessionHash: 'session-1',
  createdAt: 1_750_000_002_000,
  decisionMs: 950.5,
  countsForRatings: true,
  userId: null,
  addressHash: 'addr-hash',
  ...over,
});

/** A vote as the boards count it (RatedVote): blind, alpha against beta, side A preferred. */
export const ratedVote = (battleId: string, over: Partial<RatedVote> = {}): RatedVote => ({
  battleId,
  mode: 'blind',
  modelA: 'alpha',
  modelB: 'beta',
  choice: 'a',
  tstamp: 1_750_000_000_002,
  countsForRatings: true,
  flagged: null,
  ...over,
});

/** A battle with both answers and, unless `choice` is null, a vote at `votedAt`. */
export async function votedBattle(
  store: Store,
  id: string,
  opts: {
    createdAt?: number;
    votedAt?: number;
    choice?: VoteRecord['choice'] | null;
    over?: Partial<BattleRecord>;
    vote?: Partial<VoteRecord>;
  } = {},
): Promise<void> {
  const createdAt = opts.createdAt ?? 1_750_000_000_000;
  await store.battles.createBattle(battle(id, { createdAt, ...opts.over }), `prompt of ${id}`);
  for (const side of ['a', 'b'] as const) await store.battles.saveResponse(answer(id, side, { endedAt: createdAt + 1 }));
  if (opts.choice === null) return;
  await store.battles.recordVote(vote(id, { choice: opts.choice ?? 'a', createdAt: opts.votedAt ?? createdAt + 2, ...opts.vote }));
}
