import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderboardResponse } from '../../shared/api.ts';
import { bothEnded, namedBattle, sessionCookie } from '../helpers/battle-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { postgresUnderTest, type TestDatabase } from '../helpers/store-backends.ts';
import { TestClient } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { testRedisUrl } from '../helpers/test-redis-url.ts';
import { GENEROUS_LIMITS, killServer, spawnServer, waitFor, type ChildServer } from '../hardening/helpers.ts';

/**
 * Three real Versus processes (`npm start`'s server/start.mjs) on one PostgreSQL schema and
 * one Redis key prefix of their own, as three machines behind a load balancer
 * without sticky sessions would run: any node serves any request.
 */
const pg = postgresUnderTest();
const skip = pg.skip || process.env['VERSUS_TEST_REDIS_SKIP'] === '1';
const prefix = `versus-test:${randomBytes(6).toString('hex')}:`;
const STOP_BURST = 4;
const PER_ADDRESS = 16;

let openai: FakeServer;
let db: TestDatabase;
let dir: string;
const nodes: ChildServer[] = [];
const clients: TestClient[] = [];

async function client(node: ChildServer, cookie: { cookie: string }): Promise<TestClient> {
  const c = await TestClient.connect(node.wsUrl, cookie);
  clients.push(c);
  return c;
}

async function leaderboard(node: ChildServer): Promise<LeaderboardResponse> {
  const res = await fetch(`${node.url}/api/leaderboard?mode=named`);
  return LeaderboardResponse.parse(await res.json());
}

async function vote(c: TestClient, battleId: string, choice: 'a' | 'b' | 'tie' = 'a') {
  const requestId = `v-${battleId}`;
  c.send({ type: 'vote', battleId, choice, requestId });
  return c.next('vote-recorded', (m) => m.requestId === requestId);
}

describe.skipIf(skip)('three Versus nodes on one PostgreSQL and one Redis', () => {
  beforeAll(async () => {
    openai = await startFakeOpenAI({
      models: {
        quick: { tokens: ['An', ' answer'] },
        slow: { tokens: Array.from({ length: 400 }, (_, i) => `t${i} `), intervalMs: 25 },
      },
    });
    db = await pg.fresh();
    dir = mkdtempSync(join(tmpdir(), 'versus-scale-'));
    const config = {
      limits: { ...GENEROUS_LIMITS, stops: { burst: STOP_BURST, perMinute: 0.001 } },
      // Every test client is 127.0.0.1: one address, whose cap the nodes share.
      network: { maxConnectionsPerAddress: PER_ADDRESS },
      ratings: { rounds: 0 },
      endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
      models: [
        testModel('x', 'fake', 'quick'),
        testModel('y', 'fake', 'quick'),
        testModel('slow', 'fake', 'slow', { blindPool: false }),
        testModel('slow-2', 'fake', 'slow', { blindPool: false }),
      ],
    };
    const env = { ...db.env, VERSUS_REDIS_URL: testRedisUrl(), VERSUS_REDIS_PREFIX: prefix };
    // The first start makes the schema; the other two start together, as a deploy would.
    // A loaded 2-core machine takes a while to start three: patience here, not in the assertions.
    const start = (name: string) => spawnServer(join(dir, name), config, env, { startTimeoutMs: 150_000 });
    nodes.push(await start('a'));
    nodes.push(...(await Promise.all([start('b'), start('c')])));
  }, 300_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await Promise.allSettled(nodes.map((n) => killServer(n)));
    await openai?.close();
    await pg.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
    // Only this test's own keys: the Redis is shared with other tests and helpers.
    const redis = createClient({ url: testRedisUrl() });
    await redis.connect();
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) if (keys.length) await redis.del(keys);
    await redis.close();
  });

  it('runs battles on each node and serves one leaderboard, refitted by one node', async () => {
    const [a, b, c] = nodes as [ChildServer, ChildServer, ChildServer];
    // One session for the person, issued by one node and honoured by all (it is stored, not held in a process).
    const cookie = await sessionCookie(a.url);
    for (const [node, choice] of [
      [a, 'a'],
      [b, 'a'],
      [c, 'b'],
    ] as const) {
      const cl = await client(node, cookie);
      const id = await namedBattle(cl, 'x', 'y');
      await bothEnded(cl, id);
      expect((await vote(cl, id, choice)).countsForRatings).toBe(true);
    }
    const boards = await waitFor(
      async () => {
        const all = await Promise.all(nodes.map(leaderboard));
        return all.every((l) => l.totalVotes === 3 && !l.stale) ? all : null;
      },
      'every node to serve the leaderboard of all three votes',
      20_000,
      100,
    );
    // The same snapshot everywhere: computed once, on the node that holds the refit lease, and adopted by the others.
    expect(new Set(boards.map((l) => l.computedAt)).size).toBe(1);
    expect(boards[1]!.rows).toEqual(boards[0]!.rows);
    expect(boards[0]!.rows.map((r) => r.modelId).sort()).toEqual(['x', 'y']);
    const refitters = nodes.filter((n) => n.output.some((l) => /now refits the ratings/.test(l)));
    expect(refitters).toHaveLength(1);
  });

  it('accepts a blind vote on node B for a battle whose socket was on node A', async () => {
    const [a, b] = nodes as [ChildServer, ChildServer];
    const cookie = await sessionCookie(a.url);
    const onA = await client(a, cookie);
    onA.send({ type: 'start', mode: 'blind', prompt: 'Blind one', requestId: 'blind' });
    const { battleId, sides } = await onA.next('battle-started', (m) => m.requestId === 'blind');
    expect(sides).toEqual({ a: null, b: null });
    // Patient: other test processes share the two cores.
    await onA.next('turn-ended', (m) => m.battleId === battleId, 30_000);
    await onA.close();

    // The load balancer sends the reconnect elsewhere: node B has never seen this battle but the store has.
    const onB = await client(b, cookie);
    const recorded = await vote(onB, battleId, 'b');
    expect(recorded.reveal.a.modelId).toMatch(/^[xy]$/);
    expect(recorded.reveal.b.modelId).toMatch(/^[xy]$/);
    // Once only: the store refuses a second vote whichever node it reaches.
    const onC = await client(nodes[2]!, cookie);
    onC.send({ type: 'vote', battleId, choice: 'a', requestId: 'again' });
    expect(await onC.next('error', (m) => m.requestId === 'again')).toMatchObject({ code: 'already_voted' });
    expect(await db.sql(`SELECT choice FROM votes WHERE battle_id = '${battleId}'`)).toEqual([{ choice: 'b' }]);
  });

  it('passes a stop sent to node B on to the battle streaming on node A', async () => {
    const [a, b] = nodes as [ChildServer, ChildServer];
    const cookie = await sessionCookie(a.url);
    const onA = await client(a, cookie);
    const requestsBefore = openai.chatRequests.length;
    const battleId = await namedBattle(onA, 'slow', 'slow-2', 'Talk for a while');
    await onA.next('delta', (m) => m.battleId === battleId && m.side === 'a' && m.text.includes('t3 '));
    const asked = performance.now();

    const onB = await client(b, cookie);
    onB.send({ type: 'stop', battleId, requestId: 'stop-from-b' });
    const ended = await Promise.all(
      (['a', 'b'] as const).map((side) => onA.next('side-ended', (m) => m.battleId === battleId && m.side === side)),
    );
    for (const m of ended) expect(m).toMatchObject({ status: 'cancelled' });
    // Ten seconds of answer were left: it was the stop, not the end of the stream.
    expect(performance.now() - asked).toBeLessThan(5_000);
    for (const r of openai.chatRequests.slice(requestsBefore)) expect(await r.settled).toBe('aborted');
    expect(onB.all('error').filter((m) => m.requestId === 'stop-from-b')).toEqual([]);

    // Someone else's stop is refused on node B, and nothing is passed on.
    const stranger = await client(b, await sessionCookie(b.url));
    stranger.send({ type: 'stop', battleId, requestId: 'not-mine' });
    expect(await stranger.next('error', (m) => m.requestId === 'not-mine')).toMatchObject({ code: 'forbidden' });
  });

  it('shares rate limits: the burst is spent across nodes, not per node', async () => {
    const cookie = await sessionCookie(nodes[0]!.url);
    const cls = await Promise.all(nodes.map((n) => client(n, cookie)));
    // Every test client is 127.0.0.1, so one bucket; the stop test above spent one of its tokens (two counting the stranger's).
    const replies: string[] = [];
    for (let i = 0; i < 3 * STOP_BURST; i++) {
      const cl = cls[i % 3]!;
      cl.send({ type: 'stop', battleId: 'no-such-battle-0000000', requestId: `s${i}` });
      replies.push((await cl.next('error', (m) => m.requestId === `s${i}`)).code);
    }
    const allowed = replies.filter((r) => r === 'not_found').length;
    expect(allowed).toBe(STOP_BURST - 2);
    expect(replies.slice(allowed).every((r) => r === 'rate_limited')).toBe(true);
  });

  it('shares the per-address connection cap: one address gets it across the nodes, not on each', async () => {
    const cookie = await sessionCookie(nodes[0]!.url);
    // The earlier tests' sockets go, and their slots with them (each node writes its release to Redis).
    await Promise.allSettled(clients.splice(0).map((c) => c.close()));
    const redis = createClient({ url: testRedisUrl() });
    await redis.connect();
    const held = async () => {
      let n = 0;
      for await (const keys of redis.scanIterator({ MATCH: `${prefix}slots:connections:node:*`, COUNT: 100 }))
        for (const key of keys) n += Object.values(await redis.hGetAll(key)).reduce((a, v) => a + Number(v), 0);
      return n;
    };
    await waitFor(async () => (await held()) === 0, 'the closed sockets to free their slots', 20_000, 50);
    await redis.close();
    const tryConnect = (node: ChildServer) =>
      client(node, cookie).then(
        (c) => c,
        (e: unknown) => e as Error,
      );
    // Round the nodes until one refuses: with caps per node this would go on to 3 × PER_ADDRESS.
    const opened: TestClient[] = [];
    let refused: Error | undefined;
    for (let i = 0; i < 3 * PER_ADDRESS + 1 && !refused; i++) {
      const r = await tryConnect(nodes[i % 3]!);
      if (r instanceof Error) refused = r;
      else opened.push(r);
    }
    expect(opened).toHaveLength(PER_ADDRESS);
    expect(refused?.message).toMatch(/429/);
    // A socket closed on one node makes room on another.
    await opened[0]!.close();
    const next = await waitFor(
      async () => {
        const r = await tryConnect(nodes[1]!);
        return r instanceof Error ? null : r;
      },
      'a slot freed on node A to be usable on node B',
      20_000,
      100,
    );
    expect(next).toBeInstanceOf(TestClient);
    await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  });

  it('loses no acknowledged vote when the refitting node is killed with SIGKILL mid-battle', async () => {
    // The node that refits for all: killing it also shows another taking the lease over once it expires.
    const c = nodes.find((n) => n.output.some((l) => /now refits the ratings/.test(l)))!;
    const a = nodes.find((n) => n !== c)!;
    const cookie = await sessionCookie(c.url);
    const onC = await client(c, cookie);
    const ended: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = await namedBattle(onC, 'x', 'y', `Battle ${i}`);
      await bothEnded(onC, id);
      ended.push(id);
    }
    const streaming = await namedBattle(onC, 'slow', 'slow-2', 'Interrupted');
    await onC.next('delta', (m) => m.battleId === streaming);
    const votesBefore = (
      await waitFor(
        async () => {
          const l = await leaderboard(a);
          return l.stale ? null : l;
        },
        'a fresh leaderboard',
        20_000,
        100,
      )
    ).totalVotes;

    // All six votes leave at once; the node dies as soon as the first is acknowledged.
    for (const id of ended) onC.send({ type: 'vote', battleId: id, choice: 'tie', requestId: `k-${id}` });
    await onC.next('vote-recorded');
    c.proc.kill('SIGKILL');
    expect(await c.exited).toMatchObject({ signal: 'SIGKILL' });
    const acknowledged = onC.all('vote-recorded').map((m) => m.battleId);
    expect(acknowledged.length).toBeGreaterThan(0);

    const stored = (await db.sql(`SELECT battle_id FROM votes`)).map((r) => r['battle_id']);
    for (const id of acknowledged) expect(stored).toContain(id);
    // The streaming battle is in the store as far as it got: no vote, no answer stored for the dead turn.
    expect(stored).not.toContain(streaming);

    // The surviving nodes count what was stored (at least every acknowledged vote), on one leaderboard.
    const votesOf = (ids: string[]) => ids.filter((id) => stored.includes(id)).length;
    await waitFor(
      async () => {
        const l = await leaderboard(a);
        return !l.stale && l.totalVotes === votesBefore + votesOf(ended);
      },
      'the leaderboard to count the stored votes (the lease expires 15 s after its holder died)',
      60_000,
      100,
    );
    expect(votesOf(ended)).toBeGreaterThanOrEqual(acknowledged.length);
  }, 120_000);
});
