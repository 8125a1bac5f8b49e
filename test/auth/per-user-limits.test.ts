import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { postJson, sessionOf, type Session } from './auth-steps.ts';

/**
 * Rate limits follow the signed-in user where there is one: two people
 * behind the same address (every client here is 127.0.0.1, as behind one
 * proxy or NAT) each have their own bucket.
 */

const SECRET = 'sixteen characters at least';
let openai: FakeServer;
let arena: TestArena;

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { quick: { tokens: ['Hi'] } } });
  arena = await startTestArena(
    {
      access: { mode: 'team' },
      limits: { battles: { burst: 1, perMinute: 1 }, votes: { burst: 1, perMinute: 1 } },
      endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
      models: [testModel('one', 'fake', 'quick'), testModel('two', 'fake', 'quick')],
    },
    { env: { VERSUS_TEAM_SECRET: SECRET } },
  );
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
});

async function signIn(): Promise<Session> {
  return sessionOf(await postJson(arena.server.url, '/auth/secret', { secret: SECRET }))!;
}

async function start(client: TestClient, requestId: string) {
  client.send({ type: 'start', mode: 'named', models: { a: 'one', b: 'two' }, prompt: 'Hello', requestId });
  return Promise.race([
    client.next('battle-started', (m) => m.requestId === requestId).then(() => 'started'),
    client.next('error', (m) => m.requestId === requestId).then((e) => e.code),
  ]);
}

describe('rate limits in team mode', () => {
  it('give each signed-in user their own bucket, even from one address', async () => {
    const aliceSession = await signIn();
    const alice = await TestClient.connect(arena.wsUrl, aliceSession);
    expect(await start(alice, 'a1')).toBe('started');
    expect(await start(alice, 'a2')).toBe('rate_limited');
    // Another connection of the same user shares her bucket: reconnecting does not reset it.
    const aliceAgain = await TestClient.connect(arena.wsUrl, aliceSession);
    expect(await start(aliceAgain, 'a3')).toBe('rate_limited');
    await aliceAgain.close();

    const bob = await TestClient.connect(arena.wsUrl, await signIn());
    expect(await start(bob, 'b1')).toBe('started');
    expect(await start(bob, 'b2')).toBe('rate_limited');
    await alice.close();
    await bob.close();
  });
});
