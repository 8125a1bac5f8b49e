import { matching } from '../helpers/match.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/protocol.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';
import { GENEROUS_LIMITS, roundTrip } from './helpers.ts';

/** Documented limits (README: prompt 32,000 characters, frame 160 KiB, 20 turns) and per-client rate limits. */

let openai: FakeServer;
let roomy: TestArena;
let strict: TestArena;

const models = [testModel('quick', 'fake', 'quick'), testModel('quick-2', 'fake', 'quick')];

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { quick: { tokens: ['Hi', '!'] } } });
  const endpoints = [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }];
  roomy = await startTestArena({ limits: GENEROUS_LIMITS, endpoints, models });
  strict = await startTestArena({
    limits: { battles: { burst: 2, perMinute: 1 }, votes: { burst: 1, perMinute: 1 } },
    endpoints,
    models,
  });
});

afterAll(async () => {
  await roomy?.close();
  await strict?.close();
  await openai?.close();
});

async function battle(client: TestClient, requestId: string, prompt = 'Hello') {
  client.send({ type: 'start', mode: 'named', models: { a: 'quick', b: 'quick-2' }, prompt, requestId });
  const started = await client.next('battle-started', (m) => m.requestId === requestId);
  await client.next('turn-ended', (m) => m.battleId === started.battleId);
  return started.battleId;
}

describe('documented limits', () => {
  it('announces the limits in hello', async () => {
    const client = await TestClient.connect(roomy.wsUrl);
    expect(await client.next('hello')).toMatchObject({ limits: { promptChars: 32_000, frameBytes: 163_840, turnsPerBattle: 20 } });
    await client.close();
  });

  it('refuses a prompt one character too long, accepts one at the limit, and keeps the connection', async () => {
    const client = await TestClient.connect(roomy.wsUrl, await sessionCookie(roomy.wsUrl));
    client.sendRaw(JSON.stringify({ type: 'start', mode: 'blind', prompt: 'x'.repeat(LIMITS.promptChars + 1), requestId: 'long' }));
    const err = await client.next('error', (m) => m.requestId === 'long');
    expect(err).toMatchObject({ code: 'bad_message', message: matching(/prompt longer than 32000 characters/) });
    await roundTrip(client, 'still-open');

    client.sendRaw(
      JSON.stringify({ type: 'follow-up', battleId: 'A'.repeat(32), prompt: 'y'.repeat(LIMITS.promptChars + 1), requestId: 'long-fu' }),
    );
    expect(await client.next('error', (m) => m.requestId === 'long-fu')).toMatchObject({ code: 'bad_message' });

    const id = await battle(client, 'at-limit', 'z'.repeat(LIMITS.promptChars));
    expect((await roomy.server.store.getBattle(id))!.turns[0]!.prompt).toHaveLength(LIMITS.promptChars);
    expect(client.closed).toBe(false);
    await client.close();
  });

  it('refuses a frame over 160 KiB with too_large and keeps the connection', async () => {
    const client = await TestClient.connect(roomy.wsUrl, await sessionCookie(roomy.wsUrl));
    const before = openai.chatRequests.length;
    const frame = JSON.stringify({ type: 'start', mode: 'blind', prompt: 'p', requestId: 'big', pad: 'x'.repeat(LIMITS.frameBytes) });
    expect(Buffer.byteLength(frame)).toBeGreaterThan(LIMITS.frameBytes);
    client.sendRaw(frame);
    const err = await client.next('error', (m) => m.code === 'too_large');
    expect(err.message).toMatch(new RegExp(`Frame larger than ${LIMITS.frameBytes} bytes`));
    await roundTrip(client, 'after-big-frame');
    expect(openai.chatRequests.length).toBe(before);

    // Just under the frame limit (a 2-byte character per prompt character) is fine.
    const prompt = 'é'.repeat(LIMITS.promptChars);
    expect(
      Buffer.byteLength(JSON.stringify({ type: 'start', mode: 'named', models: { a: 'quick', b: 'quick-2' }, prompt, requestId: 'wide' })),
    ).toBeLessThan(LIMITS.frameBytes);
    await battle(client, 'wide', prompt);
    await client.close();
  });

  it(`ends a battle at ${LIMITS.turnsPerBattle} turns with a limit error, and the connection stays usable`, async () => {
    const client = await TestClient.connect(roomy.wsUrl, await sessionCookie(roomy.wsUrl));
    const battleId = await battle(client, 'turns');
    for (let turn = 1; turn < LIMITS.turnsPerBattle; turn++) {
      client.send({ type: 'follow-up', battleId, prompt: `Turn ${turn}`, requestId: `fu-${turn}` });
      await client.next('turn-ended', (m) => m.battleId === battleId && m.turn === turn);
    }
    client.send({ type: 'follow-up', battleId, prompt: 'One more', requestId: 'one-too-many' });
    const err = await client.next('error', (m) => m.requestId === 'one-too-many');
    expect(err).toMatchObject({ code: 'limit', battleId, message: matching(/at most 20 turns/) });
    expect((await roomy.server.store.getBattle(battleId))!.turns).toHaveLength(LIMITS.turnsPerBattle);
    // The battle still takes its vote, and the socket still answers.
    client.send({ type: 'vote', battleId, choice: 'tie', requestId: 'vote-after-limit' });
    await client.next('vote-recorded', (m) => m.requestId === 'vote-after-limit');
    await roundTrip(client, 'after-limit');
    await client.close();
  });
});

describe('per-client rate limits', () => {
  it('refuses the (burst+1)-th battle and vote with rate_limited and a retry time, whatever the session', async () => {
    const client = await TestClient.connect(strict.wsUrl, await sessionCookie(strict.wsUrl));
    const first = await battle(client, 'b1');
    const second = await battle(client, 'b2');
    const requestsBefore = openai.chatRequests.length;

    client.send({ type: 'start', mode: 'named', models: { a: 'quick', b: 'quick-2' }, prompt: 'third', requestId: 'b3' });
    const refused = await client.next('error', (m) => m.requestId === 'b3');
    expect(refused).toMatchObject({ code: 'rate_limited', message: matching(/Too many prompts; try again in \d+ s/) });
    // 1 per minute: the next token is about a minute away.
    expect(Number(/in (\d+) s/.exec(refused.message)![1])).toBeGreaterThan(30);
    // A follow-up is a prompt too.
    client.send({ type: 'follow-up', battleId: first, prompt: 'more', requestId: 'fu' });
    expect(await client.next('error', (m) => m.requestId === 'fu')).toMatchObject({ code: 'rate_limited' });

    // A new cookie on a new connection does not reset the bucket: limits follow the client's address.
    const other = await TestClient.connect(strict.wsUrl, await sessionCookie(strict.wsUrl));
    other.send({ type: 'start', mode: 'blind', prompt: 'sneaky', requestId: 'b4' });
    expect(await other.next('error', (m) => m.requestId === 'b4')).toMatchObject({ code: 'rate_limited' });
    expect(openai.chatRequests.length).toBe(requestsBefore);
    expect((await strict.server.store.getBattle(first))!.turns).toHaveLength(1);

    client.send({ type: 'vote', battleId: first, choice: 'a', requestId: 'v1' });
    await client.next('vote-recorded', (m) => m.requestId === 'v1');
    client.send({ type: 'vote', battleId: second, choice: 'b', requestId: 'v2' });
    const voteRefused = await client.next('error', (m) => m.requestId === 'v2');
    expect(voteRefused).toMatchObject({ code: 'rate_limited', message: matching(/Too many votes; try again in \d+ s/) });
    expect((await strict.server.store.getBattle(second))!.vote).toBeNull();
    await roundTrip(client, 'limited-but-open');
    await client.close();
    await other.close();
  });
});
