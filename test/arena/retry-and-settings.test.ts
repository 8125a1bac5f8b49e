import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CleanBattle } from '../../shared/clean-battle.ts';
import { exportCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import { bothEnded, namedBattle, sessionCookie } from '../helpers/battle-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { GENEROUS_LIMITS } from '../hardening/helpers.ts';
import { matching } from '../helpers/match.ts';
import { collect } from '../helpers/collect.ts';

/**
 * Over a real socket: a failed side runs again (same model, same turn, same
 * conversation) and the vote then counts; named battles carry per-side
 * settings to the provider, the record and the export; one model on both
 * sides runs, and its vote is kept out of the ratings.
 */

let openai: FakeServer;
let arena: TestArena;
/** Fails the first request it sees for each prompt, answers every later one. */
const seen = new Set<string>();

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: { steady: { tokens: ['Fine', '.'] } },
    script: (req) => {
      if (req.model !== 'flaky') return undefined;
      const prompt = JSON.stringify((req.body as { messages: unknown }).messages);
      if (seen.has(prompt)) return { tokens: ['Second', ' try'] };
      seen.add(prompt);
      return { httpError: { status: 503, message: 'try later' } };
    },
  });
  arena = await startTestArena({
    limits: GENEROUS_LIMITS,
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
    models: [testModel('steady', 'fake', 'steady'), testModel('flaky', 'fake', 'flaky')],
  });
});

afterAll(async () => {
  await arena.close();
  await openai.close();
});

describe('retry', () => {
  it('runs the failed side again with the same conversation, keeps the old answer on record, and the vote counts', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const battleId = await namedBattle(client, 'flaky', 'steady', 'Retry me');
    const first = await bothEnded(client, battleId);
    expect(first.votable).toBe(true);
    expect(client.all('side-ended').find((m) => m.battleId === battleId && m.side === 'a')).toMatchObject({
      status: 'error',
      error: { kind: 'overloaded' },
    });

    client.send({ type: 'retry', battleId, side: 'b', requestId: 'finished-side' });
    expect(await client.next('error', (m) => m.requestId === 'finished-side')).toMatchObject({ code: 'bad_message' });

    const endedBefore = client.all('turn-ended').length;
    client.send({ type: 'retry', battleId, side: 'a', requestId: 'again' });
    expect(await client.next('side-retried', (m) => m.requestId === 'again')).toMatchObject({ battleId, turn: 0, side: 'a' });
    await client.next('side-ended', (m) => m.battleId === battleId && m.side === 'a' && m.status === 'finished');
    await client.next('turn-ended', () => client.all('turn-ended').length > endedBefore);
    const requests = openai.chatRequests.filter((r) => r.model === 'flaky');
    expect((requests.at(-1)!.body as { messages: unknown }).messages).toEqual((requests.at(-2)!.body as { messages: unknown }).messages);

    const stored = (await arena.server.store.getBattle(battleId))!;
    expect(stored.responses.find((r) => r.side === 'a')).toMatchObject({ status: 'finished', text: 'Second try' });
    expect(await arena.server.store.replacedResponses(battleId)).toEqual([expect.objectContaining({ side: 'a', status: 'error' })]);

    client.send({ type: 'vote', battleId, choice: 'a', requestId: 'v' });
    const vote = await client.next('vote-recorded', (m) => m.requestId === 'v');
    expect(vote.countsForRatings).toBe(true);
    // Totals count both attempts: the failed one was a request too.
    expect(vote.reveal.a.totals?.answers).toBe(2);
    await client.close();
  });
});

describe('per-side settings and one model on both sides', () => {
  it('sends each side its own system prompt, temperature and max tokens, records and exports them, and keeps the vote out of ratings', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const settings = { a: { systemPrompt: 'Answer in French.', temperature: 0 }, b: { temperature: 1.3, maxTokens: 64 } };
    client.send({ type: 'start', mode: 'named', models: { a: 'steady', b: 'steady' }, settings, prompt: 'Hello', requestId: 's' });
    const started = await client.next('battle-started', (m) => m.requestId === 's');
    expect(started.settings).toEqual(settings);
    const battleId = started.battleId;
    await bothEnded(client, battleId);

    const bodies = openai.chatRequests.slice(-2).map(
      (r) =>
        r.body as {
          messages: { role: string; content: string }[];
          temperature?: number;
          max_tokens?: number;
          max_completion_tokens?: number;
        },
    );
    const a = bodies.find((b) => b.temperature === 0)!;
    const b = bodies.find((b) => b.temperature === 1.3)!;
    expect(a.messages[0]).toEqual({ role: 'system', content: 'Answer in French.' });
    expect(b.messages.some((m) => m.role === 'system')).toBe(false);
    expect(b.max_tokens ?? b.max_completion_tokens).toBe(64);

    client.send({ type: 'vote', battleId, choice: 'b', requestId: 'v' });
    expect(await client.next('vote-recorded', (m) => m.requestId === 'v')).toMatchObject({
      countsForRatings: false,
      notCountedBecause: 'same_model',
    });

    expect((await arena.server.store.getBattle(battleId))!.battle.settings).toEqual(settings);
    const line = (await collect(exportCleanBattles(arena.server.store)))
      .map((l) => CleanBattle.parse(JSON.parse(l)))
      .find((x) => x.question_id === battleId)!;
    expect(line.versus?.settings).toEqual(settings);
    expect(line.versus?.counts_for_ratings).toBe(false);
    await client.close();
  });

  it('refuses settings in a blind battle', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    client.sendRaw(JSON.stringify({ type: 'start', mode: 'blind', settings: { a: { temperature: 1 } }, prompt: 'x', requestId: 'b' }));
    expect(await client.next('error', (m) => m.requestId === 'b')).toMatchObject({
      code: 'bad_message',
      message: matching(/named battles only/),
    });
    await client.close();
  });

  it('refuses a system prompt over the limit', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    client.sendRaw(
      JSON.stringify({
        type: 'start',
        mode: 'named',
        models: { a: 'steady', b: 'steady' },
        settings: { a: { systemPrompt: 'x'.repeat(8_001) } },
        prompt: 'x',
        requestId: 'l',
      }),
    );
    expect(await client.next('error', (m) => m.requestId === 'l')).toMatchObject({
      code: 'bad_message',
      message: matching(/system prompt longer/),
    });
    await client.close();
  });
});
