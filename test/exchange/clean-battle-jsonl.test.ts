import { describe, expect, it } from 'vitest';
import { BattleStore } from '../../db/battle-store.ts';
import { openDatabase } from '../../db/open-database.ts';
import { CleanBattle } from '../../shared/clean-battle.ts';
import { exportCleanBattles, importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import type { SideMetrics } from '../../shared/metrics.ts';

const metrics = (ttft: number): SideMetrics => ({
  ttftMs: ttft, latencyMs: ttft + 500, decodeMs: 400, outputTokensPerSecond: 20, inputTokens: 10, outputTokens: 9,
  cachedInputTokens: null, costUsd: 0.00003, estimated: { inputTokens: false, outputTokens: false },
});

function seedStore(): BattleStore {
  const store = new BattleStore(openDatabase(':memory:'));
  const mk = (id: string, mode: 'blind' | 'named', choice: 'a' | 'b' | 'tie' | 'both_bad' | null, t: number) => {
    store.createBattle({ id, sessionHash: 's', mode, modelA: 'alpha', modelB: 'beta', createdAt: t, flagged: null }, 'Q1');
    for (const side of ['a', 'b'] as const) {
      store.saveResponse({ battleId: id, turn: 0, side, modelId: side === 'a' ? 'alpha' : 'beta', text: `answer ${side}`, status: 'finished', finishReason: { unified: 'stop', raw: 'stop' }, error: null, metrics: metrics(side === 'a' ? 100 : 200), endedAt: t });
    }
    if (choice) store.recordVote({ battleId: id, choice, sessionHash: 's', createdAt: t + 1000, decisionMs: 1500, countsForRatings: true });
  };
  mk('battle-one-0000000001', 'blind', 'a', 1_700_000_000_000);
  mk('battle-two-0000000002', 'named', 'both_bad', 1_700_000_100_000);
  mk('battle-unvoted-000003', 'blind', null, 1_700_000_200_000);
  return store;
}

describe('clean-battle JSON Lines', () => {
  it('exports voted battles with LMArena field names and Versus measurements', () => {
    const lines = [...exportCleanBattles(seedStore())];
    expect(lines).toHaveLength(2);
    const first = CleanBattle.parse(JSON.parse(lines[0]!));
    expect(first).toMatchObject({
      question_id: 'battle-one-0000000001', model_a: 'alpha', model_b: 'beta', winner: 'model_a', anony: true, turn: 1, tstamp: 1_700_000_001,
      conversation_a: [{ role: 'user', content: 'Q1' }, { role: 'assistant', content: 'answer a' }],
    });
    expect(first.versus?.measurements[0]?.b?.ttftMs).toBe(200);
    expect(JSON.parse(lines[1]!)).toMatchObject({ winner: 'tie (bothbad)', anony: false });
    expect([...exportCleanBattles(seedStore(), { mode: 'named' })]).toHaveLength(1);
  });

  it('round-trips into another database, idempotently', () => {
    const lines = [...exportCleanBattles(seedStore())];
    const target = new BattleStore(openDatabase(':memory:'));
    expect(importCleanBattles(lines, target)).toEqual({ imported: 2, duplicates: 0, invalid: [] });
    expect(importCleanBattles(lines, target)).toEqual({ imported: 0, duplicates: 2, invalid: [] });
    const d = target.getBattle('battle-one-0000000001')!;
    expect(d.vote).toMatchObject({ choice: 'a', decisionMs: 1500, countsForRatings: true });
    expect(d.responses.map((r) => [r.side, r.text, r.metrics.ttftMs])).toEqual([['a', 'answer a', 100], ['b', 'answer b', 200]]);
    expect([...exportCleanBattles(target)]).toEqual(lines);
  });

  it('imports public arena records without conversations and reports bad lines by number', () => {
    const store = new BattleStore(openDatabase(':memory:'));
    const pub = { question_id: 'q-1', model_a: 'gpt-4-0613', model_b: 'claude-2.1', winner: 'tie', judge: 'arena_user_1', conversation_a: null, conversation_b: null, turn: 1, anony: true, language: 'English', tstamp: 1_710_000_000.5, conv_metadata: { sum_user_tokens: 12 } };
    const report = importCleanBattles(
      [JSON.stringify(pub), '', '{oops', JSON.stringify({ ...pub, question_id: 'q-2', winner: 'model_c' }), JSON.stringify({ ...pub, tstamp: undefined })],
      store,
    );
    expect(report.imported).toBe(1);
    expect(report.invalid.map((i) => i.line)).toEqual([3, 4, 5]);
    expect(report.invalid[0]!.message).toMatch(/JSON/);
    expect(report.invalid[1]!.message).toMatch(/winner/);
    expect(report.invalid[2]!.message).toMatch(/tstamp/);
    const votes = store.ratedVotes();
    expect(votes).toEqual([expect.objectContaining({ modelA: 'gpt-4-0613', modelB: 'claude-2.1', choice: 'tie', mode: 'blind', tstamp: 1_710_000_000_500 })]);
  });
});
