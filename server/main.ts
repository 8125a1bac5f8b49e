import { launch, sayCannotStart } from './launch.ts';

/**
 * The server from its TypeScript sources, through tsx: `npm run dev` (whose watcher follows the modules loaded) and
 * tests that run the sources. `npm start` runs the JavaScript build instead (server/start.mjs).
 */
launch().catch((e: unknown) => {
  sayCannotStart(e);
  process.exit(1);
});
