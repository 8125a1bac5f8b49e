import { matching } from '../helpers/match.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { sessionCookie } from '../helpers/battle-steps.ts';

/**
 * Behind a reverse proxy every client arrives from the proxy's address. Its
 * X-Forwarded-For says who the client is, but only a trusted proxy's is
 * believed: anyone can send the header.
 */
let openai: FakeServer;
let proxied: TestArena;
let direct: TestArena;

const limits = { battles: { burst: 1, perMinute: 1 }, votes: { burst: 1, perMinute: 1 }, stops: { burst: 2, perMinute: 1 } };

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { quick: { tokens: ['Hi'] } } });
  const config = {
    limits,
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
    models: [testModel('quick', 'fake', 'quick'), testModel('quick-2', 'fake', 'quick')],
  };
  proxied = await startTestArena({ ...config, network: { trustedProxies: ['127.0.0.1/32', '::1'] } });
  direct = await startTestArena(config);
});

afterAll(async () => {
  await proxied?.close();
  await direct?.close();
  await openai?.close();
});

async function startBattle(arena: TestArena, forwardedFor: string, id: string) {
  const client = await TestClient.connect(arena.wsUrl, { ...sessionCookie(id), 'x-forwarded-for': forwardedFor });
  client.send({ type: 'start', mode: 'named', models: { a: 'quick', b: 'quick-2' }, prompt: 'Hello', requestId: id });
  const reply = await Promise.race([
    client.next('battle-started', (m) => m.requestId === id),
    client.next('error', (m) => m.requestId === id),
  ]);
  await client.close();
  return reply;
}

describe('clients behind a proxy', () => {
  it('get a bucket each when the proxy is trusted', async () => {
    expect(await startBattle(proxied, '203.0.113.1', 'p1')).toMatchObject({ type: 'battle-started' });
    expect(await startBattle(proxied, '203.0.113.1', 'p2')).toMatchObject({ type: 'error', code: 'rate_limited' });
    // A second user behind the same proxy is not locked out by the first.
    expect(await startBattle(proxied, '203.0.113.2', 'p3')).toMatchObject({ type: 'battle-started' });
    // A client cannot pick its bucket by prepending an address: the proxy appends the one it saw.
    expect(await startBattle(proxied, '198.51.100.50, 203.0.113.1', 'p4')).toMatchObject({ type: 'error', code: 'rate_limited' });
  });

  it('share the peer address when the header comes from anyone else', async () => {
    expect(await startBattle(direct, '203.0.113.1', 'd1')).toMatchObject({ type: 'battle-started' });
    expect(await startBattle(direct, '203.0.113.2', 'd2')).toMatchObject({ type: 'error', code: 'rate_limited' });
  });
});

describe('stop requests', () => {
  it('are rate-limited per client like prompts and votes', async () => {
    const client = await TestClient.connect(direct.wsUrl, sessionCookie('stopper'));
    for (const [i, id] of ['A', 'B'].entries()) {
      client.send({ type: 'stop', battleId: id.repeat(32), requestId: `stop-${i}` });
      expect(await client.next('error', (m) => m.requestId === `stop-${i}`)).toMatchObject({ code: 'not_found' });
    }
    client.send({ type: 'stop', battleId: 'C'.repeat(32), requestId: 'stop-2' });
    expect(await client.next('error', (m) => m.requestId === 'stop-2')).toMatchObject({
      code: 'rate_limited',
      message: matching(/Too many stop requests; try again in \d+ s/),
    });
    await client.close();
  });
});
