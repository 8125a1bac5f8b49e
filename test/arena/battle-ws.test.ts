import { matching } from '../helpers/match.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../helpers/fake-anthropic-server.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { sessionCookie as cookie, namedBattle, bothEnded } from '../helpers/battle-steps.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { foreground } from '../../server/foreground.ts';

/**
 * End to end over a real port: the real SDKs talk to fake provider servers
 * that emit tokens at scripted times; a real websocket client drives battles.
 * The timing assertions live in battle-timing.timing.test.ts, run alone.
 */

const tokens = (n: number, word = 'tok') => Array.from({ length: n }, (_, i) => `${word}${i} `);

let openai: FakeServer;
let anthropic: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({
    models: {
      // 21 tokens: first at 300 ms, then every 50 ms → decode window 1000 ms → 20 tokens/s.
      steady: { tokens: tokens(21), firstTokenMs: 300, intervalMs: 50, usage: { inputTokens: 100, outputTokens: 21 } },
      quick: { tokens: tokens(5, 'q'), firstTokenMs: 20, intervalMs: 10 },
      slow: { tokens: tokens(200, 's'), firstTokenMs: 50, intervalMs: 50 },
      limited: { httpError: { status: 429, headers: { 'retry-after': '7' }, message: 'Rate limit reached' } },
      nousage: { tokens: ['Hello', ' there', ', friend'], usageMode: 'none' },
    },
  });
  anthropic = await startFakeAnthropic({
    models: {
      // 11 tokens: first at 500 ms, then every 100 ms → decode window 1000 ms → 10 tokens/s.
      'claude-steady': {
        tokens: tokens(11, 'c'),
        firstTokenMs: 500,
        intervalMs: 100,
        usage: { inputTokens: 50, cachedInputTokens: 10, outputTokens: 11 },
      },
    },
  });
  arena = await startTestArena(
    {
      endpoints: [
        { id: 'fake-openai', kind: 'openai', baseURL: openai.baseURL },
        { id: 'fake-anthropic', kind: 'anthropic', baseURL: anthropic.baseURL, apiKeyEnv: 'FAKE_ANTHROPIC_KEY' },
      ],
      models: [
        testModel('steady', 'fake-openai', 'steady', { pricing: { inputPerMTok: 1, outputPerMTok: 2 } }),
        testModel('claude-steady', 'fake-anthropic', 'claude-steady', {
          pricing: { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3 },
        }),
        testModel('quick', 'fake-openai', 'quick'),
        testModel('quick-2', 'fake-openai', 'quick'),
        testModel('slow', 'fake-openai', 'slow'),
        testModel('limited', 'fake-openai', 'limited'),
        testModel('nousage', 'fake-openai', 'nousage'),
      ],
    },
    { env: { FAKE_ANTHROPIC_KEY: 'sk-ant-test-key-0123456789' } },
  );
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
  await anthropic?.close();
});

describe('a battle over the websocket', () => {
  it('hides identities and cost in a blind battle until the vote reveals them', async () => {
    const client = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    client.send({ type: 'start', mode: 'blind', prompt: 'Who are you?', requestId: 'blind-1' });
    const started = await client.next('battle-started', (m) => m.requestId === 'blind-1');
    expect(started.sides).toEqual({ a: null, b: null });
    await bothEnded(client, started.battleId);
    for (const m of client.all('side-ended')) expect(m.metrics.costUsd).toBeNull();
    client.send({ type: 'vote', battleId: started.battleId, choice: 'tie' });
    const vote = await client.next('vote-recorded');
    const stored = (await arena.server.store.getBattle(started.battleId))!;
    expect(vote.reveal.a.modelId).toBe(stored.battle.modelA);
    expect(vote.reveal.b.modelId).toBe(stored.battle.modelB);
    expect(vote.reveal.a.modelId).not.toBe(vote.reveal.b.modelId);
    expect(vote.reveal.a.label).toBe(`Label ${stored.battle.modelA}`);
    await client.close();
  });

  it('keeps background jobs stepping aside while a battle streams, not only while clients send', async () => {
    const client = await TestClient.connect(arena.wsUrl);
    try {
      const battleId = await namedBattle(client, 'slow', 'quick');
      await client.next('delta', (m) => m.battleId === battleId && m.side === 'a');
      // The client sends nothing more: each later token the server relays touches the foreground on its own.
      const since = performance.now();
      await client.next('delta', (m) => m.battleId === battleId && m.side === 'a' && client.textOf(battleId, 'a').includes('s3 '));
      expect(foreground.lastSeenAt).toBeGreaterThanOrEqual(since);
      client.send({ type: 'stop', battleId });
    } finally {
      await client.close();
    }
  });

  it('estimates tokens with o200k and says so when the provider reports no usage', async () => {
    const client = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    const battleId = await namedBattle(client, 'nousage', 'quick');
    await bothEnded(client, battleId);
    const a = client.all('side-ended').find((m) => m.battleId === battleId && m.side === 'a')!;
    expect(a.metrics.estimated).toEqual({ inputTokens: true, outputTokens: true });
    expect(a.metrics.outputTokens).toBe(4); // "Hello there, friend" in o200k
    await client.close();
  });
});

describe('failures stay on their side', () => {
  it('shows a 429 with its retry time on one side while the other completes', async () => {
    const client = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    const battleId = await namedBattle(client, 'limited', 'quick');
    await bothEnded(client, battleId);
    const ended = client.all('side-ended').filter((m) => m.battleId === battleId);
    const a = ended.find((m) => m.side === 'a')!;
    const b = ended.find((m) => m.side === 'b')!;
    expect(a.status).toBe('error');
    expect(a.error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 7000 });
    expect(b.status).toBe('finished');
    expect(client.textOf(battleId, 'b')).toBe(tokens(5, 'q').join(''));
    // A battle with a failed side takes a vote, kept out of ratings.
    client.send({ type: 'vote', battleId, choice: 'b' });
    expect((await client.next('vote-recorded')).countsForRatings).toBe(false);
    await client.close();
  });

  it('stops one side on request and keeps its partial text', async () => {
    const client = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    const battleId = await namedBattle(client, 'slow', 'quick');
    await client.next('delta', (m) => m.battleId === battleId && m.side === 'a');
    client.send({ type: 'stop', battleId, side: 'a' });
    await bothEnded(client, battleId);
    const a = client.all('side-ended').find((m) => m.battleId === battleId && m.side === 'a')!;
    expect(a.status).toBe('cancelled');
    expect(a.error?.kind).toBe('cancelled');
    const stored = (await arena.server.store.getBattle(battleId))!.responses.find((r) => r.side === 'a')!;
    expect(stored.status).toBe('cancelled');
    expect(stored.text.length).toBeGreaterThan(0);
    expect(stored.text).toBe(client.textOf(battleId, 'a'));
    // The upstream request was really closed, not left running.
    const upstream = openai.chatRequests.filter((r) => r.model === 'slow').at(-1)!;
    expect(await upstream.settled).toBe('aborted');
    await client.close();
  });

  it('aborts both upstream requests when the socket closes', async () => {
    const client = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    const before = openai.chatRequests.filter((r) => r.model === 'slow').length;
    const battleId = await namedBattle(client, 'slow', 'steady');
    await client.next('delta', (m) => m.battleId === battleId && m.side === 'a');
    client.ws.terminate();
    const slow = openai.chatRequests.filter((r) => r.model === 'slow')[before]!;
    expect(await slow.settled).toBe('aborted');
    const steady = openai.chatRequests.filter((r) => r.model === 'steady').at(-1)!;
    expect(await steady.settled).toBe('aborted');
    // The cancelled answers are still recorded.
    await expect
      .poll(async () => (await arena.server.store.getBattle(battleId))!.responses.map((r) => r.status))
      .toEqual(['cancelled', 'cancelled']);
  });
});

describe('follow-ups', () => {
  it('continues both conversations with their own history', async () => {
    const client = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    const battleId = await namedBattle(client, 'quick', 'nousage', 'First question');
    await bothEnded(client, battleId);
    client.send({ type: 'follow-up', battleId, prompt: 'Second question' });
    await bothEnded(client, battleId, 1);
    const req = openai.chatRequests.filter((r) => r.model === 'nousage').at(-1)!;
    expect((req.body as { messages: unknown }).messages).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'Hello there, friend' },
      { role: 'user', content: 'Second question' },
    ]);
    expect(client.textOf(battleId, 'a', 1)).toBe(tokens(5, 'q').join(''));
    expect((await arena.server.store.getBattle(battleId))!.turns.map((t) => t.prompt)).toEqual(['First question', 'Second question']);
    // The reveal says which turn its figures are, and sums both turns per side.
    client.send({ type: 'vote', battleId, choice: 'tie', requestId: 'two-turns' });
    const vote = await client.next('vote-recorded', (m) => m.requestId === 'two-turns');
    expect(vote.turn).toBe(1);
    expect(vote.reveal.a.totals).toMatchObject({ answers: 2, outputTokens: 10 });
    expect(vote.reveal.a.metrics?.outputTokens).toBe(5);
    await client.close();
  });
});

describe('vote rules', () => {
  it('refuses a vote while streaming, a second vote, another session and a bad choice', async () => {
    const owner = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    const battleId = await namedBattle(owner, 'steady', 'quick');
    owner.send({ type: 'vote', battleId, choice: 'a', requestId: 'early' });
    expect(await owner.next('error', (m) => m.requestId === 'early')).toMatchObject({ code: 'not_votable' });
    await bothEnded(owner, battleId);

    const intruder = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    intruder.send({ type: 'vote', battleId, choice: 'b', requestId: 'steal' });
    expect(await intruder.next('error', (m) => m.requestId === 'steal')).toMatchObject({ code: 'forbidden' });

    owner.sendRaw(JSON.stringify({ type: 'vote', battleId, choice: 'c', requestId: 'bad' }));
    expect(await owner.next('error', (m) => m.requestId === 'bad')).toMatchObject({ code: 'bad_message' });

    owner.send({ type: 'vote', battleId, choice: 'a', requestId: 'ok' });
    const recorded = await owner.next('vote-recorded', (m) => m.requestId === 'ok');
    expect(recorded).toMatchObject({ choice: 'a', countsForRatings: true });
    expect(recorded.reveal.a.modelId).toBe('steady');

    owner.send({ type: 'vote', battleId, choice: 'b', requestId: 'again' });
    expect(await owner.next('error', (m) => m.requestId === 'again')).toMatchObject({ code: 'already_voted' });
    // The connection is still usable after every refusal.
    owner.send({ type: 'ping', requestId: 'alive' });
    await owner.next('pong', (m) => m.requestId === 'alive');
    expect((await arena.server.store.getBattle(battleId))!.vote).toMatchObject({ choice: 'a', countsForRatings: true });
    expect((await arena.server.store.getBattle(battleId))!.vote!.decisionMs).toBeGreaterThanOrEqual(0);
    await owner.close();
    await intruder.close();
  });

  it('answers an unknown battle and an unknown model clearly', async () => {
    const client = await TestClient.connect(arena.wsUrl, await cookie(arena.wsUrl));
    client.send({ type: 'vote', battleId: 'A'.repeat(32), choice: 'a', requestId: 'nf' });
    expect(await client.next('error', (m) => m.requestId === 'nf')).toMatchObject({ code: 'not_found' });
    client.send({ type: 'start', mode: 'named', models: { a: 'steady', b: 'nope' }, prompt: 'x', requestId: 'nm' });
    expect(await client.next('error', (m) => m.requestId === 'nm')).toMatchObject({ code: 'not_found', message: matching(/nope/) });
    await client.close();
  });
});

describe('durability', () => {
  it('keeps finished answers and acknowledged votes across a restart, and the session can vote after it', async () => {
    const session = await cookie(arena.wsUrl);
    const client = await TestClient.connect(arena.wsUrl, session);
    const battleId = await namedBattle(client, 'quick', 'quick-2');
    await bothEnded(client, battleId);
    const votedId = await namedBattle(client, 'quick-2', 'quick');
    await bothEnded(client, votedId);
    client.send({ type: 'vote', battleId: votedId, choice: 'both_bad' });
    await client.next('vote-recorded', (m) => m.battleId === votedId);
    await client.close();

    arena = await arena.restart();
    const again = await TestClient.connect(arena.wsUrl, session);
    again.send({ type: 'vote', battleId, choice: 'b', requestId: 'after-restart' });
    const vote = await again.next('vote-recorded', (m) => m.requestId === 'after-restart');
    expect(vote.reveal.b).toMatchObject({ modelId: 'quick-2' });
    expect(vote.reveal.b.metrics?.outputTokens).toBe(5);
    again.send({ type: 'vote', battleId: votedId, choice: 'a', requestId: 'dup' });
    expect(await again.next('error', (m) => m.requestId === 'dup')).toMatchObject({ code: 'already_voted' });
    await again.close();

    arena = await arena.restart();
    expect((await arena.server.store.getBattle(battleId))!.vote?.choice).toBe('b');
    expect((await arena.server.store.getBattle(votedId))!.vote?.choice).toBe('both_bad');
    expect((await arena.server.store.getBattle(battleId))!.responses).toHaveLength(2);
  });
});
