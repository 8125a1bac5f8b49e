import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothEnded, namedBattle, sessionCookie } from '../helpers/battle-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { postgresUnderTest } from '../helpers/store-backends.ts';
import { TestClient } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { testRedisUrl } from '../helpers/test-redis-url.ts';
import { GENEROUS_LIMITS, killServer, spawnServer, waitFor, type ChildServer } from '../hardening/helpers.ts';

/** VERSUS_WORKERS: one primary, N workers on one port, a dead worker replaced, SIGTERM passed on. */

function childPids(pid: number): number[] {
  return spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pg = postgresUnderTest();
const skipShared = pg.skip || process.env['VERSUS_TEST_REDIS_SKIP'] === '1';
const prefix = `versus-test:${randomBytes(6).toString('hex')}:`;
let openai: FakeServer;
let dir: string;
let primary: ChildServer | undefined;

beforeAll(async () => {
  openai = await startFakeOpenAI({ models: { quick: { tokens: ['An', ' answer'] } } });
  dir = mkdtempSync(join(tmpdir(), 'versus-workers-'));
});

afterAll(async () => {
  await killServer(primary);
  await openai?.close();
  await pg.cleanup();
  rmSync(dir, { recursive: true, force: true });
  if (skipShared) return;
  const redis = createClient({ url: testRedisUrl() });
  await redis.connect();
  for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) if (keys.length) await redis.del(keys);
  await redis.close();
});

const config = () => ({
  limits: GENEROUS_LIMITS,
  ratings: { rounds: 0 },
  endpoints: [{ id: 'fake', kind: 'openai', baseURL: openai.baseURL }],
  models: [testModel('x', 'fake', 'quick'), testModel('y', 'fake', 'quick')],
});

describe('VERSUS_WORKERS', () => {
  it('is refused on SQLite, with a message that says what it needs', async () => {
    await expect(spawnServer(join(dir, 'sqlite'), config(), { VERSUS_WORKERS: '2' }, { startTimeoutMs: 120_000 })).rejects.toThrow(
      /VERSUS_WORKERS=2 needs PostgreSQL \(VERSUS_DATABASE_URL\) and Redis/,
    );
  }, 150_000);

  it.skipIf(skipShared)(
    'serves one port from two workers, replaces a killed one, and stops them all cleanly on SIGTERM',
    async () => {
      const db = await pg.fresh();
      primary = await spawnServer(
        join(dir, 'pg'),
        config(),
        { ...db.env, VERSUS_REDIS_URL: testRedisUrl(), VERSUS_REDIS_PREFIX: prefix, VERSUS_WORKERS: '2' },
        { startTimeoutMs: 150_000 },
      );
      const p = primary;
      await waitFor(() => p.output.some((l) => /2 workers share port/.test(l)), 'both workers to listen', 150_000, 100);
      const opens = () => p.output.flatMap((l) => /[Oo]pen (http:\/\/\S+)/.exec(l)?.[1] ?? []);
      // Port 0 picks one port, and every worker serves it.
      expect(new Set(opens())).toEqual(new Set([p.url]));
      const workers = childPids(p.proc.pid!);
      expect(workers).toHaveLength(2);

      const cookie = await sessionCookie(p.url);
      const c = await TestClient.connect(p.wsUrl, cookie);
      const id = await namedBattle(c, 'x', 'y');
      await bothEnded(c, id);
      await c.close();

      process.kill(workers[0]!, 'SIGKILL');
      await waitFor(() => p.output.some((l) => /Worker \d+ died \(SIGKILL\); starting another/.test(l)), 'the primary to notice', 20_000);
      const replaced = await waitFor(
        () => {
          const now = childPids(p.proc.pid!);
          return now.length === 2 && !now.includes(workers[0]!) && opens().length === 3 ? now : null;
        },
        'a new worker to serve',
        150_000,
        200,
      );
      expect(replaced).toContain(workers[1]);
      // Still one arena: the session and the battle are in the store, whichever worker answers.
      const again = await TestClient.connect(p.wsUrl, cookie);
      again.send({ type: 'vote', battleId: id, choice: 'a', requestId: 'v' });
      await again.next('vote-recorded', (m) => m.requestId === 'v');
      await again.close();

      p.proc.kill('SIGTERM');
      expect(await p.exited).toEqual({ code: 0, signal: null });
      expect(p.output.filter((l) => /Stopped cleanly/.test(l))).toHaveLength(2);
      for (const pid of replaced) expect(isRunning(pid)).toBe(false);
    },
    400_000,
  );
});
