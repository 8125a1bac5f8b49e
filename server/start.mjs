// `npm start`, in plain JavaScript: the serving process loads no TypeScript loader (see build-server.mjs for why).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ensureServerBuilt, REPO_ROOT } from './build-server.mjs';

/**
 * Runs the server from its JavaScript build, made by the first start after
 * the sources change (about a second). A build that fails is said, and the
 * TypeScript sources run instead through tsx, as `npm run dev` runs them.
 * VERSUS_WORKERS forks re-run this file: each finds the build in place.
 */
async function load() {
  try {
    const { dir } = await ensureServerBuilt();
    return await import(pathToFileURL(join(REPO_ROOT, dir, 'server/launch.mjs')).href);
  } catch (e) {
    console.error(
      `Could not build or load the server's JavaScript (${e instanceof Error ? e.message : String(e)}); running it from the TypeScript sources.`,
    );
    const { register } = await import('tsx/esm/api');
    register();
    return await import('./launch.ts');
  }
}

load().then(
  ({ launch, sayCannotStart }) =>
    launch().catch((e) => {
      sayCannotStart(e);
      process.exit(1);
    }),
  (e) => {
    console.error('Versus cannot start:', e);
    process.exit(1);
  },
);
