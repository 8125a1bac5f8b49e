import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothEnded, namedBattle, sessionCookie } from '../helpers/battle-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { GENEROUS_LIMITS, roundTrip, waitFor } from '../hardening/helpers.ts';

/**
 * Battles in memory are bounded: a connection's battles leave when it closes,
 * idle ones leave after `battle.idleMinutes`, and stop or vote frames on
 * stored battles read them without holding them (once, 2,000 stops on stored
 * battles kept every one of them in memory for good).
 */

let openai: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { quick: { tokens: ['Short', ' answer'] } } });
  arena = await startTestArena({
    limits: GENEROUS_LIMITS,
    // 0.6 s: the sweep runs every second, so an idle battle is gone within about 2 s.
    battle: { idleMinutes: 0.01 },
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
    models: [testModel('m1', 'fake', 'quick'), testModel('m2', 'fake', 'quick')],
  });
});

afterAll(async () => {
  await arena.close();
  await openai.close();
});

const live = () => arena.server.arena.liveBattleCount;

describe('battles in memory', () => {
  it('leave when their connection closes; stops and votes on stored battles do not bring them back', async () => {
    const session = await sessionCookie(arena.wsUrl);
    const first = await TestClient.connect(arena.wsUrl, session);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await namedBattle(first, 'm1', 'm2');
      await bothEnded(first, id);
      ids.push(id);
    }
    expect(live()).toBe(3);
    await first.close();
    await waitFor(() => live() === 0, 'no battle in memory', 5_000);

    const again = await TestClient.connect(arena.wsUrl, session);
    for (let i = 0; i < 2_000; i++) again.send({ type: 'stop', battleId: ids[i % ids.length]! });
    await roundTrip(again, 'after-stops');
    expect(live()).toBe(0);

    again.send({ type: 'vote', battleId: ids[0]!, choice: 'a', requestId: 'stored-vote' });
    const vote = await again.next('vote-recorded', (m) => m.requestId === 'stored-vote');
    expect(vote.reveal.a.modelId).toBe('m1');
    expect(live()).toBe(0);
    expect((await arena.server.store.getBattle(ids[0]!))!.vote).toMatchObject({ choice: 'a', decisionMs: null });

    // A follow-up works on the battle again, so it is held while it runs, and released on close.
    again.send({ type: 'follow-up', battleId: ids[1]!, prompt: 'And then?' });
    await bothEnded(again, ids[1]!, 1);
    expect(live()).toBe(1);
    await again.close();
    await waitFor(() => live() === 0, 'no battle in memory', 5_000);
  });

  it('leave after the idle time even while their connection stays open, and still take a vote from storage', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const id = await namedBattle(client, 'm1', 'm2');
    await bothEnded(client, id);
    expect(live()).toBe(1);
    await waitFor(() => live() === 0, 'no battle in memory', 5_000);
    client.send({ type: 'vote', battleId: id, choice: 'tie', requestId: 'late' });
    expect(await client.next('vote-recorded', (m) => m.requestId === 'late')).toMatchObject({ choice: 'tie', countsForRatings: true });
    await client.close();
  });

  it('refuses a stop on a stored battle of another session, and answers not_found for an unknown one', async () => {
    const owner = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const id = await namedBattle(owner, 'm1', 'm2');
    await bothEnded(owner, id);
    await owner.close();
    const other = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    other.send({ type: 'stop', battleId: id, requestId: 'theirs' });
    expect(await other.next('error', (m) => m.requestId === 'theirs')).toMatchObject({ code: 'forbidden' });
    other.send({ type: 'stop', battleId: 'Z'.repeat(32), requestId: 'nobody' });
    expect(await other.next('error', (m) => m.requestId === 'nobody')).toMatchObject({ code: 'not_found' });
    await other.close();
  });
});
