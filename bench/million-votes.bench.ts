import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { ensureServerBuilt } from '../server/build-server.mjs';
import type { CleanBattle } from '../shared/clean-battle.ts';
import { Mulberry32, deriveSeed } from '../server/ratings/mulberry32.ts';

/**
 * A million votes on one node (issue 14): generates clean battles (one short
 * turn, both answers, a vote) between VERSUS_MV_MODELS models as JSON Lines,
 * imports them with `npm run battles -- import` (the real CLI, its own
 * process, the configured durability), then starts a real server (its
 * JavaScript build, as `npm start` runs it: bench/million-votes-server.mjs)
 * in a child process twice: once right after the import (no current ratings snapshot: it
 * recounts in the background) and once more, as an ordinary restart, which is
 * what the start-up targets are about. Reports the import's time and peak
 * memory, start-up time to /api/health and to the first leaderboard, the age
 * of the leaderboard snapshot served, head-to-head p50/p99 over many
 * requests of random pairs, /api/health's p99 during them, and the server's
 * longest event-loop stall.
 *
 * Targets: import under 60 s (SQLite), head-to-head p99 under 20 ms, answers
 * within 2 s of start, no event-loop stall over 20 ms on a request path.
 *
 * Environment: VERSUS_MV_BATTLES (default 1000000), VERSUS_MV_MODELS (100),
 * VERSUS_MV_REQUESTS (head-to-heads, 2000), VERSUS_MV_BACKEND (sqlite |
 * postgres; PostgreSQL uses VERSUS_TEST_PG_URL or the test database, in a
 * schema of its own, dropped after), VERSUS_MV_KEEP=1 (keep the SQLite folder or the PostgreSQL schema, to profile a
 * server on it), VERSUS_MV_REUSE=<a SQLite folder kept so> (restart on it and measure again: no generation, import
 * or first start), VERSUS_MV_PROFILE=<folder> (a CPU profile of each server start written there).
 */

const BATTLES = Number(process.env.VERSUS_MV_BATTLES ?? 1_000_000);
const MODELS = Number(process.env.VERSUS_MV_MODELS ?? 100);
const REQUESTS = Number(process.env.VERSUS_MV_REQUESTS ?? 2000);
const BACKEND = process.env.VERSUS_MV_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
const TARGET = { importS: 60, headToHeadP99Ms: 20, startS: 2, stallMs: 20 };
const SERVER_CHILD = fileURLToPath(new URL('./million-votes-server.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const modelName = (i: number) => `bench-model-${String(i).padStart(3, '0')}`;

/**
 * Battle n: a pair drawn evenly, a winner that favours the lower-numbered model a little, one second apart. Drawn
 * from battle n's own seeded stream: pair and outcome from modular arithmetic on n tied each model's outcome to its
 * pair at 100 models (every model won or lost all its battles as side A: no finite rating, a fit that never converged).
 */
function battle(n: number): CleanBattle {
  const rng = new Mulberry32(deriveSeed(2025, n));
  const a = Math.floor(rng.uniform() * MODELS);
  const b = (a + 1 + Math.floor(rng.uniform() * (MODELS - 1))) % MODELS;
  const r = Math.floor(rng.uniform() * 100);
  const favoured = a < b ? 'model_a' : 'model_b';
  const other = a < b ? 'model_b' : 'model_a';
  const winner = r < 45 ? favoured : r < 80 ? other : r < 92 ? 'tie' : 'tie (bothbad)';
  const prompt = `question ${n}: say something short`;
  return {
    question_id: `mv-${n}`,
    model_a: modelName(a),
    model_b: modelName(b),
    winner,
    judge: 'bench',
    conversation_a: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: `answer ${n} from ${modelName(a)}` },
    ],
    conversation_b: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: `answer ${n} from ${modelName(b)}` },
    ],
    turn: 1,
    anony: true,
    tstamp: 1_700_000_000 + n,
  };
}

async function writeJsonl(path: string): Promise<number> {
  const out = createWriteStream(path);
  for (let n = 0; n < BATTLES; n++) {
    if (!out.write(JSON.stringify(battle(n)) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return statSync(path).size;
}

// ------------------------------------------------------------------ server child

/** The server's event-loop delay since the mark, and when each stall over 20 ms came (ms after the mark). */
interface LoopFigures {
  p99Ms: number;
  maxMs: number;
  /** startUs: when the stall began on the monotonic clock, in µs: a sample's time in the server's CPU profile (VERSUS_MV_PROFILE). */
  stalls: { atMs: number; ms: number; startUs: number }[];
}

interface Child {
  proc: ChildProcess;
  url: string;
  /** Time spent in startServer() (config, database, migrations, the leaderboard's start, listening): boot and module loading excluded. */
  startMs: number;
  ask(type: 'mark' | 'loop'): Promise<LoopFigures>;
  stop(): Promise<void>;
}

async function startChild(dir: string, env: Record<string, string>): Promise<Child> {
  // No TypeScript loader: the server's build, as `npm start` runs it (the build is made before the first fork).
  const profile = process.env.VERSUS_MV_PROFILE;
  const proc = fork(SERVER_CHILD, [], {
    execArgv: profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
    env: { PATH: process.env.PATH, VERSUS_MV_DIR: dir, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url, startMs } = await new Promise<{ url: string; startMs: number }>((res, rej) => {
    const timer = setTimeout(() => rej(new Error('server child did not start within 600 s')), 600_000);
    proc.once('exit', (code) => rej(new Error(`server child exited (${code}) before it was ready`)));
    proc.on('message', (m: { type: string; url?: string; startMs?: number }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        res({ url: m.url!, startMs: m.startMs! });
      }
    });
  });
  const ask = (type: 'mark' | 'loop') =>
    new Promise<LoopFigures>((res) => {
      proc.send({ type });
      if (type === 'mark') return res({ p99Ms: 0, maxMs: 0, stalls: [] });
      const on = (m: { type: string } & Partial<LoopFigures>) => {
        if (m.type !== 'loop') return;
        proc.off('message', on);
        res({ p99Ms: m.p99Ms ?? 0, maxMs: m.maxMs ?? 0, stalls: m.stalls ?? [] });
      };
      proc.on('message', on);
    });
  const stop = () =>
    new Promise<void>((res) => {
      proc.once('exit', () => res());
      proc.send({ type: 'stop' });
    });
  return { proc, url, startMs, ask, stop };
}

// ------------------------------------------------------------------ driver

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function get(url: string): Promise<{ status: number; body: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - t0 }));
      })
      .on('error', reject);
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

/**
 * Starts the server and measures: ms from the fork to the first /api/health
 * (the port is known once the child says it listens), to the first
 * leaderboard, and that leaderboard's votes, staleness and age.
 */
async function timedStart(dir: string, env: Record<string, string>) {
  const t0 = performance.now();
  const child = await startChild(dir, env);
  while ((await get(`${child.url}/api/health`).catch(() => ({ status: 0 }))).status !== 200) await sleep(5);
  const healthMs = performance.now() - t0;
  const board = await get(`${child.url}/api/leaderboard?mode=blind`);
  const leaderboardMs = performance.now() - t0;
  if (board.status !== 200) throw new Error(`leaderboard answered ${board.status}: ${board.body.slice(0, 200)}`);
  const b = JSON.parse(board.body) as { totalVotes: number; stale: boolean; computedAt: number; rows: unknown[] };
  return {
    child,
    healthMs,
    leaderboardMs,
    votes: b.totalVotes,
    stale: b.stale,
    ageS: (Date.now() - b.computedAt) / 1000,
    rows: b.rows.length,
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function untilFresh(url: string, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const b = JSON.parse((await get(`${url}/api/leaderboard?mode=blind`)).body) as { stale: boolean };
    if (!b.stale) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`leaderboard still stale after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/** REQUESTS head-to-heads of random pairs one after another, /api/health asked every 5 ms beside them. */
async function headToHeads(child: Child) {
  await child.ask('mark');
  const h2h: number[] = [];
  const health: number[] = [];
  let done = false;
  const prober = (async () => {
    while (!done) {
      health.push((await get(`${child.url}/api/health`)).ms);
      await sleep(5);
    }
  })();
  let seed = 12345;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < REQUESTS; i++) {
    const a = Math.floor(rnd() * MODELS);
    const b = (a + 1 + Math.floor(rnd() * (MODELS - 1))) % MODELS;
    const r = await get(`${child.url}/api/head-to-head?mode=blind&a=${modelName(a)}&b=${modelName(b)}`);
    if (r.status !== 200) throw new Error(`head-to-head answered ${r.status}: ${r.body.slice(0, 200)}`);
    h2h.push(r.ms);
  }
  done = true;
  await prober;
  const loop = await child.ask('loop');
  return { h2h, health, loop };
}

async function postgresSchema(): Promise<{ url: string; drop: () => Promise<void>; keep: () => Promise<void> }> {
  const base = process.env.VERSUS_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `mv_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: base, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    drop: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
    keep: () => admin.end(),
  };
}

/** The import CLI, as an operator runs it: wall time, the process's CPU time (user + system: what load on a shared machine does not inflate) and peak RSS (GNU time). */
function runImport(
  file: string,
  env: Record<string, string>,
): Promise<{ seconds: number; cpuSeconds: number; peakMB: number; stderr: string }> {
  const t0 = performance.now();
  const timeOut = join(os.tmpdir(), `mv-time-${process.pid}.txt`);
  return new Promise((resolve, reject) => {
    const p = spawn(
      '/usr/bin/time',
      ['-f', '%M %U %S', '-o', timeOut, process.execPath, '--import', 'tsx', join(ROOT, 'server/cli/battles-jsonl.ts'), 'import', file],
      { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('error', reject);
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`import exited ${code}: ${stderr}`));
      const [kb, user, sys] = readFileSync(timeOut, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
      rmSync(timeOut, { force: true });
      resolve({ seconds: (performance.now() - t0) / 1000, cpuSeconds: user! + sys!, peakMB: kb! / 1024, stderr: stderr.trim() });
    });
  });
}

export default async function run(): Promise<void> {
  // A SQLite folder an earlier run kept: its database is restarted and measured again, nothing imported.
  const reuse = BACKEND === 'sqlite' ? process.env.VERSUS_MV_REUSE : undefined;
  const dir = reuse ?? mkdtempSync(join(os.tmpdir(), 'versus-mv-'));
  const pgSchema = BACKEND === 'postgres' ? await postgresSchema() : null;
  try {
    mkdirSync(join(dir, 'no-models'), { recursive: true });
    const configPath = join(dir, 'versus.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({ disable: ['openai', 'anthropic', 'gemini', 'mistral', 'ollama'], discovery: { servers: [], reprobeSeconds: 0 } }),
    );
    const env: Record<string, string> = {
      VERSUS_CONFIG: configPath,
      VERSUS_PORT: '0',
      VERSUS_LOG: 'error',
      VERSUS_OFFLINE: '1',
      VERSUS_MODELS_DIR: join(dir, 'no-models'),
      ...(pgSchema ? { VERSUS_DATABASE_URL: pgSchema.url } : { VERSUS_DB: join(dir, 'versus.db') }),
    };
    console.log(
      `${BATTLES} battles × ${MODELS} models on ${BACKEND}; ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at start`,
    );

    // The server's JavaScript build, made now if the sources have none, so that no start below includes building it.
    const build = await ensureServerBuilt();
    console.log(`server build ${build.dir}${build.built ? ' (built now)' : ''}: the starts below run it as npm start does`);
    if (reuse === undefined) await importAndFirstStart(dir, env, pgSchema !== null);
    else console.log(`the database kept in ${reuse} (VERSUS_MV_REUSE): restarted as it is, nothing imported`);
    await restartAndMeasure(dir, env);
    console.log(
      `load average at end ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    agent.destroy();
    if (reuse !== undefined) {
      await pgSchema?.drop();
    } else if (process.env.VERSUS_MV_KEEP === '1') {
      console.log(`kept ${dir}${pgSchema ? ` and the database at ${pgSchema.url}` : ''} (VERSUS_MV_KEEP=1)`);
      await pgSchema?.keep();
    } else {
      rmSync(dir, { recursive: true, force: true });
      await pgSchema?.drop();
    }
  }
}

/** Generates the battles, imports them with the CLI, and starts the server once on them (no current snapshot yet). */
async function importAndFirstStart(dir: string, env: Record<string, string>, postgres: boolean): Promise<void> {
  const file = join(dir, 'battles.jsonl');
  const t = performance.now();
  const bytes = await writeJsonl(file);
  console.log(`generated ${(bytes / 2 ** 20).toFixed(0)} MiB of JSON Lines in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const imp = await runImport(file, env);
  const dbBytes = postgres
    ? null
    : ['versus.db', 'versus.db-wal'].reduce((s, f) => s + (statSync(join(dir, f), { throwIfNoEntry: false })?.size ?? 0), 0);
  console.log(
    `import: ${imp.seconds.toFixed(1)} s (${Math.round(BATTLES / imp.seconds)} battles/s; CPU ${imp.cpuSeconds.toFixed(1)} s), ` +
      `peak RSS ${imp.peakMB.toFixed(0)} MB, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}` +
      `${dbBytes !== null ? `, database ${(dbBytes / 2 ** 20).toFixed(0)} MiB` : ''} — ${imp.stderr} (target < ${TARGET.importS} s)`,
  );
  rmSync(file);

  // First start after the import: no snapshot matches the votes, so online Elo is recounted in the background.
  const first = await timedStart(dir, env);
  console.log(
    `first start after import (no current snapshot): /api/health ${first.healthMs.toFixed(0)} ms after the fork ` +
      `(${first.child.startMs.toFixed(0)} ms of it in startServer), ` +
      `first leaderboard ${first.leaderboardMs.toFixed(0)} ms (${first.votes} votes, ${first.rows} rows, stale ${first.stale})`,
  );
  const freshAfter = await untilFresh(first.child.url, 600_000);
  console.log(`  recount and refit in the background: leaderboard fresh ${(freshAfter / 1000).toFixed(1)} s later`);
  await sleep(500); // the snapshot is written just after the refit lands
  await first.child.stop();
}

async function restartAndMeasure(dir: string, env: Record<string, string>): Promise<void> {
  const second = await timedStart(dir, env);
  console.log(
    `restart (stored snapshot): /api/health ${second.healthMs.toFixed(0)} ms after the fork (${second.child.startMs.toFixed(0)} ms of it ` +
      `in startServer), first leaderboard ${second.leaderboardMs.toFixed(0)} ms ` +
      `(${second.votes} votes, stale ${second.stale}, snapshot age ${second.ageS.toFixed(1)} s) (target < ${TARGET.startS * 1000} ms)`,
  );
  const run = await headToHeads(second.child);
  console.log(
    `head-to-head × ${REQUESTS}: p50 ${percentile(run.h2h, 50).toFixed(2)} ms, p99 ${percentile(run.h2h, 99).toFixed(2)} ms, ` +
      `max ${Math.max(...run.h2h).toFixed(1)} ms (target p99 < ${TARGET.headToHeadP99Ms} ms)`,
  );
  console.log(
    `/api/health during them × ${run.health.length}: p50 ${percentile(run.health, 50).toFixed(2)} ms, p99 ${percentile(run.health, 99).toFixed(2)} ms; ` +
      `server event loop delay p99 ${run.loop.p99Ms.toFixed(1)} ms, max ${run.loop.maxMs.toFixed(1)} ms (target < ${TARGET.stallMs} ms)`,
  );
  if (run.loop.stalls.length > 0)
    console.log(
      `  stalls over 20 ms (ms after the first head-to-head: length, and from when on the profile's clock in µs): ${run.loop.stalls.map((x) => `${x.atMs}: ${x.ms} (from ${x.startUs})`).join(', ')}`,
    );
  await second.child.stop();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}
