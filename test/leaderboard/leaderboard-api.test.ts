import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadToHeadResponse, LeaderboardResponse } from '../../shared/api.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';

let fake: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  fake = await startFakeOpenAI({
    models: {
      strong: { tokens: ['A', ' fine', ' answer'], usage: { inputTokens: 10, outputTokens: 3 } },
      weak: { tokens: ['meh'], usage: { inputTokens: 10, outputTokens: 1 } },
      braggart: { tokens: ['As', ' an', ' Acme', ' model'] },
    },
  });
  arena = await startTestArena({
    endpoints: [{ id: 'f', kind: 'openai', baseURL: fake.baseURL }],
    models: [
      testModel('strong', 'f', 'strong', { pricing: { inputPerMTok: 2, outputPerMTok: 8 } }),
      testModel('weak', 'f', 'weak', { pricing: { inputPerMTok: 0.4, outputPerMTok: 1.6 } }),
      testModel('braggart', 'f', 'braggart', { organisation: 'Acme' }),
    ],
    ratings: { rounds: 200, seed: 1 },
    limits: { battles: { burst: 100, perMinute: 600 }, votes: { burst: 100, perMinute: 600 } },
  });
});

afterAll(async () => {
  await arena?.close();
  await fake?.close();
});

/** Runs a battle and votes for the side holding `winner` (or ties). */
async function battle(
  client: TestClient,
  mode: 'blind' | 'named',
  models: { a: string; b: string } | undefined,
  choose: (a: string, b: string) => 'a' | 'b' | 'tie',
) {
  const requestId = `r${Math.random()}`;
  client.send({ type: 'start', mode, prompt: 'Rate me', requestId, ...(models ? { models } : {}) });
  const { battleId } = await client.next('battle-started', (m) => m.requestId === requestId);
  await client.next('turn-ended', (m) => m.battleId === battleId);
  const stored = (await arena.server.store.getBattle(battleId))!.battle;
  client.send({ type: 'vote', battleId, choice: choose(stored.modelA, stored.modelB), requestId: `${requestId}v` });
  return client.next('vote-recorded', (m) => m.requestId === `${requestId}v`);
}

describe('leaderboard and head-to-head from battles run through the arena', () => {
  it('rates blind votes, leaves out self-naming answers, and compares two models', async () => {
    const client = await TestClient.connect(arena.wsUrl, { cookie: `versus_sid=${'L'.repeat(32)}` });
    // strong beats weak 6 times out of 8 in named battles: those count only in the named board.
    for (let i = 0; i < 8; i++) await battle(client, 'named', { a: 'strong', b: 'weak' }, () => (i < 6 ? 'a' : 'b'));
    // Blind battles among all three; strong always wins, the rest tie.
    for (let i = 0; i < 9; i++) await battle(client, 'blind', undefined, (a, b) => (a === 'strong' ? 'a' : b === 'strong' ? 'b' : 'tie'));

    const blind = LeaderboardResponse.parse(await (await fetch(`${arena.server.url}/api/leaderboard`)).json());
    const flagged = (await arena.server.store.ratedVotes()).filter((v) => v.mode === 'blind' && v.flagged);
    const blindCounted = (await arena.server.store.ratedVotes()).filter((v) => v.mode === 'blind' && !v.flagged);
    // Every blind battle with the braggart named "Acme" and was flagged; only the others count.
    expect(flagged.every((v) => v.modelA === 'braggart' || v.modelB === 'braggart')).toBe(true);
    expect(blind.totalVotes).toBe(blindCounted.length);
    const rated = blind.rows.filter((r) => r.rating !== null);
    if (blindCounted.length > 0) expect(rated[0]!.modelId).toBe('strong');
    expect(blind.rows.find((r) => r.modelId === 'braggart')?.votes ?? 0).toBe(0);

    const named = LeaderboardResponse.parse(await (await fetch(`${arena.server.url}/api/leaderboard?mode=named`)).json());
    expect(named.totalVotes).toBe(8);
    expect(named.provisionalVotes).toBe(50); // the default
    const strong = named.rows.find((r) => r.modelId === 'strong')!;
    // 8 votes: provisional, so no rank, and a profile-likelihood interval.
    expect(strong).toMatchObject({
      wins: 6,
      losses: 2,
      votes: 8,
      winRate: 0.75,
      provisional: true,
      rankUB: null,
      ciMethod: 'profile',
      blendedPerMTok: 3.5,
    });
    // Two models, 6:2 → the maximum-likelihood gap is exactly 400·log10(3) ≈ 191 (no prior pulls it in).
    const weak = named.rows.find((r) => r.modelId === 'weak')!;
    expect(strong.rating! - weak.rating!).toBeCloseTo(400 * Math.log10(3), 3);
    expect(named.anchor).toEqual({ model: null, value: 1000, models: ['strong', 'weak'] });
    expect(strong.ciLower!).toBeLessThan(strong.rating! - 100);
    expect(strong.ciUpper!).toBeGreaterThan(strong.rating! + 100);
    expect(strong.ttftMs.samples).toBeGreaterThan(0);
    expect(named.pairwise.winFraction[0]![1]).toBe(0.75);

    const h2h = HeadToHeadResponse.parse(await (await fetch(`${arena.server.url}/api/head-to-head?a=weak&b=strong&mode=named`)).json());
    expect(h2h.record).toEqual({ aWins: 2, bWins: 6, ties: 0, bothBad: 0 });
    expect(h2h.predictedWinA!).toBeLessThan(0.5);
    expect(h2h.priceRatio).toMatchObject({ cheaper: 'a' });
    expect(h2h.priceRatio!.times!).toBeCloseTo(5, 10);
    expect(h2h.a.monthlyCostUsd.map((m) => m.tokens)).toEqual([1_000_000, 10_000_000, 100_000_000]);
    h2h.a.monthlyCostUsd.forEach((m, i) => expect(m.usd!).toBeCloseTo([0.7, 7, 70][i]!, 10));
    expect(h2h.verdict).toMatch(/5\.0× cheaper/);
    expect(h2h.thinEvidence).toBe(true);
    expect(h2h.a.row.provisional && h2h.b.row.provisional).toBe(true);
    expect(h2h.verdict).toMatch(
      /^The evidence is thin: Label weak has 8 counted votes, and Label strong has 8 counted votes; ratings are provisional below 50 votes\./,
    );
    expect(h2h.verdict).toMatch(/Label strong|close to call|tied/);
    await client.close();
  });
});
