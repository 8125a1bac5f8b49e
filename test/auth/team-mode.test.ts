import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.ts';
import { ImportResponse } from '../../shared/admin.ts';
import { AuthState } from '../../shared/auth.ts';
import { bothEnded, namedBattle } from '../helpers/battle-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, TestClient, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { GENEROUS_LIMITS, REPO_ROOT } from '../hardening/helpers.ts';
import { get, postJson, sessionOf, upgradeStatus, type Session } from './auth-steps.ts';

/**
 * Team mode on a real server: a shared secret and invite links are the only
 * ways in; signed out, no API and no socket. Roles decide export and import.
 */

const SECRET = 'correct horse battery staple';
let openai: FakeServer;
let arena: TestArena;
let base: string;
let voter: Session;
let admin: Session;

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { quick: { tokens: ['Hi', ' there', '!'] } } });
  arena = await startTestArena(
    {
      access: { mode: 'team' },
      limits: GENEROUS_LIMITS,
      endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
      models: [testModel('one', 'fake', 'quick'), testModel('two', 'fake', 'quick')],
    },
    { env: { VERSUS_TEAM_SECRET: SECRET } },
  );
  base = arena.server.url;
});

afterAll(async () => {
  await arena?.close();
  await openai?.close();
});

/** `npm run admin -- …` against the arena's config and database, as the README tells the first admin to run it. */
/**
 * Asynchronous on purpose: a spawnSync would freeze this process, and the arena's server in it, for the CLI's whole
 * start-up, so the client's kept-alive socket could be closed by the server's idle timer just as it is reused.
 */
async function adminCli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const file = join(REPO_ROOT, 'server/cli/admin.ts');
  const env = { PATH: process.env.PATH, VERSUS_CONFIG: join(arena.dir, 'versus.config.json'), VERSUS_DB: arena.dbPath };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', import.meta.resolve('tsx'), file, ...args], {
      cwd: arena.dir,
      env,
      encoding: 'utf8',
    });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(e) };
  }
}

async function expectError(res: Response, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  expect(ApiError.parse(await res.json()).error.message).toMatch(message);
}

describe('team mode, signed out', () => {
  it('offers only the ways in: no API, no socket, no battle', async () => {
    const me = AuthState.parse(await (await get(base, '/auth/me')).json());
    expect(me).toEqual({ mode: 'team', user: null, signIn: { secret: true, invite: true, oidc: null } });
    await expectError(await get(base, '/api/models'), 401, /Sign in first/);
    await expectError(await get(base, '/api/leaderboard'), 401, /Sign in first/);
    expect((await get(base, '/api/health')).status).toBe(200);
    expect(await upgradeStatus(arena.wsUrl)).toBe(401);
    expect(await upgradeStatus(arena.wsUrl, { cookie: `versus_sid=${'Z'.repeat(32)}` })).toBe(401);
  });

  it('refuses a wrong secret and a request that is not JSON', async () => {
    await expectError(await postJson(base, '/auth/secret', { secret: 'not it at all, sorry' }), 401, /not the team secret/);
    // A cross-site form could send text/plain; such a request never signs anyone in.
    await expectError(
      await postJson(base, '/auth/secret', JSON.stringify({ secret: SECRET }), undefined, 'text/plain'),
      415,
      /application\/json/,
    );
  });
});

describe('team mode, signed in', () => {
  it('signs a voter in with the shared secret, who can then battle and vote as that user', async () => {
    const res = await postJson(base, '/auth/secret', { secret: SECRET });
    expect(res.status).toBe(200);
    voter = sessionOf(res)!;
    expect(voter).not.toBeNull();
    const me = AuthState.parse(await (await get(base, '/auth/me', voter)).json());
    expect(me.user).toMatchObject({ role: 'voter' });
    expect((await get(base, '/api/models', voter)).status).toBe(200);

    const client = await TestClient.connect(arena.wsUrl, voter);
    const battleId = await namedBattle(client, 'one', 'two');
    await bothEnded(client, battleId);
    client.send({ type: 'vote', battleId, choice: 'a', requestId: 'v' });
    await client.next('vote-recorded', (m) => m.requestId === 'v');
    await client.close();
    expect((await arena.server.store.getBattle(battleId))!.vote).toMatchObject({
      userId: me.user!.id,
      addressHash: expect.any(String) as string,
    });
  });

  it('makes the first admin with a one-time invite link from npm run admin', async () => {
    const cli = await adminCli('invite', '--admin', '--label', 'first admin');
    expect(cli.status, cli.stderr).toBe(0);
    const token = /#\/join\/([A-Za-z0-9_-]{32})$/.exec(cli.stdout.trim())?.[1];
    expect(token).toBeDefined();
    expect(cli.stderr).toMatch(/admin invite, usable once/);

    const res = await postJson(base, '/auth/invite', { token, name: 'Ada' });
    expect(res.status).toBe(200);
    expect(AuthState.parse(await res.json()).user).toMatchObject({ name: 'Ada', role: 'admin' });
    admin = sessionOf(res)!;
    // Used once, it is gone: the next person with the same link is refused.
    await expectError(await postJson(base, '/auth/invite', { token }), 410, /not valid/);
    expect(await upgradeStatus(arena.wsUrl, admin)).toBe(101);
  });

  it('lets an admin invite N people with one link, each their own user', async () => {
    const made = await postJson(base, '/api/admin/invites', { role: 'voter', uses: 2, label: 'pair' }, admin);
    expect(made.status).toBe(201);
    const { token } = (await made.json()) as { token: string };
    const a = AuthState.parse(await (await postJson(base, '/auth/invite', { token })).json());
    const b = AuthState.parse(await (await postJson(base, '/auth/invite', { token })).json());
    expect(a.user!.id).not.toBe(b.user!.id);
    expect([a.user!.role, b.user!.role]).toEqual(['voter', 'voter']);
    await expectError(await postJson(base, '/auth/invite', { token }), 410, /not valid/);
    // A voter cannot make invites.
    await expectError(await postJson(base, '/api/admin/invites', { role: 'admin' }, voter), 403, /Only an admin/);
  });

  it('lets only an admin export (403 JSON for a voter, 401 signed out)', async () => {
    await expectError(await get(base, '/api/export.jsonl', voter), 403, /Only an admin/);
    await expectError(await get(base, '/api/export.jsonl'), 401, /Sign in first/);
    const res = await get(base, '/api/export.jsonl', admin);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ model_a: 'one', model_b: 'two', winner: 'model_a' });
  });

  it('lets only an admin import over HTTP, streamed as JSON Lines', async () => {
    const line = (n: number) =>
      JSON.stringify({
        question_id: `pub-${n}`,
        model_a: 'one',
        model_b: 'two',
        winner: 'model_b',
        anony: true,
        tstamp: 1_700_000_000 + n,
      });
    const body = [line(1), line(2), '{not json', line(3)].join('\n') + '\n';
    await expectError(await postJson(base, '/api/admin/import', body, voter, 'application/x-ndjson'), 403, /Only an admin/);
    await expectError(await postJson(base, '/api/admin/import', body, undefined, 'application/x-ndjson'), 401, /Sign in first/);
    const res = await postJson(base, '/api/admin/import', body, admin, 'application/x-ndjson');
    expect(res.status).toBe(200);
    expect(ImportResponse.parse(await res.json())).toEqual({
      imported: 3,
      duplicates: 0,
      invalid: [{ line: 3, message: 'not valid JSON' }],
    });
    const again = ImportResponse.parse(await (await postJson(base, '/api/admin/import', body, admin, 'application/x-ndjson')).json());
    expect(again).toMatchObject({ imported: 0, duplicates: 3 });
    const exported = (await (await get(base, '/api/export.jsonl', admin)).text()).trim().split('\n');
    expect(exported).toHaveLength(4);
  });

  it('slows down guessing: sign-in attempts per address are limited', async () => {
    let status = 0;
    for (let i = 0; i < 30 && status !== 429; i++) status = (await postJson(base, '/auth/secret', { secret: `guess number ${i}` })).status;
    expect(status).toBe(429);
  });
});
