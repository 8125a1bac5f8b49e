import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BattleView, HistoryResponse, ShareResponse } from '../../shared/battle-view.ts';
import { bothEnded, namedBattle, sessionCookie } from '../helpers/battle-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { GENEROUS_LIMITS } from '../hardening/helpers.ts';

/**
 * History and share links over real HTTP: a session sees its own battles
 * (newest first, paged), a blind one stays blind until voted, another session
 * gets 404, and a share link opens one battle read-only until withdrawn.
 */

let openai: FakeServer;
let arena: TestArena;
let owner: { cookie: string };
let other: { cookie: string };

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { m: { tokens: ['An', ' answer'], usage: { inputTokens: 11, outputTokens: 2 } } } });
  arena = await startTestArena({
    limits: GENEROUS_LIMITS,
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
    models: [testModel('alpha', 'fake', 'm', { label: 'Alpha' }), testModel('beta', 'fake', 'm', { label: 'Beta' })],
  });
  owner = await sessionCookie(arena.wsUrl);
  other = await sessionCookie(arena.wsUrl);
});

afterAll(async () => {
  await arena.close();
  await openai.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${arena.server.url}${path}`, { headers });
const send = (method: string, path: string, headers: Record<string, string>) => fetch(`${arena.server.url}${path}`, { method, headers });

describe('history', () => {
  let blindId: string;
  let namedIds: string[];

  beforeAll(async () => {
    const client = await TestClient.connect(arena.wsUrl, owner);
    namedIds = [];
    for (const prompt of ['First named', 'Second named']) {
      const id = await namedBattle(client, 'alpha', 'beta', prompt);
      await bothEnded(client, id);
      namedIds.push(id);
    }
    client.send({ type: 'start', mode: 'blind', prompt: 'Blind one', requestId: 'blind' });
    blindId = (await client.next('battle-started', (m) => m.requestId === 'blind')).battleId;
    await bothEnded(client, blindId);
    await client.close();
  });

  it('lists the session own battles newest first, with figures, a blind one still blind', async () => {
    const list = HistoryResponse.parse(await (await get('/api/battles', owner)).json());
    expect(list.battles.map((b) => b.id)).toEqual([blindId, ...namedIds.slice().reverse()]);
    const [blind, named] = list.battles;
    expect(blind).toMatchObject({ mode: 'blind', sides: { a: null, b: null }, totals: null, vote: null, firstPrompt: 'Blind one' });
    expect(named).toMatchObject({
      sides: { a: { label: 'Alpha' }, b: { label: 'Beta' } },
      totals: { a: { answers: 1, inputTokens: 11, outputTokens: 2 } },
    });
    expect(HistoryResponse.parse(await (await get('/api/battles', other)).json()).battles).toEqual([]);
    expect(HistoryResponse.parse(await (await get('/api/battles')).json()).battles).toEqual([]);
  });

  it('pages with a cursor, and refuses a bad one', async () => {
    const first = HistoryResponse.parse(await (await get('/api/battles?limit=2', owner)).json());
    expect(first.battles).toHaveLength(2);
    const second = HistoryResponse.parse(await (await get(`/api/battles?limit=2&before=${first.next!}`, owner)).json());
    expect(second.battles.map((b) => b.id)).toEqual([namedIds[0]]);
    expect(second.next).toBeNull();
    expect((await get('/api/battles?limit=500', owner)).status).toBe(400);
    expect((await get('/api/battles?before=x', owner)).status).toBe(400);
  });

  it('shows one battle in full to its owner only; blind answers without provider figures until the vote', async () => {
    const view = BattleView.parse(await (await get(`/api/battles/${blindId}`, owner)).json());
    expect(view).toMatchObject({ sides: { a: null, b: null }, readOnly: false, shared: false, totals: null });
    expect(view.turns[0]!.answers.a).toMatchObject({ text: 'An answer', metrics: { inputTokens: null, costUsd: null } });
    expect((await get(`/api/battles/${blindId}`, other)).status).toBe(404);
    expect((await get(`/api/battles/${'Q'.repeat(32)}`, owner)).status).toBe(404);

    const client = await TestClient.connect(arena.wsUrl, owner);
    client.send({ type: 'vote', battleId: blindId, choice: 'a', requestId: 'v' });
    await client.next('vote-recorded', (m) => m.requestId === 'v');
    await client.close();
    const voted = BattleView.parse(await (await get(`/api/battles/${blindId}`, owner)).json());
    expect(voted.sides.a).not.toBeNull();
    expect(voted.vote).toMatchObject({ choice: 'a', countsForRatings: true });
    expect(voted.turns[0]!.answers.a!.metrics.inputTokens).toBe(11);
  });
});

describe('share links', () => {
  it('open one battle read-only for anyone holding the link, until it is withdrawn or replaced', async () => {
    const client = await TestClient.connect(arena.wsUrl, owner);
    const id = await namedBattle(client, 'alpha', 'beta', 'Share me');
    await bothEnded(client, id);
    await client.close();

    expect((await send('POST', `/api/battles/${id}/share`, other)).status).toBe(404);
    const { path } = ShareResponse.parse(await (await send('POST', `/api/battles/${id}/share`, owner)).json());
    const token = path.replace('#/shared/', '');
    const shared = BattleView.parse(await (await get(`/api/shared/${token}`)).json());
    expect(shared).toMatchObject({ id, readOnly: true, turns: [{ prompt: 'Share me' }] });
    expect('shared' in shared).toBe(false);
    expect(BattleView.parse(await (await get(`/api/battles/${id}`, owner)).json()).shared).toBe(true);

    const again = ShareResponse.parse(await (await send('POST', `/api/battles/${id}/share`, owner)).json());
    expect((await get(`/api/shared/${token}`)).status).toBe(404);
    const newToken = again.path.replace('#/shared/', '');
    expect((await get(`/api/shared/${newToken}`)).status).toBe(200);
    expect((await send('DELETE', `/api/battles/${id}/share`, owner)).status).toBe(204);
    expect((await get(`/api/shared/${newToken}`)).status).toBe(404);
    expect((await get(`/api/shared/not-a-token`)).status).toBe(404);
  });
});
