import { accessSummary } from './auth/access-summary.ts';
import { ConfigError } from './config/load-config.ts';
import { ensureClientBuilt } from './ensure-client-built.ts';
import { installGracefulShutdown } from './graceful-shutdown.ts';
import { startServer } from './start-server.ts';
import { formatStartupTable } from './startup-table.ts';

/**
 * `npm start`: build the client if needed, start the arena, stop cleanly on SIGINT/SIGTERM.
 * VERSUS_SKIP_CLIENT_BUILD=1 skips the client build check (tests and benchmarks that spawn the server).
 */
async function main(): Promise<void> {
  const say = (line: string) => console.log(line);
  if (process.env.VERSUS_SKIP_CLIENT_BUILD !== '1') {
    try {
      await ensureClientBuilt(say);
    } catch (e) {
      say(`Could not build the client (${(e as Error).message}); the API and websocket still run.`);
    }
  }
  const server = await startServer();
  const { rows = [], problems } = server.discovered;
  say(`\n${formatStartupTable({ rows, problems, url: server.url })}\n`);
  say(`Storage: ${server.storage.backend === 'postgres' ? 'PostgreSQL' : 'SQLite'} at ${server.storage.location}`);
  for (const line of await accessSummary(server.auth)) say(line);
  installGracefulShutdown(server, { say });
}

main().catch((e) => {
  if (e instanceof ConfigError) console.error(`Versus cannot start: ${e.message}`);
  else console.error('Versus cannot start:', e);
  process.exit(1);
});
