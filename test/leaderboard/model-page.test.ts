import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadToHeadResponse } from '../../shared/api.ts';
import { ModelPageResponse } from '../../shared/model-page-api.ts';
import type { CleanBattle, CleanWinner } from '../../shared/clean-battle.ts';
import type { PairCountRow, RatedVote } from '../../db/battle-store.ts';
import { opponentRecords } from '../../server/leaderboard/opponent-records.ts';
import { MAX_HISTORY_POINTS, ratingHistory, WEEK_MS } from '../../server/leaderboard/rating-history.ts';
import type { BattleStore } from '../../db/battle-store.ts';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import { importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import { HISTORY_TTL_MS, HistoryVotes } from '../../server/leaderboard/history-votes.ts';
import { anyNumber, anyString } from '../helpers/match.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testModel } from '../helpers/test-model.ts';

const vote = (
  n: number,
  modelA: string,
  modelB: string,
  choice: RatedVote['choice'],
  tstamp = n,
  mode: RatedVote['mode'] = 'blind',
): RatedVote => ({
  battleId: `b${n}`,
  mode,
  modelA,
  modelB,
  choice,
  tstamp,
  countsForRatings: true,
  flagged: null,
});

/** The pair counts the database keeps for these votes (all counted, none voided): one row per board and ordered pair. */
function pairsOf(votes: readonly RatedVote[]): PairCountRow[] {
  const rows = new Map<string, PairCountRow>();
  for (const v of votes) {
    const k = `${v.mode}|${v.modelA}|${v.modelB}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { mode: v.mode, modelA: v.modelA, modelB: v.modelB, winsA: 0, winsB: 0, ties: 0, bothBad: 0 }));
    if (v.choice === 'a') r.winsA++;
    else if (v.choice === 'b') r.winsB++;
    else if (v.choice === 'tie') r.ties++;
    else r.bothBad++;
  }
  return [...rows.values()];
}

describe('opponent records', () => {
  it("counts every vote from the model's side, whichever side it sat on, most-met first", () => {
    const votes = [
      vote(1, 'x', 'y', 'a'),
      vote(2, 'y', 'x', 'a'),
      vote(3, 'y', 'x', 'b'),
      vote(4, 'x', 'z', 'tie'),
      vote(5, 'z', 'x', 'both_bad'),
      vote(6, 'x', 'y', 'b'),
      vote(7, 'y', 'z', 'a'),
      vote(8, 'x', 'y', 'a', 8, 'named'),
    ];
    const ratings: Record<string, number | null> = { x: 1100, y: 1000, z: null };
    const recs = opponentRecords(
      'x',
      pairsOf(votes),
      'blind',
      (id) => id.toUpperCase(),
      (id) => ratings[id] ?? null,
    );
    expect(recs.map(({ predictedWin: _p, ...r }) => r)).toEqual([
      { modelId: 'y', label: 'Y', wins: 2, losses: 2, ties: 0, bothBad: 0 },
      { modelId: 'z', label: 'Z', wins: 0, losses: 0, ties: 1, bothBad: 1 },
    ]);
    expect(recs[0]!.predictedWin).toBeCloseTo(1 / (1 + 10 ** (-100 / 400)), 12);
    expect(recs[1]!.predictedWin).toBeNull();
    // The named vote counts on the named board only.
    expect(opponentRecords('x', pairsOf(votes), 'named', String, () => null)).toEqual([
      { modelId: 'y', label: 'y', wins: 1, losses: 0, ties: 0, bothBad: 0, predictedWin: null },
    ]);
    // Both boards together; a pair whose votes were all voided (a row of zeros) is not an opponent met.
    const voidedPair: PairCountRow = { mode: 'blind', modelA: 'w', modelB: 'x', winsA: 0, winsB: 0, ties: 0, bothBad: 0 };
    expect(
      opponentRecords('x', [...pairsOf(votes), voidedPair], 'all', String, () => null).map((r) => [r.modelId, r.wins, r.losses]),
    ).toEqual([
      ['y', 3, 2],
      ['z', 0, 0],
    ]);
  });
});

describe('rating over time', () => {
  const DAY = 86_400_000;
  /** Ten weeks: up to week 5 the model loses 2 of 3; after, it wins 5 of 6. */
  const votes: RatedVote[] = [];
  for (let d = 0; d < 70; d++) {
    const early = d < 35;
    for (const [k, opp] of ['p', 'q', 'r'].entries()) {
      const win = early ? k === 0 : k !== 2 || d % 2 === 0;
      votes.push(vote(votes.length, 'm', opp, win ? 'a' : 'b', d * DAY + k));
      votes.push(vote(votes.length, opp, ['p', 'q', 'r'][(k + 1) % 3]!, d % 3 === 0 ? 'tie' : 'a', d * DAY + 10 + k));
    }
  }

  it('refits the board at weekly cuts from the first vote to the last, relative to each moment', () => {
    // 21 votes a week for m: provisional in week 1 only.
    const { points, stepMs } = ratingHistory('m', votes, { provisionalVotes: 30 });
    expect(stepMs).toBe(WEEK_MS);
    expect(points).toHaveLength(10);
    expect(points.at(-1)!.at).toBe(votes.at(-1)!.tstamp);
    // Votes only grow; early points are provisional, later ones established.
    for (let i = 1; i < points.length; i++) expect(points[i]!.votes).toBeGreaterThan(points[i - 1]!.votes);
    expect(points[0]!.provisional).toBe(true);
    expect(points.at(-1)!.provisional).toBe(false);
    // Winning more after week 5 lifts the rating.
    expect(points.at(-1)!.rating!).toBeGreaterThan(points[3]!.rating!);
    for (const p of points) if (p.rating !== null) expect(p.ciLower!).toBeLessThan(p.rating);
  });

  it('is bounded: a long span takes wider steps, never more than the cap', () => {
    const spread = votes.map((v, i) => ({ ...v, tstamp: i * 3 * DAY }));
    const { points, stepMs } = ratingHistory('m', spread, { provisionalVotes: 20 });
    expect(points.length).toBeLessThanOrEqual(MAX_HISTORY_POINTS);
    expect(stepMs % WEEK_MS).toBe(0);
    expect(stepMs).toBeGreaterThan(WEEK_MS);
    expect(ratingHistory('nobody', votes, { provisionalVotes: 20 }).points).toEqual([]);
  });
});

/** The store, counting calls by method name. */
function counting(store: BattleStore, calls: Map<string, number>): BattleStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

describe('GET /api/model and the new head-to-head fields', () => {
  let t: TestApp;
  const calls = new Map<string, number>();
  const battle = (n: number, a: string, b: string, winner: CleanWinner): CleanBattle => ({
    question_id: `q${n}`,
    model_a: a,
    model_b: b,
    winner,
    judge: 'tester',
    conversation_a: [{ role: 'user', content: `prompt ${n}` }],
    conversation_b: [{ role: 'user', content: `prompt ${n}` }],
    turn: 1,
    anony: true,
    tstamp: 1_700_000_000 + n * 86_400,
  });

  beforeAll(async () => {
    t = await createTestApp(
      {
        endpoints: [{ id: 'e', kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'TEST_ONLY_KEY_UNSET', label: 'Example host' }],
        models: [
          testModel('big', 'e', 'big', {
            label: 'Big',
            benchmarks: [{ benchmark: 'MMLU', score: 80, source: 'maker <card>', date: '2025-01-01' }],
            capabilities: { inputModalities: ['text', 'image'], toolCalling: true },
          }),
          testModel('small', 'e', 'small', {
            label: 'Small',
            pricing: { inputPerMTok: 0, outputPerMTok: 0 },
            referencePrices: [{ provider: 'Host', inputPerMTok: 0.05, outputPerMTok: 0.1, source: 'host pricing', date: '2025-02-01' }],
          }),
        ],
        ratings: { rounds: 0, provisionalVotes: 2 },
      },
      [
        battle(1, 'big', 'small', 'model_a'),
        battle(2, 'small', 'big', 'model_b'),
        battle(3, 'big', 'small', 'tie'),
        battle(4, 'big', 'small', 'model_b'),
      ],
      {},
      { wrapStore: (s) => counting(s, calls) },
    );
  });
  afterAll(() => t?.close());

  it('one model: facts, endpoint, record against each opponent, rating history', async () => {
    const res = await t.app.request('/api/model?id=big');
    expect(res.status).toBe(200);
    const page = ModelPageResponse.parse(await res.json());
    expect(page.model.row.label).toBe('Big');
    expect(page.model.benchmarks).toEqual([{ benchmark: 'MMLU', score: 80, scale: 'percent', source: 'maker <card>', date: '2025-01-01' }]);
    expect(page.model.endpoint).toEqual({
      id: 'e',
      label: 'Example host',
      kind: 'openai',
      available: false,
      unavailableReason: anyString(),
    });
    expect(page.opponents).toEqual([
      { modelId: 'small', label: 'Small', wins: 2, losses: 1, ties: 1, bothBad: 0, predictedWin: anyNumber() },
    ]);
    expect(page.history.length).toBeGreaterThan(0);
    expect(page.history.at(-1)!.votes).toBe(4);
    expect(page.historyStepDays).toBe(7);
    expect(page.historyVotes).toEqual({ read: 4, complete: true });
    // Bounded per request: the model's pair counts, its latest answers and the latest votes, never every vote or answer.
    for (const m of ['ratedVotes', 'ratedVotesAfter', 'measuredFigures', 'finishedResponses']) expect(calls.get(m) ?? 0).toBe(0);
    expect(calls.get('pairCounts')).toBe(1);
    // The record is what every vote read and tallied gives (the old computation).
    const all = await t.store.ratedVotes();
    const fromVotes = { wins: 0, losses: 0, ties: 0 };
    for (const v of all) {
      if (v.choice === 'tie') fromVotes.ties++;
      else if ((v.choice === 'a') === (v.modelA === 'big')) fromVotes.wins++;
      else fromVotes.losses++;
    }
    expect(page.opponents[0]).toMatchObject(fromVotes);
    expect((await t.app.request('/api/model?id=nobody')).status).toBe(404);
    expect((await t.app.request('/api/model')).status).toBe(400);
  });

  it('head-to-head carries hosted prices, the self-hosted flag and the choose lists', async () => {
    const h = HeadToHeadResponse.parse(await (await t.app.request('/api/head-to-head?a=big&b=small')).json());
    expect(h.a.selfHosted).toBe(false);
    expect(h.b.selfHosted).toBe(true);
    expect(h.b.hostedPrice).toMatchObject({ provider: 'Host', viaEndpoint: false });
    expect(h.hostedPriceRatio).toMatchObject({ cheaper: 'b' });
    expect(h.hostedPriceRatio!.times).toBeCloseTo(1.25 / 0.0625, 9);
    expect(h.observedMix).toBeNull();
    expect(h.choose.b.map((c) => c.key)).toContain('hosted-price');
    expect(h.choose.a.map((c) => c.key)).toContain('tool-calling');
  });
});

describe('the votes a rating history is refitted from', () => {
  it('are the latest ones only, oldest first, said to be incomplete when older ones exist; read again once votes change', async () => {
    const storage = openSqliteStore(':memory:');
    try {
      const line = (n: number) =>
        JSON.stringify({
          question_id: `h${n}`,
          model_a: 'p',
          model_b: 'q',
          winner: 'model_a',
          judge: 't',
          turn: 1,
          anony: true,
          tstamp: 1_700_000_000 + n,
        });
      await importCleanBattles([1, 2, 3, 4, 5].map(line), storage.battles);
      let changes = 0;
      const calls = new Map<string, number>();
      let now = 1e12;
      const history = new HistoryVotes(
        counting(storage.battles, calls),
        () => changes,
        3,
        () => now,
      );
      const w = await history.window();
      expect(w.complete).toBe(false);
      expect(w.votes.map((v) => v.tstamp)).toEqual([3, 4, 5].map((n) => (1_700_000_000 + n) * 1000));
      await history.window();
      expect(calls.get('latestRatedVotes')).toBe(1);
      expect(calls.get('ratedVotes') ?? 0).toBe(0);
      const wide = await new HistoryVotes(storage.battles, () => changes, 10).window();
      expect(wide).toMatchObject({ complete: true });
      expect(wide.votes).toHaveLength(5);
      changes++;
      await history.window();
      // Within the TTL a change alone does not force a reread; past it, it does.
      expect(calls.get('latestRatedVotes')).toBe(1);
      now += HISTORY_TTL_MS + 1;
      await history.window();
      expect(calls.get('latestRatedVotes')).toBe(2);
    } finally {
      await storage.close();
    }
  });
});
