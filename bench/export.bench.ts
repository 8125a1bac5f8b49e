import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '../shared/protocol.ts';
import type { CleanBattle } from '../shared/clean-battle.ts';

/**
 * Export bench: `GET /api/export.jsonl` of 10,000 maximum-size battles from a
 * real server, with `/api/health` asked all along. Targets (issue 12): the
 * server's memory grows by less than 100 MB, and /api/health's p99 stays
 * under 50 ms. Before streaming, 4,300 such battles failed with
 * "RangeError: Invalid string length" and five exports at once stalled
 * /api/health for 11 s near 2 GB.
 *
 * A maximum-size battle: one turn, a prompt at the protocol's limit (32,000
 * characters) and two answers of 30,000 characters (about 7,500 tokens each,
 * a typical max_tokens of 8,192): a 124 KB line, so 4,300 of them are the
 * 512 MiB at which V8 refuses a longer string, as the issue measured.
 *
 * Layout: the server runs alone in a child process (the same wiring as
 * `npm start`) and samples its own RSS every 10 ms, reporting the peak over
 * IPC; this process builds the database, downloads the export as fast as it
 * can (counting bytes and lines, keeping nothing) and asks /api/health every
 * 5 ms. Two runs: one export (the target), then the most exports the server
 * takes at once (network.maxExports, 2 by default) from two client addresses,
 * plus one more that must be refused.
 *
 * Environment: VERSUS_EXPORT_BATTLES (default 10000).
 */

const TARGET = { growthMB: 100, healthP99Ms: 50 };
const BATTLES = Number(process.env.VERSUS_EXPORT_BATTLES ?? 10_000);
const ANSWER_CHARS = 30_000;
const CONCURRENT = 2;
const SELF = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

// ------------------------------------------------------------------ database

/** Text of `length` characters that differs per battle and side (nothing compresses or deduplicates it away). */
function filler(seed: string, length: number): string {
  const words = ['arena', 'model', 'answer', 'token', 'prompt', 'vote', 'rating', 'stream', 'latency', 'export'];
  let out = `${seed} `;
  for (let i = 0; out.length < length; i++) out += `${words[(i * 7 + seed.length) % words.length]}${i} `;
  return out.slice(0, length);
}

function battle(n: number): CleanBattle {
  const prompt = filler(`prompt ${n}`, LIMITS.promptChars);
  return {
    question_id: `bench-${n}`,
    model_a: 'alpha',
    model_b: 'beta',
    winner: n % 3 === 0 ? 'tie' : n % 3 === 1 ? 'model_a' : 'model_b',
    judge: 'bench',
    conversation_a: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: filler(`a ${n}`, ANSWER_CHARS) },
    ],
    conversation_b: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: filler(`b ${n}`, ANSWER_CHARS) },
    ],
    turn: 1,
    anony: true,
    tstamp: 1_700_000_000 + n,
  };
}

async function buildDatabase(path: string): Promise<void> {
  const { openDatabase } = await import('../db/sqlite/open-database.ts');
  const { SqliteBattleStore } = await import('../db/sqlite/sqlite-battle-store.ts');
  const { importCleanBattles } = await import('../server/exchange/clean-battle-jsonl.ts');
  const db = openDatabase(path);
  // Building is not what is measured: one transaction (each battle's own nests inside it), no fsync per battle.
  db.pragma('synchronous = OFF');
  const store = new SqliteBattleStore(db);
  function* lines() {
    for (let n = 0; n < BATTLES; n++) yield JSON.stringify(battle(n));
  }
  db.exec('BEGIN');
  const report = await importCleanBattles(lines(), store);
  db.exec('COMMIT');
  db.close();
  if (report.imported !== BATTLES)
    throw new Error(`built ${report.imported} battles, expected ${BATTLES}: ${JSON.stringify(report.invalid.slice(0, 3))}`);
}

// ------------------------------------------------------------------ server child

interface Memory {
  rss: number;
  peakRss: number;
  heapUsed: number;
  external: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

/** Runs in the child: the server, its RSS sampled every 10 ms, the peak reported on request. */
async function serverRole(): Promise<void> {
  const { startServer } = await import('../server/start-server.ts');
  const server = await startServer({ env: process.env, cwd: process.env.VERSUS_EXPORT_DIR });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let peak = 0;
  setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10).unref();
  process.on('message', (m: { type: string }) => {
    if (m.type === 'mark') {
      (globalThis as { gc?: () => void }).gc?.();
      peak = process.memoryUsage.rss();
      loop.reset();
    }
    if (m.type === 'mark' || m.type === 'memory') {
      const mem = process.memoryUsage();
      const memory: Memory = {
        rss: mem.rss,
        peakRss: Math.max(peak, mem.rss),
        heapUsed: mem.heapUsed,
        external: mem.external,
        loopP99Ms: loop.percentile(99) / 1e6,
        loopMaxMs: loop.max / 1e6,
      };
      process.send!({ type: m.type, memory });
    } else if (m.type === 'stop') {
      void server.close().then(() => process.exit(0));
    }
  });
  process.send!({ type: 'ready', url: server.url });
}

async function startServerChild(
  dir: string,
): Promise<{ proc: ChildProcess; url: string; ask: (type: 'mark' | 'memory') => Promise<Memory> }> {
  mkdirSync(join(dir, 'no-models'), { recursive: true });
  const configPath = join(dir, 'versus.config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      disable: ['openai', 'anthropic', 'gemini', 'mistral', 'ollama'],
      discovery: { servers: [], reprobeSeconds: 0 },
      // The loopback peer is a trusted proxy: X-Forwarded-For gives each concurrent export its own client.
      network: { trustedProxies: ['loopback'] },
    }),
  );
  const proc = fork(SELF, [], {
    execArgv: ['--import', import.meta.resolve('tsx'), '--expose-gc'],
    env: {
      PATH: process.env.PATH,
      VERSUS_EXPORT_ROLE: 'server',
      VERSUS_EXPORT_DIR: dir,
      VERSUS_CONFIG: configPath,
      VERSUS_DB: join(dir, 'versus.db'),
      VERSUS_PORT: '0',
      VERSUS_LOG: 'error',
      VERSUS_OFFLINE: '1',
      VERSUS_MODELS_DIR: join(dir, 'no-models'),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error('server child did not start within 60 s')), 60_000);
    proc.once('exit', (code) => rej(new Error(`server child exited (${code}) before it was ready`)));
    proc.on('message', (m: { type: string; url?: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        res(m.url!);
      }
    });
  });
  const ask = (type: 'mark' | 'memory') =>
    new Promise<Memory>((res) => {
      const on = (m: { type: string; memory?: Memory }) => {
        if (m.type !== type) return;
        proc.off('message', on);
        res(m.memory!);
      };
      proc.on('message', on);
      proc.send({ type });
    });
  return { proc, url, ask };
}

// ------------------------------------------------------------------ driver

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** Downloads the export, keeping nothing: status, bytes, lines, seconds. */
function download(url: string, forwardedFor: string): Promise<{ status: number; bytes: number; lines: number; seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/api/export.jsonl`, { agent, headers: { 'x-forwarded-for': forwardedFor } }, (res) => {
        let bytes = 0;
        let lines = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, lines, seconds: (performance.now() - t0) / 1000 }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function healthOnce(url: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/api/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`health answered ${res.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}

/** Asks /api/health every 5 ms until `done` settles; the latencies in ms. */
async function probeHealth(url: string, done: Promise<unknown>): Promise<number[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const samples: number[] = [];
  while (!finished) {
    samples.push(await healthOnce(url));
    await new Promise((r) => setTimeout(r, 5));
  }
  return samples;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Outcome {
  label: string;
  exports: { status: number; bytes: number; lines: number; seconds: number }[];
  health: number[];
  before: Memory;
  after: Memory;
}

async function measure(label: string, server: Awaited<ReturnType<typeof startServerChild>>, clients: string[]): Promise<Outcome> {
  // Let the previous run's sockets and buffers go before the baseline.
  await new Promise((r) => setTimeout(r, 500));
  const before = await server.ask('mark');
  const done = Promise.all(clients.map((c) => download(server.url, c)));
  const [exports, health] = await Promise.all([done, probeHealth(server.url, done)]);
  const after = await server.ask('memory');
  return { label, exports, health, before, after };
}

function report(o: Outcome): boolean {
  const ok = o.exports.filter((e) => e.status === 200);
  const sorted = [...o.health].sort((a, b) => a - b);
  const growthMB = (o.after.peakRss - o.before.rss) / MB;
  const seconds = Math.max(...ok.map((e) => e.seconds));
  const battles = ok.reduce((n, e) => n + e.lines, 0);
  const bytes = ok.reduce((n, e) => n + e.bytes, 0);
  const pass = growthMB < TARGET.growthMB && pct(sorted, 99) < TARGET.healthP99Ms && ok.every((e) => e.lines === BATTLES);
  console.log(
    `${o.label}: ${ok.length} export${ok.length === 1 ? '' : 's'} of ${BATTLES.toLocaleString('en')} battles` +
      (ok.length < o.exports.length
        ? ` (${o.exports.length - ok.length} more refused: HTTP ${o.exports
            .filter((e) => e.status !== 200)
            .map((e) => e.status)
            .join(', ')})`
        : '') +
      ` in ${seconds.toFixed(1)} s: ${(battles / seconds).toFixed(0)} battles/s, ${(bytes / MB / seconds).toFixed(0)} MB/s, ${(bytes / MB).toFixed(0)} MB sent\n` +
      `  server RSS ${(o.before.rss / MB).toFixed(0)} MB before → peak ${(o.after.peakRss / MB).toFixed(0)} MB: growth ${growthMB.toFixed(1)} MB (target < ${TARGET.growthMB}); heap ${(o.after.heapUsed / MB).toFixed(0)} MB, external ${(o.after.external / MB).toFixed(0)} MB at the end\n` +
      `  /api/health during it: ${sorted.length} requests, p50 ${pct(sorted, 50).toFixed(2)} ms, p99 ${pct(sorted, 99).toFixed(2)} ms (target < ${TARGET.healthP99Ms}), max ${sorted.at(-1)!.toFixed(2)} ms; ` +
      `server event-loop delay p99 ${o.after.loopP99Ms.toFixed(1)} ms, max ${o.after.loopMaxMs.toFixed(1)} ms\n` +
      `  ${pass ? 'targets met' : 'TARGETS MISSED'}`,
  );
  return pass;
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'versus-export-bench-'));
  let server: Awaited<ReturnType<typeof startServerChild>> | undefined;
  try {
    const t0 = performance.now();
    await buildDatabase(join(dir, 'versus.db'));
    const dbMB = statSync(join(dir, 'versus.db')).size / MB;
    console.log(
      `built ${BATTLES.toLocaleString('en')} battles (prompt ${LIMITS.promptChars.toLocaleString('en')} chars, two answers of ${ANSWER_CHARS.toLocaleString('en')}) ` +
        `in ${((performance.now() - t0) / 1000).toFixed(1)} s: database ${dbMB.toFixed(0)} MB`,
    );
    console.log(
      `conditions: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)} at start; ` +
        'server alone in a child process, download and /api/health probe (every 5 ms) in this one, over loopback',
    );
    server = await startServerChild(dir);
    const single = report(await measure('one export', server, ['203.0.113.1']));
    const clients = Array.from({ length: CONCURRENT + 1 }, (_, i) => `203.0.113.${10 + i}`);
    const concurrent = await measure(`${CONCURRENT} exports at once (the cap), and one more`, server, clients);
    const concurrentPass = report(concurrent);
    if (concurrent.exports.filter((e) => e.status === 429).length !== 1)
      throw new Error(`expected exactly one export refused past the cap of ${CONCURRENT}`);
    if (!single || !concurrentPass) throw new Error('export targets missed (see above)');
  } finally {
    if (server) {
      server.proc.send({ type: 'stop' });
      await new Promise((r) => server!.proc.once('exit', r));
    }
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.VERSUS_EXPORT_ROLE === 'server') await serverRole();
