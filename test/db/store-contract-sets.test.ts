import { afterAll, describe, expect, it } from 'vitest';
import type { ResponseRecord } from '../../db/battle-store.ts';
import type { Store } from '../../db/store.ts';
import type { SetAnswer, SetRunSummary } from '../../shared/prompt-set.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';
import { battle, metrics, votedBattle } from './store-fixtures.ts';

/** The prompt-set store's contract on every backend: versions, answers stored once, review battles whole and once per reviewer. */
describe.each(backendsUnderTest())('the set store on $name', (backend) => {
  afterAll(() => backend.cleanup());
  const test = it.skipIf(backend.skip);

  const items = [
    { prompt: 'Where is my order?', system: 'Be brief.', tags: ['shipping'], notes: 'a date' },
    { prompt: 'Null \u0000 byte and "quotes"', tags: [] },
  ];
  const run = (over: Partial<SetRunSummary> = {}): SetRunSummary => ({
    id: 'run-1',
    setId: 'set-1',
    models: ['alpha', 'beta'],
    concurrency: 4,
    status: 'running',
    createdBy: 'admin-1',
    createdAt: 1_000,
    finishedAt: null,
    ...over,
  });
  const answer = (idx: number, modelId: string, over: Partial<SetAnswer> = {}): SetAnswer => ({
    runId: 'run-1',
    idx,
    modelId,
    text: `answer ${idx} by ${modelId}`,
    status: 'finished',
    finishReason: { unified: 'stop', raw: 'stop' },
    error: null,
    metrics: metrics(),
    attempts: 1,
    endedAt: 2_000 + idx,
    ...over,
  });

  /** A review battle of the set's first prompt between alpha and beta, for one reviewer, both answers finished. */
  const reviewBattle = (id: string, reviewer: string, figures = metrics()) => ({
    battle: battle(id, { sessionHash: `session-${reviewer}`, createdAt: 3_000 }),
    prompt: items[0]!.prompt,
    responses: (['a', 'b'] as const).map((side) => ({
      battleId: id,
      turn: 0,
      side,
      modelId: side === 'a' ? 'alpha' : 'beta',
      text: `answer by ${side}`,
      status: 'finished' as const,
      finishReason: null,
      error: null,
      metrics: figures,
      endedAt: 2_000,
    })) as [ResponseRecord, ResponseRecord],
    runId: 'run-1',
    idx: 0,
    pairKey: 'alpha beta',
    reviewer,
  });

  async function seeded(s: Store): Promise<void> {
    await s.sets.createSet({ id: 'set-1', name: 'support', createdBy: 'admin-1', createdAt: 500 }, items);
    await s.sets.createRun(run());
  }

  test('numbers versions per name and reads items back as imported', async () => {
    const s = await (await backend.fresh()).open();
    const v1 = await s.sets.createSet({ id: 'set-1', name: 'support', createdBy: 'admin-1', createdAt: 500 }, items);
    const v2 = await s.sets.createSet({ id: 'set-2', name: 'support', createdBy: 'admin-1', createdAt: 600 }, items.slice(0, 1));
    const other = await s.sets.createSet({ id: 'set-3', name: 'sales', createdBy: 'admin-1', createdAt: 700 }, items);
    expect([v1.version, v2.version, other.version]).toEqual([1, 2, 1]);
    expect((await s.sets.sets()).map((x) => [x.id, x.version, x.items])).toEqual([
      ['set-3', 1, 2],
      ['set-2', 2, 1],
      ['set-1', 1, 2],
    ]);
    const back = await s.sets.items('set-1');
    expect(back[0]).toEqual(items[0]);
    // PostgreSQL text cannot hold U+0000: it is stored as U+FFFD there, as every other text is.
    expect(['Null \u0000 byte and "quotes"', 'Null \uFFFD byte and "quotes"']).toContain(back[1]!.prompt);
    expect(await s.sets.getSet('nope')).toBeNull();
  });

  test('stores each answer of a run once and finishes a run once', async () => {
    const s = await (await backend.fresh()).open();
    await seeded(s);
    expect(await s.sets.saveAnswer(answer(0, 'alpha'))).toBe('saved');
    expect(await s.sets.saveAnswer(answer(0, 'alpha', { text: 'a second try' }))).toBe('duplicate');
    await s.sets.saveAnswer(answer(1, 'beta', { status: 'error', error: { kind: 'bad_request', message: 'no' } }));
    expect(await s.sets.answers('run-1')).toEqual([
      answer(0, 'alpha'),
      answer(1, 'beta', { status: 'error', error: { kind: 'bad_request', message: 'no' } }),
    ]);
    expect((await s.sets.answerKeys('run-1')).sort((a, b) => a.idx - b.idx)).toEqual([
      { idx: 0, modelId: 'alpha', status: 'finished' },
      { idx: 1, modelId: 'beta', status: 'error' },
    ]);
    await s.sets.finishRun('run-1', 'done', 9_000);
    await s.sets.finishRun('run-1', 'cancelled', 9_500);
    expect(await s.sets.getRun('run-1')).toEqual(run({ status: 'done', finishedAt: 9_000 }));
    expect(await s.sets.runs('set-1')).toHaveLength(1);
  });

  test('writes a review battle whole, once per reviewer, prompt and pair, and reads its votes for the set', async () => {
    const s = await (await backend.fresh()).open();
    await seeded(s);
    const review = (id: string, reviewer: string) => reviewBattle(id, reviewer);
    expect(await Promise.all([s.sets.openReview(review('rev-ada-1', 'ada')), s.sets.openReview(review('rev-ada-2', 'ada'))])).toEqual([
      'rev-ada-1',
      'rev-ada-1',
    ]);
    expect(await s.sets.openReview(review('rev-bob-1', 'bob'))).toBe('rev-bob-1');
    expect(await s.battles.getBattleRecord('rev-ada-2')).toBeNull();
    const d = await s.battles.getBattle('rev-ada-1');
    expect(d!.turns.map((t) => t.prompt)).toEqual([items[0]!.prompt]);
    expect(d!.responses.map((r) => r.text)).toEqual(['answer by a', 'answer by b']);
    expect(await s.sets.reviews('run-1', 'ada')).toEqual([
      { battleId: 'rev-ada-1', runId: 'run-1', idx: 0, pairKey: 'alpha beta', reviewer: 'ada', voted: false },
    ]);

    await s.battles.recordVote({
      battleId: 'rev-bob-1',
      choice: 'b',
      sessionHash: 'session-bob',
      createdAt: 4_000,
      decisionMs: null,
      countsForRatings: true,
    });
    expect((await s.sets.reviewOf('rev-bob-1'))!.voted).toBe(true);
    expect(await s.sets.setVotes('set-1')).toEqual([
      {
        battleId: 'rev-bob-1',
        runId: 'run-1',
        idx: 0,
        modelA: 'alpha',
        modelB: 'beta',
        choice: 'b',
        reviewer: 'bob',
        createdAt: 4_000,
        countsForRatings: true,
        voided: false,
      },
    ]);
    expect(await s.sets.setVotes('other-set')).toEqual([]);
  });
  test("leaves review copies out of the arena's measured figures, token totals and chart samples", async () => {
    const s = await (await backend.fresh()).open();
    await seeded(s);
    // One live battle: its two answers are measured once.
    await votedBattle(s, 'live-1');
    // No review yet: the condition's first branch (there is none at all) lets every answer through.
    expect(await s.battles.recentMeasuredFigures('alpha', 100)).toHaveLength(1);
    expect((await s.battles.tokenTotals(['alpha'])).map((t) => t.answers)).toEqual([1]);
    const copy = (id: string, reviewer: string) => reviewBattle(id, reviewer, metrics({ ttftMs: 9_999 }));
    // Two reviewers judge the same set answers: two copies of each, which must not count as measured answers.
    await s.sets.openReview(copy('rev-ada', 'ada'));
    await s.sets.openReview(copy('rev-bob', 'bob'));
    expect(await s.battles.getBattle('rev-ada')).not.toBeNull();

    const alpha = await s.battles.recentMeasuredFigures('alpha', 100);
    expect(alpha).toHaveLength(1);
    expect(alpha[0]!.ttftMs).not.toBe(9_999);
    expect((await s.battles.finishedResponses('alpha')).map((r) => r.battleId)).toEqual(['live-1']);
    expect((await s.battles.finishedResponses()).map((r) => r.battleId)).toEqual(['live-1', 'live-1']);
    const totals = await s.battles.tokenTotals(['alpha']);
    expect(totals.map((t) => t.answers)).toEqual([1]);
    const samples = await s.battles.answerSamples(100);
    expect(samples.map((x) => x.ttftMs)).not.toContain(9_999);
    expect(samples).toHaveLength(2);
  });
});
