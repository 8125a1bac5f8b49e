import { matching } from '../helpers/match.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inBlindPool } from '../../shared/catalog.ts';
import { bothEnded, namedBattle, sessionCookie } from '../helpers/battle-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { GENEROUS_LIMITS } from '../hardening/helpers.ts';

describe('the blind pool rule', () => {
  it('takes chat models with trained weights by default, and the catalog word over the default', () => {
    expect(inBlindPool({})).toBe(true);
    expect(inBlindPool({ completionOnly: true })).toBe(false);
    expect(inBlindPool({ randomWeights: true })).toBe(false);
    expect(inBlindPool({ completionOnly: true, blindPool: true })).toBe(true);
    expect(inBlindPool({ blindPool: false })).toBe(false);
  });
});

describe('blind battles', () => {
  let openai: FakeServer;
  let arena: TestArena;
  const models = (...extra: ReturnType<typeof testModel>[]) => ({
    limits: GENEROUS_LIMITS,
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
    models: extra,
  });

  beforeAll(async () => {
    openai = await startFakeOpenAI({ models: { quick: { tokens: ['Hi'] } } });
  });
  afterAll(async () => {
    await arena?.close();
    await openai.close();
  });

  it('draw only from the blind pool; models outside it still run in named battles', async () => {
    arena = await startTestArena(
      models(
        testModel('chat-1', 'fake', 'quick'),
        testModel('chat-2', 'fake', 'quick'),
        testModel('base', 'fake', 'quick', { completionOnly: true }),
        testModel('toy', 'fake', 'quick', { randomWeights: true }),
      ),
    );
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const drawn = new Set<string>();
    for (let i = 0; i < 20; i++) {
      client.send({ type: 'start', mode: 'blind', prompt: 'x', requestId: `b${i}` });
      const { battleId } = await client.next('battle-started', (m) => m.requestId === `b${i}`);
      await bothEnded(client, battleId);
      const b = (await arena.server.store.getBattle(battleId))!.battle;
      drawn.add(b.modelA).add(b.modelB);
    }
    expect([...drawn].sort()).toEqual(['chat-1', 'chat-2']);
    const named = await namedBattle(client, 'base', 'toy');
    expect((await bothEnded(client, named)).votable).toBe(true);
    await client.close();
    await arena.close();
  });

  it('are refused with the reason when the pool has fewer than two', async () => {
    arena = await startTestArena(
      models(testModel('chat-1', 'fake', 'quick'), testModel('base', 'fake', 'quick', { completionOnly: true })),
    );
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    client.send({ type: 'start', mode: 'blind', prompt: 'x', requestId: 'few' });
    expect(await client.next('error', (m) => m.requestId === 'few')).toMatchObject({
      code: 'no_models',
      message: matching(/1 available \(1 more for named battles only/),
    });
    await client.close();
  });
});
