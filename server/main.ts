import { ConfigError } from './config/load-config.ts';
import { ensureClientBuilt } from './ensure-client-built.ts';
import { startServer } from './start-server.ts';

/** `npm start`: build the client if needed, start the arena, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const say = (line: string) => console.log(line);
  try {
    await ensureClientBuilt(say);
  } catch (e) {
    say(`Could not build the client (${(e as Error).message}); the API and websocket still run.`);
  }
  const server = await startServer();
  say(`\nVersus is running: open ${server.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: finishing running answers and closing the database…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof ConfigError) console.error(`Versus cannot start: ${e.message}`);
  else console.error('Versus cannot start:', e);
  process.exit(1);
});
