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
process.on('message', (m) => {
  if (m.type === 'mark') loop.reset();
  if (m.type === 'loop') process.send({ type: 'loop', p99Ms: loop.percentile(99) / 1e6, maxMs: loop.max / 1e6 });
  if (m.type === 'stop') void server.close().then(() => process.exit(0));
});
process.send({ type: 'ready', url: server.url, startMs });
