import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderboardResponse } from '../../shared/api.ts';
import { CleanBattle } from '../../shared/clean-battle.ts';
import { NextReview, PromptSetSummary, RunProgress, SetResults, type ReviewItem } from '../../shared/prompt-set.ts';
import { createInvite } from '../../server/auth/invites.ts';
import { get, postJson, sessionOf, type Session } from '../auth/auth-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { GENEROUS_LIMITS, waitFor } from '../hardening/helpers.ts';

/**
 * /api/sets on a real team-mode server: an admin imports a CSV set and runs it
 * against two fake models; two reviewers each get every pair blind, in their
 * own random sides, and neither sees or can touch the other's votes; the
 * votes land on the set's board, the arena's leaderboard and the set's export.
 */

let openai: FakeServer;
let arena: TestArena;
let base: string;
let admin: Session;
let ada: Session;
let bob: Session;

const ALPHA = 'The parcel left our depot on Monday.';
const BETA = 'Please ask the courier.';

const CSV = [
  'prompt,system,tags,notes',
  '"Where is my order, please?",You answer support emails.,shipping;orders,wants a date',
  'Can I change my address?,,account,',
  '"He said ""refund"" twice",,billing,',
  'Do you ship abroad?,,shipping,',
  'My parcel is damaged,,shipping;claims,',
  'How do I cancel?,,account,',
].join('\r\n');

async function signIn(role: 'admin' | 'voter', name: string): Promise<Session> {
  const { token } = await createInvite(arena.server.storage.auth, { role, uses: 1, days: 1, createdBy: 'test' });
  const res = await postJson(base, '/auth/invite', { token, name });
  expect(res.status).toBe(200);
  return sessionOf(res)!;
}

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: {
      alpha: { tokens: ALPHA.split(/(?= )/), intervalMs: 1 },
      beta: { tokens: BETA.split(/(?= )/), intervalMs: 1 },
    },
  });
  arena = await startTestArena(
    {
      access: { mode: 'team' },
      limits: GENEROUS_LIMITS,
      endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
      models: [testModel('alpha', 'fake', 'alpha'), testModel('beta', 'fake', 'beta')],
    },
    { env: { VERSUS_TEAM_SECRET: 'a long enough team secret' } },
  );
  base = arena.server.url;
  admin = await signIn('admin', 'Admin');
  ada = await signIn('voter', 'Ada');
  bob = await signIn('voter', 'Bob');
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
});

async function nextFor(who: Session, runId: string): Promise<NextReview> {
  const res = await get(base, `/api/sets/runs/${runId}/review`, who);
  expect(res.status).toBe(200);
  return NextReview.parse(await res.json());
}

const vote = (who: Session, battleId: string, choice: string) => postJson(base, `/api/sets/review/${battleId}/vote`, { choice }, who);

describe('prompt sets over HTTP', () => {
  let setId: string;
  let runId: string;

  it('lets only an admin import; a name imported again is its next version', async () => {
    expect((await postJson(base, '/api/sets', { name: 'support', format: 'csv', content: CSV }, ada)).status).toBe(403);
    const bad = await postJson(base, '/api/sets', { name: 'support', format: 'csv', content: 'prompt,colour\nhi,red' }, admin);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems[0]).toContain('unknown column "colour"');

    const first = PromptSetSummary.parse(
      await (await postJson(base, '/api/sets', { name: 'support', format: 'csv', content: CSV }, admin)).json(),
    );
    expect(first).toMatchObject({ name: 'support', version: 1, items: 6 });
    const second = PromptSetSummary.parse(
      await (await postJson(base, '/api/sets', { name: 'support', format: 'csv', content: CSV }, admin)).json(),
    );
    expect(second.version).toBe(2);
    setId = first.id;
    const detail = (await (await get(base, `/api/sets/${setId}`, ada)).json()) as { items: unknown[] };
    expect(detail.items[0]).toEqual({
      prompt: 'Where is my order, please?',
      system: 'You answer support emails.',
      tags: ['shipping', 'orders'],
      notes: 'wants a date',
    });
    expect(detail.items[2]).toMatchObject({ prompt: 'He said "refund" twice', tags: ['billing'] });
  });

  it('estimates the cost from the catalog prices, then runs the set on the server', async () => {
    const est = await postJson(base, `/api/sets/${setId}/estimate`, { models: ['alpha', 'beta'] }, admin);
    const estimate = (await est.json()) as { totalUsd: number; models: { inputTokens: number }[] };
    // 1024 answer tokens at $2/M per answer, 6 prompts, 2 models, plus the prompts at $1/M.
    expect(estimate.totalUsd).toBeGreaterThan((2 * 6 * 1024 * 2) / 1e6);
    expect(estimate.models[0]!.inputTokens).toBeGreaterThan(20);

    expect((await postJson(base, `/api/sets/${setId}/runs`, { models: ['alpha', 'beta'] }, ada)).status).toBe(403);
    const started = await postJson(base, `/api/sets/${setId}/runs`, { models: ['alpha', 'beta'], concurrency: 2 }, admin);
    expect(started.status).toBe(201);
    runId = RunProgress.parse(await started.json()).run.id;
    const done = await waitFor(
      async () => {
        const p = RunProgress.parse(await (await get(base, `/api/sets/runs/${runId}`, ada)).json());
        return p.run.status === 'done' ? p : null;
      },
      'the run to finish',
      60_000,
    );
    expect(done).toMatchObject({ total: 12, done: 12, failed: 0 });
  });

  it('gives each reviewer every pair blind, in sides of their own, and keeps their votes apart', async () => {
    const battles: Record<string, ReviewItem[]> = { ada: [], bob: [] };
    for (const [name, who] of [
      ['ada', ada],
      ['bob', bob],
    ] as const) {
      for (let i = 0; i < 6; i++) {
        const next = await nextFor(who, runId);
        expect(next).toMatchObject({ voted: i, total: 6 });
        const item = next.item!;
        // Blind: nothing but the prompt and the two texts.
        expect(JSON.stringify(item)).not.toMatch(/alpha|beta/);
        // Asking again before voting gives the same pair, not a new one.
        expect((await nextFor(who, runId)).item!.battleId).toBe(item.battleId);
        battles[name]!.push(item);
        // Ada always prefers the dated answer; Bob calls every pair a tie.
        const choice = name === 'bob' ? 'tie' : item.answers.a === ALPHA ? 'a' : 'b';
        const res = await vote(who, item.battleId, choice);
        expect(res.status).toBe(200);
        const revealed = (await res.json()) as { models: { a: string; b: string } };
        expect(revealed.models[item.answers.a === ALPHA ? 'a' : 'b']).toBe('alpha');
      }
      expect(await nextFor(who, runId)).toEqual({ item: null, voted: 6, total: 6 });
    }
    const prompts = (n: string) => battles[n]!.map((b) => b.prompt).sort();
    expect(prompts('bob')).toEqual(prompts('ada'));
    const ids = [...battles.ada!, ...battles.bob!].map((b) => b.battleId);
    expect(new Set(ids).size).toBe(12);
    // Sides are drawn per reviewer and pair: over 12 battles both orders occur (all one way: 2 in 4096).
    const alphaOnA = [...battles.ada!, ...battles.bob!].filter((b) => b.answers.a === ALPHA).length;
    expect(alphaOnA).toBeGreaterThan(0);
    expect(alphaOnA).toBeLessThan(12);

    // Bob cannot vote on Ada's battle (it is not his: not found), nor Ada twice on hers.
    expect((await vote(bob, battles.ada![0]!.battleId, 'a')).status).toBe(404);
    expect((await vote(ada, battles.ada![0]!.battleId, 'b')).status).toBe(409);
  });

  it("puts the votes on the set's board with an interval, and on the arena's leaderboard", async () => {
    const results = SetResults.parse(await (await get(base, `/api/sets/${setId}/results`, ada)).json());
    expect(results.pairs).toHaveLength(1);
    const pair = results.pairs[0]!;
    expect(pair).toMatchObject({ modelA: 'alpha', modelB: 'beta', votes: 12, winsA: 6, winsB: 0, ties: 6, winRateA: 0.75 });
    expect(pair.ciLower!).toBeGreaterThan(0.4);
    expect(pair.ciLower!).toBeLessThan(0.75);
    expect(pair.ciUpper!).toBeGreaterThan(0.75);
    expect(pair.ciUpper!).toBeLessThanOrEqual(1);
    const alpha = results.models.find((m) => m.model === 'alpha')!;
    expect(alpha).toMatchObject({ answers: 6, failed: 0, outputTokens: ALPHA.split(/(?= )/).length * 6 });
    expect(alpha.totalCostUsd!).toBeGreaterThan(0);
    expect(alpha.medianTtftMs).not.toBeNull();

    const board = LeaderboardResponse.parse(await (await get(base, '/api/leaderboard?mode=blind', ada)).json());
    expect(JSON.stringify(board)).toContain('alpha');
  });

  it('exports the set as clean battles with the set and the measurements (admins only)', async () => {
    expect((await get(base, `/api/sets/${setId}/export.jsonl`, ada)).status).toBe(403);
    const res = await get(base, `/api/sets/${setId}/export.jsonl`, admin);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines).toHaveLength(12);
    for (const line of lines) {
      const record = JSON.parse(line) as { set: { name: string; version: number; tags: string[] } };
      expect(record.set).toMatchObject({ name: 'support', version: 1 });
      const clean = CleanBattle.parse(record);
      expect(clean.versus!.measurements[0]!.a!.ttftMs).not.toBeNull();
    }
  });
});
