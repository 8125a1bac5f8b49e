import { matching } from '../helpers/match.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOW_TO_ADD_PROVIDER } from '../../server/setup-help.ts';
import { ApiError, HeadToHeadResponse, LeaderboardResponse, ModelsResponse } from '../../shared/api.ts';
import { CleanBattle, type CleanWinner } from '../../shared/clean-battle.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testModel } from '../helpers/test-model.ts';

/**
 * Every HTTP route through Hono's `app.request()`: the real app with real
 * deps (catalog from a config file, SQLite in a temp dir, inline ratings),
 * no listening socket. Bodies are read through the shared API schemas.
 */

let fake: FakeServer;
let t: TestApp;

const battle = (n: number, a: string, b: string, winner: CleanWinner, anony = true): CleanBattle => ({
  question_id: `q${n}`,
  model_a: a,
  model_b: b,
  winner,
  judge: 'tester',
  conversation_a: [
    { role: 'user', content: `prompt ${n}` },
    { role: 'assistant', content: `${a} answers ${n}` },
  ],
  conversation_b: [
    { role: 'user', content: `prompt ${n}` },
    { role: 'assistant', content: `${b} answers ${n}` },
  ],
  turn: 1,
  anony,
  tstamp: 1_700_000_000 + n,
});

/** 'archived' is in the votes but not in this arena's catalog, as after importing public data. */
const BATTLES = [
  battle(1, 'served', 'served-2', 'model_a'),
  battle(2, 'served-2', 'served', 'model_b'),
  battle(3, 'served', 'served-2', 'model_a'),
  battle(4, 'served', 'served-2', 'tie'),
  battle(5, 'served', 'archived', 'tie (bothbad)'),
  battle(6, 'served', 'served-2', 'model_b', false),
];
const BLIND_VOTES = 5;

beforeAll(async () => {
  fake = await startFakeOpenAI({ modelIds: ['served'] });
  t = await createTestApp(
    {
      endpoints: [
        { id: 'probed', kind: 'openai', baseURL: fake.baseURL, probe: true },
        { id: 'keyed', kind: 'openai', baseURL: fake.baseURL, apiKeyEnv: 'TEST_ONLY_KEY_UNSET' },
        { id: 'down', kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', probe: true },
      ],
      models: [
        testModel('served', 'probed', 'served'),
        testModel('served-2', 'probed', 'served', { pricing: { inputPerMTok: 2, outputPerMTok: 4 } }),
        testModel('not-pulled', 'probed', 'missing'),
        testModel('needs-key', 'keyed', 'x'),
        testModel('server-down', 'down', 'x'),
      ],
      ratings: { rounds: 100, seed: 7 },
    },
    BATTLES,
  );
});

afterAll(async () => {
  t?.close();
  await fake?.close();
});

const get = (path: string, init?: RequestInit) => t.app.request(path, init);

async function expectApiError(res: Response, status: number, message: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const json: unknown = await res.json();
  expect(ApiError.parse(json)).toEqual(json);
  expect(json).toEqual({ error: { code: String(status), message: matching(message) } });
}

describe('GET /api/models', () => {
  it('lists every model with its specs and why it is unavailable', async () => {
    const res = await get('/api/models');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = ModelsResponse.parse(await res.json());
    const byId = Object.fromEntries(body.models.map((m) => [m.id, m]));
    expect(Object.keys(byId).sort()).toEqual(['needs-key', 'not-pulled', 'served', 'served-2', 'server-down']);
    expect(byId.served).toMatchObject({ available: true, provider: 'openai', contextWindow: 8192, label: 'Label served' });
    expect(byId['served-2']).toMatchObject({ available: true, pricing: { inputPerMTok: 2, outputPerMTok: 4 } });
    expect(byId.served!.unavailableReason).toBeUndefined();
    expect(byId['not-pulled']).toMatchObject({ available: false, unavailableReason: matching(/does not list "missing"/) });
    expect(byId['needs-key']!.unavailableReason).toMatch(/TEST_ONLY_KEY_UNSET/);
    expect(byId['server-down']!.unavailableReason).toMatch(/no server answered/);
    // Two models can battle, so there is no setup help to show.
    expect(body.setupHelp).toBeNull();
  });

  it('says how to add a provider when fewer than two models are available', async () => {
    const lonely = await createTestApp({
      endpoints: [{ id: 'keyed', kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'TEST_ONLY_KEY_UNSET' }],
      models: [testModel('needs-key', 'keyed', 'x')],
    });
    try {
      const body = ModelsResponse.parse(await (await lonely.app.request('/api/models')).json());
      expect(body.models.map((m) => [m.id, m.available])).toEqual([['needs-key', false]]);
      expect(body.setupHelp).toBe(HOW_TO_ADD_PROVIDER);
    } finally {
      lonely.close();
    }
  });

  it('answers with security headers, no page CSP, and no session cookie (sessions come only from /auth)', async () => {
    const res = await get('/api/models');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('issues a local session from /auth/me only when the request holds no live one', async () => {
    const res = await get('/auth/me');
    const cookie = res.headers.get('set-cookie');
    expect(cookie).toMatch(/^versus_sid=[A-Za-z0-9_-]{32}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(await res.json()).toMatchObject({ mode: 'local', user: { role: 'admin' } });
    const again = await get('/auth/me', { headers: { cookie: cookie!.split(';')[0]! } });
    expect(again.headers.get('set-cookie')).toBeNull();
    // A token the server never issued is no session: a new one replaces it.
    const madeUp = await get('/auth/me', { headers: { cookie: `versus_sid=${'x'.repeat(32)}` } });
    expect(madeUp.headers.get('set-cookie')).toMatch(/^versus_sid=(?!x{32})[A-Za-z0-9_-]{32};/);
  });
});

describe('GET /api/leaderboard', () => {
  it('rates blind votes by default, with the catalog facts and the imported-only model', async () => {
    const res = await get('/api/leaderboard');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = LeaderboardResponse.parse(await res.json());
    expect(body).toMatchObject({ mode: 'blind', totalVotes: BLIND_VOTES, rounds: 100, seed: 7, stale: false });
    const row = Object.fromEntries(body.rows.map((r) => [r.modelId, r]));
    expect(Object.keys(row).sort()).toEqual(['archived', 'served', 'served-2']);
    expect(row.served).toMatchObject({ votes: 5, wins: 3, losses: 0, ties: 2, provider: 'openai', available: true, inputPerMTok: 1 });
    expect(row['served-2']).toMatchObject({ votes: 4, wins: 0, losses: 3, ties: 1, inputPerMTok: 2 });
    expect(row.archived).toMatchObject({ votes: 1, provider: null, available: false, license: null });
    expect(row.served!.rating!).toBeGreaterThan(row['served-2']!.rating!);
    expect(row.served!.ciLower!).toBeLessThanOrEqual(row.served!.rating!);
    expect(body.pairwise.models.sort()).toEqual(['archived', 'served', 'served-2']);
  });

  it('is empty, not an error, before any vote', async () => {
    const fresh = await createTestApp({ endpoints: [], models: [] });
    try {
      const body = LeaderboardResponse.parse(await (await fresh.app.request('/api/leaderboard')).json());
      expect(body).toMatchObject({ mode: 'blind', rows: [], totalVotes: 0, stale: false });
    } finally {
      fresh.close();
    }
  });

  it.each([
    ['named', 1],
    ['all', BATTLES.length],
    ['blind', BLIND_VOTES],
  ] as const)('mode=%s counts %i votes', async (mode, votes) => {
    const body = LeaderboardResponse.parse(await (await get(`/api/leaderboard?mode=${mode}`)).json());
    expect(body.mode).toBe(mode);
    expect(body.totalVotes).toBe(votes);
  });

  it('refuses an unknown mode with a 400 that says which modes exist', async () => {
    await expectApiError(await get('/api/leaderboard?mode=sideways'), 400, /^mode must be blind, named or all$/);
  });
});

describe('GET /api/head-to-head', () => {
  it("gives the pair's record, ratings, specs and verdict", async () => {
    const res = await get('/api/head-to-head?a=served&b=served-2');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = HeadToHeadResponse.parse(await res.json());
    expect(body.mode).toBe('blind');
    expect(body.record).toEqual({ aWins: 3, bWins: 0, ties: 1, bothBad: 0 });
    expect(body.a.row.modelId).toBe('served');
    expect(body.b.row.modelId).toBe('served-2');
    expect(body.predictedWinA!).toBeGreaterThan(0.5);
    expect(body.priceRatio).toEqual({ cheaper: 'a', times: 2 });
    expect(body.a).toMatchObject({ releaseDate: '2025-01-01', maxOutputTokens: 1024 });
    expect(body.a.monthlyCostUsd.map((m) => m.tokens)).toEqual([1e6, 1e7, 1e8]);
    expect(body.verdict.length).toBeGreaterThan(0);
  });

  it('reads the record from the side asked for first, and per mode', async () => {
    const swapped = HeadToHeadResponse.parse(await (await get('/api/head-to-head?a=served-2&b=served')).json());
    expect(swapped.record).toEqual({ aWins: 0, bWins: 3, ties: 1, bothBad: 0 });
    const named = HeadToHeadResponse.parse(await (await get('/api/head-to-head?a=served&b=served-2&mode=named')).json());
    expect(named).toMatchObject({ mode: 'named', record: { aWins: 0, bWins: 1, ties: 0, bothBad: 0 } });
  });

  it('knows a model only the votes know, without catalog specs', async () => {
    const body = HeadToHeadResponse.parse(await (await get('/api/head-to-head?a=served&b=archived')).json());
    expect(body.record).toEqual({ aWins: 0, bWins: 0, ties: 0, bothBad: 1 });
    expect(body.b).toMatchObject({ releaseDate: null, maxOutputTokens: null });
    expect(body.priceRatio).toBeNull();
  });

  it('answers 404 for a model it has never heard of', async () => {
    await expectApiError(await get('/api/head-to-head?a=served&b=ghost'), 404, /^Unknown model "ghost"$/);
    await expectApiError(await get('/api/head-to-head?a=ghost&b=served'), 404, /^Unknown model "ghost"$/);
  });

  it.each(['', '?a=served', '?b=served', '?a=served&b=', '?a=served&b=served'])(
    'answers 400 to %j: it needs two different models',
    async (query) => {
      await expectApiError(await get(`/api/head-to-head${query}`), 400, /two different models/);
    },
  );

  it('refuses an unknown mode before looking at the models', async () => {
    await expectApiError(await get('/api/head-to-head?a=served&b=ghost&mode=sideways'), 400, /^mode must be blind, named or all$/);
  });
});

describe('GET /api/export.jsonl', () => {
  const lines = async (query = '') => {
    const res = await get(`/api/export.jsonl${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="versus-battles.jsonl"');
    const text = await res.text();
    expect(text.endsWith('\n')).toBe(true);
    return text
      .trimEnd()
      .split('\n')
      .map((l) => CleanBattle.parse(JSON.parse(l)));
  };

  it('exports every voted battle as clean-battle JSON lines, oldest first', async () => {
    const all = await lines();
    expect(all.map((b) => [b.model_a, b.model_b, b.winner, b.anony])).toEqual(
      BATTLES.map((b) => [b.model_a, b.model_b, b.winner, b.anony]),
    );
    expect(all[0]!.conversation_a).toEqual(BATTLES[0]!.conversation_a);
  });

  it('filters by mode', async () => {
    expect((await lines('?mode=named')).map((b) => b.question_id)).toHaveLength(1);
    expect(await lines('?mode=blind')).toHaveLength(BLIND_VOTES);
  });

  it('refuses an unknown mode', async () => {
    await expectApiError(await get('/api/export.jsonl?mode=sideways'), 400, /^mode must be blind, named or all$/);
  });
});

describe('the rest of the app', () => {
  it('GET /api/health says ok', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it.each([
    ['GET', '/api/nope'],
    ['GET', '/api/models/served'],
    ['POST', '/api/models'],
    ['DELETE', '/api/health'],
  ])('answers %s %s with a JSON 404', async (method, path) => {
    await expectApiError(await get(path, { method }), 404, /^No such API route$/);
  });

  it('serves a 503 page with the CSP when the client is not built', async () => {
    const page = await get('/');
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/npm run build/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('set-cookie')).toBeNull();
  });

  it('refuses the websocket from a foreign origin before any upgrade', async () => {
    const res = await get('/ws', { headers: { origin: 'https://evil.example', host: 'versus.local', upgrade: 'websocket' } });
    await expectApiError(res, 403, /^Websocket origin not allowed$/);
  });
});

describe('onError', () => {
  it('answers an unexpected failure with a generic JSON 500 and logs the detail', async () => {
    const broken = await createTestApp({ endpoints: [], models: [] });
    try {
      // The database going away under a running server: the routes that read it fail.
      broken.db.close();
      // (The leaderboard no longer reads the database per request: it answers from the counts and snapshot in memory.)
      for (const path of ['/api/export.jsonl']) {
        const res = await broken.app.request(path);
        expect(res.status).toBe(500);
        const body = ApiError.parse(await res.json());
        expect(body).toEqual({ error: { code: '500', message: 'Internal error; it was logged on the server' } });
      }
      expect(broken.logLines).toHaveLength(1);
      expect(broken.logLines[0]).toMatch(/^\[versus\] error: GET \/api\/export\.jsonl failed .*database connection is not open/);
      // Routes that do not touch the database still answer.
      expect((await broken.app.request('/api/health')).status).toBe(200);
      expect((await broken.app.request('/api/leaderboard')).status).toBe(200);
    } finally {
      broken.close();
    }
  });
});
