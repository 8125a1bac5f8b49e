import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository's root: the nearest folder above this module whose
 * package.json is Versus's. Found by looking, not by a fixed number of `..`:
 * run from the sources this module is server/repo-root.ts, run from a build
 * (server/build-server.ts) its code sits in a chunk of dist/server/<hash>/,
 * another depth.
 */
export const REPO_ROOT = findRoot(import.meta.dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'versus') return dir;
    if (dirname(dir) === dir) throw new Error(`no Versus package.json above ${from}`);
  }
}
