import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureServerBuilt, REPO_ROOT, SERVER_ENTRIES, serverBuildDir } from '../../server/build-server.mjs';
import { createJobWorker } from '../../server/leaderboard/job-worker.ts';
import { ratingsOfJob, type RatingsJob } from '../../server/leaderboard/ratings-computer.ts';
import { startTsWorker } from '../../server/leaderboard/start-ts-worker.ts';
import type { LeaderboardRatings } from '../../server/ratings/compute-leaderboard-ratings.ts';
import { serverModuleUrl } from '../../server/server-module.ts';
import { spawnServer } from './helpers.ts';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the repository's sources beside its packages: a root of its own to build in. */
function copyOfSources(): string {
  const root = tempDir('versus-build-');
  for (const d of ['server', 'shared', 'db']) cpSync(join(REPO_ROOT, d), join(root, d), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(root, 'package.json'));
  cpSync(join(REPO_ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** ensureServerBuilt in a process of its own, as `npm start` and each VERSUS_WORKERS fork run it. */
function buildInChild(root: string): Promise<{ dir: string; built: boolean }> {
  const script = `import(${JSON.stringify(join(REPO_ROOT, 'server/build-server.mjs'))}).then((m) => m.ensureServerBuilt(${JSON.stringify(root)})).then((r) => console.log(JSON.stringify(r)))`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { dir: string; built: boolean }) : reject(new Error(err))));
  });
}

describe('the server build that npm start runs', () => {
  it('is named by the sources: the same tree the same name, any change of a source another', () => {
    const root = copyOfSources();
    const first = serverBuildDir(root);
    expect(serverBuildDir(root)).toBe(first);
    appendFileSync(join(root, 'shared/metrics.ts'), '\n// changed\n');
    expect(serverBuildDir(root)).not.toBe(first);
  });

  it('is built once by processes that start together, and each entry is in it', async () => {
    const root = copyOfSources();
    const [a, b] = await Promise.all([buildInChild(root), buildInChild(root)]);
    expect(a.dir).toBe(b.dir);
    for (const e of SERVER_ENTRIES) expect(existsSync(join(root, a.dir, `${e}.mjs`))).toBe(true);
    // Nothing half-written is left, and a later start reuses the build.
    expect(readdirSync(join(root, 'dist/server'))).toEqual([a.dir.split('/').at(-1)]);
    expect(await ensureServerBuilt(root)).toEqual({ dir: a.dir, built: false });
  }, 120_000);

  it('runs its worker threads without a TypeScript loader', async () => {
    const { dir } = await ensureServerBuilt();
    const ratings = createJobWorker<RatingsJob, LeaderboardRatings>(serverModuleUrl('server/leaderboard/ratings-worker', dir), () =>
      Promise.reject(new Error('the built worker did not answer')),
    );
    try {
      const job = {
        models: ['a', 'b', 'c'],
        // decisive[i * n + j]: wins of i over j.
        decisive: Float64Array.from([0, 30, 40, 20, 0, 35, 10, 25, 0]),
        draws: Float64Array.from([0, 5, 5, 5, 0, 5, 5, 5, 0]),
        elo: [] as [string, number][],
        rounds: 20,
        seed: 3,
      };
      const result = await ratings.run(job);
      expect(result).toEqual(ratingsOfJob({ ...job, id: 0 }));
      expect(ratings.inlineRuns()).toBe(0);
    } finally {
      await ratings.close();
    }
    // The other workers load: a module that fails to load is an 'error' event before 'online'.
    for (const entry of ['server/meaning/weighted-fit-worker', 'server/leaderboard/controlled-worker'] as const) {
      const w = startTsWorker(serverModuleUrl(entry, dir));
      await new Promise<void>((resolve, reject) => {
        w.once('online', resolve);
        w.once('error', reject);
      });
      await w.terminate();
    }
  }, 60_000);

  it('serves: npm start’s entry answers from the build, not from the sources', async () => {
    const dir = tempDir('versus-start-');
    const server = await spawnServer(dir, {});
    try {
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(server.output.join('\n')).not.toMatch(/running it from the TypeScript sources/);
    } finally {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
  }, 60_000);
});
