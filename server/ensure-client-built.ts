import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT as ROOT } from './repo-root.ts';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

/** Builds the client with Vite when dist/client is missing or older than its sources, so `npm start` is one command. */
export async function ensureClientBuilt(log: (line: string) => void): Promise<void> {
  const index = join(ROOT, 'dist/client/index.html');
  const sources = [join(ROOT, 'client'), join(ROOT, 'shared')].filter((d) => existsSync(d));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  log('Building the client (vite build)…');
  const { build } = await import('vite');
  // Always the production build: Vite takes NODE_ENV from the environment, which a test runner sets to "test".
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
