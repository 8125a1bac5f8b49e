import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelsResponse } from '../shared/api.ts';
import { startFakeOpenAI } from './helpers/fake-openai-server.ts';
import type { FakeServer } from './helpers/fake-provider-server.ts';
import { startTestArena, type TestArena } from './helpers/test-arena.ts';
import { testModel } from './helpers/test-model.ts';

let fake: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  fake = await startFakeOpenAI({ modelIds: ['served'] });
  arena = await startTestArena({
    endpoints: [
      { id: 'probed', kind: 'openai', baseURL: fake.baseURL, probe: true },
      { id: 'keyed', kind: 'openai', baseURL: fake.baseURL, apiKeyEnv: 'TEST_ONLY_KEY_UNSET' },
      { id: 'down', kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', probe: true },
    ],
    models: [
      testModel('served', 'probed', 'served'),
      testModel('not-pulled', 'probed', 'missing'),
      testModel('needs-key', 'keyed', 'x'),
      testModel('server-down', 'down', 'x'),
    ],
  });
});

afterAll(async () => {
  await arena?.close();
  await fake?.close();
});

describe('HTTP API', () => {
  it('lists every model with its specs and why it is unavailable', async () => {
    const res = await fetch(`${arena.server.url}/api/models`);
    expect(res.status).toBe(200);
    const body = ModelsResponse.parse(await res.json());
    const byId = Object.fromEntries(body.models.map((m) => [m.id, m]));
    expect(byId.served).toMatchObject({ available: true, provider: 'openai', contextWindow: 8192 });
    expect(byId['not-pulled']!.unavailableReason).toMatch(/does not list "missing"/);
    expect(byId['needs-key']!.unavailableReason).toMatch(/TEST_ONLY_KEY_UNSET/);
    expect(byId['server-down']!.unavailableReason).toMatch(/no server answered/);
    expect(body.models.some((m) => m.id === 'gpt-4.1')).toBe(false);
  });

  it('answers unknown API routes with a JSON 404 and sets a session cookie on the page', async () => {
    const res = await fetch(`${arena.server.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: '404', message: 'No such API route' } });
    const page = await fetch(`${arena.server.url}/`);
    expect(page.headers.get('set-cookie')).toMatch(/versus_sid=[A-Za-z0-9_-]{32}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });

  it('refuses a websocket upgrade from a foreign origin', async () => {
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(arena.wsUrl, { headers: { origin: 'https://evil.example' } });
    const status = await new Promise<number>((res) => ws.on('unexpected-response', (_req, r) => res(r.statusCode ?? 0)));
    expect(status).toBe(403);
  });

  it('validates leaderboard query parameters', async () => {
    expect((await fetch(`${arena.server.url}/api/leaderboard?mode=sideways`)).status).toBe(400);
    const ok = await fetch(`${arena.server.url}/api/leaderboard`);
    expect(await ok.json()).toMatchObject({ mode: 'blind', rows: [], totalVotes: 0, stale: false });
    expect((await fetch(`${arena.server.url}/api/head-to-head?a=served`)).status).toBe(400);
    expect((await fetch(`${arena.server.url}/api/head-to-head?a=served&b=ghost`)).status).toBe(404);
  });
});
