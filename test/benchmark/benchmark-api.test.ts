import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchmarkList, BenchmarkRun, type BenchmarkPlan } from '../../shared/benchmark.ts';
import { BenchmarkEstimate } from '../../shared/benchmark.ts';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testModel } from '../helpers/test-model.ts';

const SECRET = 'sixteen characters at least';
let fake: FakeServer;
let t: TestApp;

beforeAll(async () => {
  fake = await startFakeOpenAI({
    models: {
      quick: { tokens: Array.from({ length: 12 }, () => ' x'), firstTokenMs: 20, intervalMs: 25 },
      stalls: { tokens: ['a'], end: { type: 'stall' } },
    },
  });
  t = await createTestApp({
    endpoints: [
      { id: 'here', kind: 'openai', baseURL: fake.baseURL, label: 'Fake here' },
      { id: 'there', kind: 'openai', baseURL: fake.baseURL, label: 'Fake there' },
    ],
    models: [
      testModel('paid', 'here', 'quick', { pricing: { inputPerMTok: 3, outputPerMTok: 15 } }),
      testModel('free-here', 'here', 'quick', { pricing: { inputPerMTok: 0, outputPerMTok: 0 } }),
      testModel('free-there', 'there', 'quick', { pricing: { inputPerMTok: 0, outputPerMTok: 0 } }),
      testModel('slow-free', 'here', 'stalls', { pricing: { inputPerMTok: 0, outputPerMTok: 0 } }),
    ],
  });
});

afterAll(async () => {
  await t?.benchmarks.stopAll();
  t?.close();
  await fake?.close();
});

const plan = (over: Partial<BenchmarkPlan> = {}): BenchmarkPlan => ({
  model: 'paid',
  concurrency: [1, 2],
  requestsPerLevel: 2,
  promptLengths: { minTokens: 100, maxTokens: 300, seed: 1 },
  outputTokens: 12,
  ...over,
});

const post = (app: TestApp, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function started(res: Response): Promise<BenchmarkRun> {
  expect(res.status).toBe(202);
  return BenchmarkRun.parse(((await res.json()) as { run: unknown }).run);
}

async function finished(id: string): Promise<BenchmarkRun> {
  await t.benchmarks.settled(id);
  return BenchmarkRun.parse(((await (await t.app.request(`/api/benchmarks/${id}`)).json()) as { run: unknown }).run);
}

describe('/api/benchmarks', () => {
  it('estimates a plan at its upper bound from the catalog prices', async () => {
    const res = await post(t, '/api/benchmarks/estimate', plan());
    const { estimate } = (await res.json()) as { estimate: unknown };
    // 4 requests with prompts of at most 300 tokens and answers of at most 12, and 1 + 2 one-token warm-ups of 24:
    // 1272 × $3 + 51 × $15 per million.
    expect(BenchmarkEstimate.parse(estimate)).toEqual({
      requests: 7,
      inputTokens: 1272,
      outputTokens: 51,
      costUsd: (1272 * 3 + 51 * 15) / 1e6,
      needsConfirmation: true,
    });
  });

  it('starts a paid benchmark only with the estimate confirmed, and one per person at a time', async () => {
    const refused = await post(t, '/api/benchmarks', plan());
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { estimate: { costUsd: number } };
    expect(body.estimate.costUsd).toBeCloseTo(0.004581, 10);
    expect((await post(t, '/api/benchmarks', { ...plan(), confirmed: { costUsd: 0.001 } })).status).toBe(409);
    expect(fake.chatRequests).toHaveLength(0);

    const run = await started(await post(t, '/api/benchmarks', { ...plan(), confirmed: { costUsd: body.estimate.costUsd } }));
    expect(run).toMatchObject({ status: 'running', model: 'paid', endpointId: 'here', providerLabel: 'Fake here', startedBy: 'local' });
    const again = await post(t, '/api/benchmarks', { ...plan({ model: 'free-here' }) });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/already have a benchmark running/);

    const done = await finished(run.id);
    expect(done.status).toBe('finished');
    expect(done.levels.map((l) => [l.concurrency, l.requests, l.succeeded])).toEqual([
      [1, 2, 2],
      [2, 2, 2],
    ]);
    // Each answer's cost from the provider's usage at the catalog price (its tokenizer, not the estimate's).
    for (const l of done.levels) expect(l.costUsd).toBeCloseTo((l.inputTokens * 3 + l.outputTokens * 15) / 1e6, 12);
    expect(done.levels.reduce((s, l) => s + l.outputTokens, 0)).toBeLessThanOrEqual(done.estimate.outputTokens);
  });

  it('runs a free model without confirmation, and lists, compares and exports the runs of one upstream model', async () => {
    const here = await started(await post(t, '/api/benchmarks', plan({ model: 'free-here', concurrency: [2] })));
    await finished(here.id);
    const there = await started(await post(t, '/api/benchmarks', plan({ model: 'free-there', concurrency: [2] })));
    await finished(there.id);

    const list = BenchmarkList.parse(await (await t.app.request('/api/benchmarks?upstreamModel=quick')).json());
    expect(list.runs.map((r) => r.endpointId).slice(0, 2)).toEqual(['there', 'here']);
    expect(list.runs.every((r) => r.upstreamModel === 'quick')).toBe(true);

    const json = await t.app.request(`/api/benchmarks/export?ids=${here.id},${there.id}&format=json`);
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="versus-benchmarks.json"');
    expect(BenchmarkList.parse(await json.json()).runs.map((r) => r.id)).toEqual([here.id, there.id]);

    const csv = await t.app.request(`/api/benchmarks/export?ids=${here.id},${there.id}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(
      /^run_id,model,upstream_model,endpoint,provider,created_at,status,concurrency,requests,succeeded,duration_ms,ttft_ms_p50,/,
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(2, 4))).toEqual([
      ['quick', 'here'],
      ['quick', 'there'],
    ]);
    expect((await t.app.request('/api/benchmarks/export?ids=not-an-id')).status).toBe(400);
  });

  it('cancels a run: its requests are aborted upstream and it is stored as cancelled', async () => {
    // This model never finishes an answer: the run is cancelled during its first warm-up, before any level.
    const before = fake.chatRequests.length;
    const run = await started(await post(t, '/api/benchmarks', plan({ model: 'slow-free', concurrency: [2, 4] })));
    await fake.waitForChatRequest(before);
    const cancel = await t.app.request(`/api/benchmarks/${run.id}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(cancel.status).toBe(200);
    const done = await finished(run.id);
    expect(done).toMatchObject({ status: 'cancelled', note: 'Cancelled' });
    expect(done.levels).toEqual([]);
    expect(await fake.waitForOutcome(before)).toBe('aborted');
    expect((await t.storage.benchmarks.getRun(run.id))!.status).toBe('cancelled');
  });

  it('refuses plans past the bounds and unknown models, before sending anything', async () => {
    const sent = fake.chatRequests.length;
    const status = async (body: unknown) => (await post(t, '/api/benchmarks', body)).status;
    expect(await status(plan({ model: 'free-here', concurrency: [33] }))).toBe(400);
    expect(await status(plan({ model: 'free-here', concurrency: [1, 1] }))).toBe(400);
    expect(await status(plan({ model: 'free-here', requestsPerLevel: 201 }))).toBe(400);
    expect(await status(plan({ model: 'free-here', concurrency: [1, 2, 3, 4, 5, 6], requestsPerLevel: 200 }))).toBe(400);
    expect(await status(plan({ model: 'free-here', outputTokens: 5000 }))).toBe(400);
    expect(await status(plan({ model: 'nope' }))).toBe(404);
    expect(fake.chatRequests.length).toBe(sent);
  });
});

describe('/api/benchmarks in team mode', () => {
  it('lets a voter read runs but not start one', async () => {
    const team = await createTestApp(
      {
        access: { mode: 'team' },
        endpoints: [{ id: 'here', kind: 'openai', baseURL: fake.baseURL }],
        models: [testModel('free-here', 'here', 'quick', { pricing: { inputPerMTok: 0, outputPerMTok: 0 } })],
      },
      [],
      { VERSUS_TEAM_SECRET: SECRET },
    );
    try {
      expect((await post(team, '/api/benchmarks', plan({ model: 'free-here' }))).status).toBe(401);
      const signIn = await post(team, '/auth/secret', { secret: SECRET });
      const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
      expect((await team.app.request('/api/benchmarks', { headers: { cookie } })).status).toBe(200);
      const res = await post(team, '/api/benchmarks', plan({ model: 'free-here' }), { cookie });
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/editor or an admin/);
    } finally {
      team.close();
    }
  });
});
