import { objectWith } from '../helpers/match.ts';
import { describe, expect, it } from 'vitest';
import type { BattleStore } from '../../db/battle-store.ts';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import { collect } from '../helpers/collect.ts';
import { CleanBattle } from '../../shared/clean-battle.ts';
import { exportCleanBattles, importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import type { SideMetrics } from '../../shared/metrics.ts';
import { overriding } from '../helpers/overriding.ts';

const metrics = (ttft: number): SideMetrics => ({
  ttftMs: ttft,
  latencyMs: ttft + 500,
  decodeMs: 400,
  outputTokensPerSecond: 20,
  inputTokens: 10,
  outputTokens: 9,
  cachedInputTokens: null,
  costUsd: 0.00003,
  estimated: { inputTokens: false, outputTokens: false },
});

const emptyStore = (): BattleStore => openSqliteStore(':memory:').battles;

async function seedStore(): Promise<BattleStore> {
  const store = emptyStore();
  const mk = async (id: string, mode: 'blind' | 'named', choice: 'a' | 'b' | 'tie' | 'both_bad' | null, t: number) => {
    await store.createBattle({ id, sessionHash: 's', mode, modelA: 'alpha', modelB: 'beta', createdAt: t, flagged: null }, 'Q1');
    for (const side of ['a', 'b'] as const) {
      await store.saveResponse({
        battleId: id,
        turn: 0,
        side,
        modelId: side === 'a' ? 'alpha' : 'beta',
        text: `answer ${side}`,
        status: 'finished',
        finishReason: { unified: 'stop', raw: 'stop' },
        error: null,
        metrics: metrics(side === 'a' ? 100 : 200),
        endedAt: t,
      });
    }
    if (choice)
      await store.recordVote({ battleId: id, choice, sessionHash: 's', createdAt: t + 1000, decisionMs: 1500, countsForRatings: true });
  };
  await mk('battle-one-0000000001', 'blind', 'a', 1_700_000_000_000);
  await mk('battle-two-0000000002', 'named', 'both_bad', 1_700_000_100_000);
  await mk('battle-unvoted-000003', 'blind', null, 1_700_000_200_000);
  return store;
}

describe('clean-battle JSON Lines', () => {
  it('exports voted battles with LMArena field names and Versus measurements', async () => {
    const lines = await collect(exportCleanBattles(await seedStore()));
    expect(lines).toHaveLength(2);
    const first = CleanBattle.parse(JSON.parse(lines[0]!));
    expect(first).toMatchObject({
      question_id: 'battle-one-0000000001',
      model_a: 'alpha',
      model_b: 'beta',
      winner: 'model_a',
      anony: true,
      turn: 1,
      tstamp: 1_700_000_001,
      conversation_a: [
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: 'answer a' },
      ],
    });
    expect(first.versus?.measurements[0]?.b?.ttftMs).toBe(200);
    expect(JSON.parse(lines[1]!)).toMatchObject({ winner: 'tie (bothbad)', anony: false });
    expect(await collect(exportCleanBattles(await seedStore(), { mode: 'named' }))).toHaveLength(1);
  });

  it('round-trips into another database, idempotently', async () => {
    const lines = await collect(exportCleanBattles(await seedStore()));
    const target = emptyStore();
    expect(await importCleanBattles(lines, target)).toEqual({ imported: 2, duplicates: 0, invalid: [] });
    expect(await importCleanBattles(lines, target)).toEqual({ imported: 0, duplicates: 2, invalid: [] });
    const d = (await target.getBattle('battle-one-0000000001'))!;
    expect(d.vote).toMatchObject({ choice: 'a', decisionMs: 1500, countsForRatings: true });
    expect(d.responses.map((r) => [r.side, r.text, r.metrics.ttftMs])).toEqual([
      ['a', 'answer a', 100],
      ['b', 'answer b', 200],
    ]);
    expect(await collect(exportCleanBattles(target))).toEqual(lines);
  });

  it('imports public arena records without conversations and reports bad lines by number', async () => {
    const store = emptyStore();
    const pub = {
      question_id: 'q-1',
      model_a: 'gpt-4-0613',
      model_b: 'claude-2.1',
      winner: 'tie',
      judge: 'arena_user_1',
      conversation_a: null,
      conversation_b: null,
      turn: 1,
      anony: true,
      language: 'English',
      tstamp: 1_710_000_000.5,
      conv_metadata: { sum_user_tokens: 12 },
    };
    const report = await importCleanBattles(
      [
        JSON.stringify(pub),
        '',
        '{oops',
        JSON.stringify({ ...pub, question_id: 'q-2', winner: 'model_c' }),
        JSON.stringify({ ...pub, tstamp: undefined }),
      ],
      store,
    );
    expect(report.imported).toBe(1);
    expect(report.invalid.map((i) => i.line)).toEqual([3, 4, 5]);
    expect(report.invalid[0]!.message).toMatch(/JSON/);
    expect(report.invalid[1]!.message).toMatch(/winner/);
    expect(report.invalid[2]!.message).toMatch(/tstamp/);
    const votes = await store.ratedVotes();
    expect(votes).toEqual([
      objectWith({ modelA: 'gpt-4-0613', modelB: 'claude-2.1', choice: 'tie', mode: 'blind', tstamp: 1_710_000_000_500 }),
    ]);
  });

  it('writes batches in one transaction each: a bad line in the middle of a batch is reported by number, the good lines around it are kept', async () => {
    const store = emptyStore();
    const rec = (n: number) =>
      JSON.stringify({
        question_id: `batch-${n}`,
        model_a: 'alpha',
        model_b: 'beta',
        winner: 'model_a',
        judge: 'u',
        turn: 1,
        anony: true,
        tstamp: 1_720_000_000 + n,
      });
    const lines = [rec(1), rec(2), rec(3), '{"question_id": "batch-4", "model_a"', rec(5), rec(6), rec(7), rec(8), rec(2)];
    const writes: number[] = [];
    const counting = overriding<BattleStore>(store, {
      importBattles: (batch) => (writes.push(batch.length), store.importBattles(batch)),
    });
    // Batches of 4 valid battles: [1 2 3 5] [6 7 8 2], line 4 (in the first batch's lines) reported and skipped.
    const report = await importCleanBattles(lines, counting, { batchSize: 4 });
    expect(report).toEqual({ imported: 7, duplicates: 1, invalid: [{ line: 4, message: 'not valid JSON' }] });
    expect(writes).toEqual([4, 4]);
    const stored = (await store.ratedVotes()).map((v) => v.tstamp / 1000 - 1_720_000_000);
    expect(stored).toEqual([1, 2, 3, 5, 6, 7, 8]);
  });
});

describe('a round trip: export, import into an empty arena, export again', () => {
  /** Every board (blind, named, all) is computed from these: the votes that count, and the measured answers. */
  const boards = async (s: BattleStore) => {
    const voted = new Set((await s.ratedVotes()).map((v) => v.battleId));
    const answers = (await s.finishedResponses()).filter((r) => voted.has(r.battleId));
    const key = (r: (typeof answers)[number]) => `${r.battleId}/${r.turn}/${r.side}`;
    answers.sort((x, y) => (key(x) < key(y) ? -1 : 1));
    return { votes: await s.ratedVotes(), answers: answers.map((r) => [key(r), r.text, r.status, r.metrics]) };
  };

  async function mixedStore(): Promise<BattleStore> {
    const store = await seedStore();
    // A named battle with a failed side, started before another one that is voted on first.
    await store.createBattle(
      {
        id: 'late-voted-00000000004',
        sessionHash: 's',
        mode: 'named',
        modelA: 'alpha',
        modelB: 'gamma',
        createdAt: 1_700_000_300_000,
        flagged: null,
      },
      'Q',
    );
    await store.saveResponse({
      battleId: 'late-voted-00000000004',
      turn: 0,
      side: 'a',
      modelId: 'alpha',
      text: 'ok',
      status: 'finished',
      finishReason: null,
      error: null,
      metrics: metrics(50),
      endedAt: 0,
    });
    await store.saveResponse({
      battleId: 'late-voted-00000000004',
      turn: 0,
      side: 'b',
      modelId: 'gamma',
      text: '',
      status: 'error',
      finishReason: null,
      error: { kind: 'server', message: 'x' },
      metrics: metrics(60),
      endedAt: 0,
    });
    await store.createBattle(
      {
        id: 'early-voted-0000000005',
        sessionHash: 's',
        mode: 'blind',
        modelA: 'beta',
        modelB: 'gamma',
        createdAt: 1_700_000_400_000,
        flagged: 'side A named itself',
      },
      'Q',
    );
    for (const side of ['a', 'b'] as const) {
      await store.saveResponse({
        battleId: 'early-voted-0000000005',
        turn: 0,
        side,
        modelId: side === 'a' ? 'beta' : 'gamma',
        text: `t${side}`,
        status: 'finished',
        finishReason: null,
        error: null,
        metrics: metrics(70),
        endedAt: 0,
      });
    }
    await store.recordVote({
      battleId: 'early-voted-0000000005',
      choice: 'b',
      sessionHash: 's',
      createdAt: 1_700_000_500_000,
      decisionMs: 10,
      countsForRatings: true,
    });
    await store.recordVote({
      battleId: 'late-voted-00000000004',
      choice: 'a',
      sessionHash: 's',
      createdAt: 1_700_000_600_000,
      decisionMs: 20,
      countsForRatings: false,
    });
    // Public records without conversations, on both boards.
    const pub = { model_a: 'delta', model_b: 'epsilon', winner: 'model_a', conversation_a: null, conversation_b: null, turn: 1 };
    await importCleanBattles(
      [
        JSON.stringify({ ...pub, question_id: 'pub-blind', anony: true, tstamp: 1_700_000_700 }),
        JSON.stringify({ ...pub, question_id: 'pub-named', anony: false, tstamp: 1_700_000_800 }),
      ],
      store,
    );
    return store;
  }

  it('gives the same file and the same inputs to every board, the named board included', async () => {
    const original = await mixedStore();
    const first = await collect(exportCleanBattles(original));
    const copy = emptyStore();
    expect(await importCleanBattles(first, copy)).toMatchObject({ imported: first.length, invalid: [] });
    const second = await collect(exportCleanBattles(copy));
    expect(second).toEqual(first);
    // Only voted battles travel, so the original's boards match on them; copies of copies match in full.
    expect(await boards(copy)).toEqual(await boards(original));
    const copyOfCopy = emptyStore();
    await importCleanBattles(second, copyOfCopy);
    expect(await copyOfCopy.measuredFigures()).toEqual(await copy.measuredFigures());
    expect(await boards(copyOfCopy)).toEqual(await boards(copy));
    for (const mode of ['blind', 'named'] as const) {
      expect(await collect(exportCleanBattles(copy, { mode }))).toEqual(await collect(exportCleanBattles(original, { mode })));
    }
  });

  it('makes up no answers: a vote-only record stays vote-only, and an unstored side stays unstored', async () => {
    const copy = emptyStore();
    await importCleanBattles(exportCleanBattles(await mixedStore()), copy);
    const exported = (await collect(exportCleanBattles(copy))).map((l) => CleanBattle.parse(JSON.parse(l)));
    const voteOnly = exported.filter((b) => b.model_a === 'delta');
    expect(voteOnly).toHaveLength(2);
    for (const b of voteOnly) expect(b.conversation_a).toBeNull();
    expect((await copy.finishedResponses()).filter((r) => r.modelId === 'delta' || r.modelId === 'epsilon')).toEqual([]);
    expect(voteOnly.map((b) => b.versus?.mode)).toEqual(['blind', 'named']);
    // The failed side keeps its status; it is not turned into a finished answer.
    expect((await copy.getBattle('late-voted-00000000004'))!.responses.map((r) => r.status)).toEqual(['finished', 'error']);
  });
});
