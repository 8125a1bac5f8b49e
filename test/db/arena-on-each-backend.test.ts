import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderboardResponse } from '../../shared/api.ts';
import { bothEnded, namedBattle, sessionCookie } from '../helpers/battle-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { backendsUnderTest, type TestDatabase } from '../helpers/store-backends.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { GENEROUS_LIMITS, REPO_ROOT } from '../hardening/helpers.ts';

const run = promisify(execFile);

/**
 * A real server on each backend (VERSUS_DB or VERSUS_DATABASE_URL): a battle
 * and a vote over the websocket, the races the database's wait opens, a
 * restart, and the `npm run battles` and `npm run admin` commands.
 */
describe.each(backendsUnderTest())('a Versus server on $name', (backend) => {
  let openai: FakeServer;
  let db: TestDatabase;
  let arena: TestArena;
  const config = {
    limits: GENEROUS_LIMITS,
    ratings: { rounds: 0 },
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: 'http://127.0.0.1:1/v1' }],
    models: [
      testModel('x', 'fake', 'quick'),
      testModel('y', 'fake', 'quick'),
      testModel('slow', 'fake', 'slow', { blindPool: false }),
      testModel('slow-2', 'fake', 'slow', { blindPool: false }),
    ],
  };

  beforeAll(async () => {
    if (backend.skip) return;
    openai = await startFakeOpenAI({
      models: { quick: { tokens: ['An', ' answer'] }, slow: { tokens: Array.from({ length: 200 }, (_, i) => `t${i} `), intervalMs: 50 } },
    });
    config.endpoints[0]!.baseURL = openai.baseURL;
    db = await backend.fresh();
    arena = await startTestArena(config, { env: db.env });
  });

  afterAll(async () => {
    await arena?.close();
    await openai?.close();
    await backend.cleanup();
  });

  const test = it.skipIf(backend.skip);

  /** The CLI, as `npm run battles` / `npm run admin` run it, against this arena's config and database. */
  const cli = (script: string, args: string[], env: Record<string, string> = db.env) =>
    run(process.execPath, ['--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'server/cli', script), ...args], {
      cwd: arena.dir,
      env: { PATH: process.env.PATH, VERSUS_CONFIG: join(arena.dir, 'versus.config.json'), ...env },
      encoding: 'utf8',
    });

  test('runs a blind battle and takes its vote over the websocket, and a restart keeps the vote', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    client.send({ type: 'start', mode: 'blind', prompt: 'Hello?', requestId: 'b' });
    const { battleId } = await client.next('battle-started', (m) => m.requestId === 'b');
    await bothEnded(client, battleId);
    client.send({ type: 'vote', battleId, choice: 'b', requestId: 'v' });
    expect(await client.next('vote-recorded', (m) => m.requestId === 'v')).toMatchObject({ battleId, countsForRatings: true });
    await client.close();
    // Acknowledged means committed: another connection sees it at once.
    expect(await db.sql(`SELECT choice FROM votes WHERE battle_id = '${battleId}'`)).toEqual([{ choice: 'b' }]);

    arena = await arena.restart();
    expect(arena.server.storage.backend).toBe(backend.name);
    const stored = (await arena.server.store.getBattle(battleId))!;
    expect(stored.vote).toMatchObject({ choice: 'b' });
    expect(stored.responses.map((r) => [r.side, r.text, r.status])).toEqual([
      ['a', 'An answer', 'finished'],
      ['b', 'An answer', 'finished'],
    ]);
    const board = LeaderboardResponse.parse(await (await fetch(`${arena.server.url}/api/leaderboard?mode=blind`)).json());
    expect(board.totalVotes).toBe(1);
  });

  test('takes one of two votes sent together, and refuses a follow-up sent right behind a vote', async () => {
    const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
    const battleId = await namedBattle(client, 'x', 'y');
    await bothEnded(client, battleId);
    client.send({ type: 'vote', battleId, choice: 'a', requestId: 'v1' });
    client.send({ type: 'vote', battleId, choice: 'b', requestId: 'v2' });
    client.send({ type: 'follow-up', battleId, prompt: 'And then?', requestId: 'f' });
    expect(await client.next('vote-recorded', (m) => m.requestId === 'v1')).toMatchObject({ choice: 'a' });
    expect(await client.next('error', (m) => m.requestId === 'v2')).toMatchObject({ code: 'already_voted' });
    expect(await client.next('error', (m) => m.requestId === 'f')).toMatchObject({ code: 'already_voted' });
    await client.close();
    const stored = (await arena.server.store.getBattle(battleId))!;
    expect(stored.vote).toMatchObject({ choice: 'a' });
    expect(stored.turns).toHaveLength(1);
  });

  // On SQLite the store's work is done before the next event is handled, so only a network database opens this gap.
  it.skipIf(backend.skip || backend.name !== 'postgres')(
    'stops a battle whose client left while it was being stored: no tokens streamed to nobody, its answers stored as stopped',
    async () => {
      const client = await TestClient.connect(arena.wsUrl, await sessionCookie(arena.wsUrl));
      const requestsBefore = openai.chatRequests.length;
      const release = await db.holdWriteLock('battles');
      try {
        client.send({ type: 'start', mode: 'named', models: { a: 'slow', b: 'slow-2' }, prompt: 'Long story?', requestId: 'gone' });
        await new Promise((r) => setTimeout(r, 200));
        client.ws.terminate();
        await new Promise((r) => setTimeout(r, 300));
      } finally {
        await release();
      }
      // The battle's own insert, let go with the lock, may commit after the release returns: looked for until it has.
      const stopped = async () => {
        const [row] = await db.sql(`SELECT id FROM battles WHERE model_a = 'slow' ORDER BY created_at DESC LIMIT 1`);
        return row ? (await arena.server.store.getBattle(row.id as string))?.responses.map((r) => r.status) : undefined;
      };
      await expect.poll(stopped).toEqual(['cancelled', 'cancelled']);
      // Stopped before its requests went out, or as they did.
      for (const r of openai.chatRequests.slice(requestsBefore)) expect(await r.settled).toBe('aborted');
    },
  );

  test('exports and imports with npm run battles, the same lines as the HTTP export, idempotently', async () => {
    const exported = join(arena.dir, 'export.jsonl');
    const out = await cli('battles-jsonl.ts', ['export', exported]);
    expect(out.stderr).toMatch(/^exported 2 battles to /m);
    const http = await (await fetch(`${arena.server.url}/api/export.jsonl`)).text();
    expect(readFileSync(exported, 'utf8')).toBe(http);

    const copy = await backend.fresh();
    expect((await cli('battles-jsonl.ts', ['import', exported], copy.env)).stderr).toMatch(/imported 2, already present 0, invalid 0/);
    expect((await cli('battles-jsonl.ts', ['import', exported], copy.env)).stderr).toMatch(/imported 0, already present 2, invalid 0/);
    expect((await cli('battles-jsonl.ts', ['export'], copy.env)).stdout).toBe(http);
  });

  test('lists users and changes a role with npm run admin', async () => {
    const s = await db.open();
    await s.auth.createUser({
      id: 'u-cli',
      provider: 'secret',
      subject: 's',
      email: 'ada@example.com',
      name: 'Ada',
      role: 'voter',
      createdAt: 1,
    });
    expect((await cli('admin.ts', ['users'])).stdout).toBe('u-cli\tvoter\tsecret\tada@example.com\tAda\n');
    expect((await cli('admin.ts', ['role', 'ada@example.com', 'admin'])).stderr).toMatch(/Ada is now admin/);
    expect(await s.auth.user('u-cli')).toMatchObject({ role: 'admin' });
  });
});
