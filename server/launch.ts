import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { ensureClientBuilt } from './ensure-client-built.ts';
import { runPrimary } from './scale/run-primary.ts';

/**
 * What `npm start` runs (server/main.ts loads it from a build, or from the sources): build the client if needed,
 * start the arena, stop cleanly on SIGINT/SIGTERM.
 * VERSUS_SKIP_CLIENT_BUILD=1 skips the client build check (tests and benchmarks that spawn the server).
 * VERSUS_WORKERS=N (N > 1) makes this process the primary of N workers on the one port (scale/run-primary.ts).
 */
export async function launch(): Promise<void> {
  const say = (line: string) => console.log(line);
  // Read here too, so a refused setting (SQLite with workers) is said once, before any worker starts.
  const workers = cluster.isPrimary ? loadConfig(process.env).scale.workers : 1;
  if (process.env.VERSUS_SKIP_CLIENT_BUILD !== '1' && cluster.isPrimary) {
    try {
      await ensureClientBuilt(say);
    } catch (e) {
      say(`Could not build the client (${(e as Error).message}); the API and websocket still run.`);
    }
  }
  if (workers > 1) {
    runPrimary({ workers, say });
    return;
  }
  // Loaded only by a process that serves: a VERSUS_WORKERS primary forks and watches, and would hold the whole server's modules (about 200 MB) for nothing.
  const [{ startServer }, { formatStartupTable }, { accessSummary }, { installGracefulShutdown }] = await Promise.all([
    import('./start-server.ts'),
    import('./startup-table.ts'),
    import('./auth/access-summary.ts'),
    import('./graceful-shutdown.ts'),
  ]);
  const server = await startServer();
  const { rows = [], problems } = server.discovered;
  say(`\n${formatStartupTable({ rows, problems, url: server.url })}\n`);
  say(`Storage: ${server.storage.backend === 'postgres' ? 'PostgreSQL' : 'SQLite'} at ${server.storage.location}`);
  if (server.shared.kind === 'redis')
    say(`Shared with other nodes through Redis (prefix ${server.config.scale.redisPrefix}) as ${server.shared.nodeId}`);
  for (const line of await accessSummary(server.auth)) say(line);
  installGracefulShutdown(server, { say });
}

/** How a failure to start is said: a configuration error in its own words, anything else with its stack. */
export function sayCannotStart(e: unknown): void {
  if (e instanceof ConfigError) console.error(`Versus cannot start: ${e.message}`);
  else console.error('Versus cannot start:', e);
}
