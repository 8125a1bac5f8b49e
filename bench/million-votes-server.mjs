// The million-vote bench's server (bench/million-votes.bench.ts forks it), in plain JavaScript: the server from its
// JavaScript build, as `npm start` runs it, with no TypeScript loader in the process.
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ensureServerBuilt, REPO_ROOT } from '../server/build-server.mjs';

const { dir } = await ensureServerBuilt();
const { startServer } = await import(pathToFileURL(join(REPO_ROOT, dir, 'server/start-server.mjs')).href);
const t0 = performance.now();
const server = await startServer({ env: process.env, cwd: process.env.VERSUS_MV_DIR });
const startMs = performance.now() - t0;
// The event loop is watched from the moment the server listens.
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
// When the stalls over 20 ms came, after the mark (a 1 ms timer that came late), to find them in a CPU profile: also
// as the monotonic clock's microseconds, the clock a V8 CPU profile's sample times are on.
let markedAt = performance.now();
let stalls = [];
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last > 21) {
    const startUs = Number(process.hrtime.bigint() / 1000n) - Math.round((now - last) * 1000);
    stalls.push({ atMs: Math.round(last - markedAt), ms: Math.round(now - last - 1), startUs });
  }
  last = now;
}, 1).unref();
process.on('message', (m) => {
  if (m.type === 'mark') {
    loop.reset();
    markedAt = performance.now();
    stalls = [];
  }
  if (m.type === 'loop') process.send({ type: 'loop', p99Ms: loop.percentile(99) / 1e6, maxMs: loop.max / 1e6, stalls });
  if (m.type === 'stop') void server.close().then(() => process.exit(0));
});
process.send({ type: 'ready', url: server.url, startMs });
