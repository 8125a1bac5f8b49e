// Plain JavaScript: `npm start` (server/start.mjs) runs this before anything can load TypeScript. Types: build-server.d.mts.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The modules a process or a worker thread loads by location rather than by
 * import, so the build emits each as an entry of its own (server/server-module.ts
 * finds them).
 */
export const SERVER_ENTRIES = /** @type {const} */ ([
  'server/launch',
  'server/start-server',
  'server/leaderboard/ratings-worker',
  'server/leaderboard/controlled-worker',
  'server/meaning/weighted-fit-worker',
]);

/** Where builds go, one folder per state of the sources. */
export const BUILDS_DIR = 'dist/server';
/** The folders whose TypeScript a build holds (packages stay in node_modules, imported as they are). */
const SOURCE_DIRS = ['server', 'shared', 'db'];
/** Builds kept besides the one in use: a server still running from an older one may yet load one of its lazy chunks. */
const KEPT_BUILDS = 3;
/** Part of the build's name: changed when the options below change, so an older build is not reused. */
const BUILD_FORMAT = 'esm-node20-split-1';

/** The repository's root: the folder above this file. */
export const REPO_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** @param {string} dir @param {string[]} out @returns {string[]} */
function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|mjs)$/.test(p)) out.push(p);
  }
  return out;
}

/**
 * The build's folder, relative to the root: named by a hash of every source
 * file (path and content) and the build's options, so a change of any source
 * makes a new build and an unchanged tree reuses the one it has.
 * @param {string} [root]
 */
export function serverBuildDir(root = REPO_ROOT) {
  const h = createHash('sha256').update(BUILD_FORMAT);
  for (const file of SOURCE_DIRS.flatMap((d) => sourceFiles(join(root, d)))) {
    h.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return `${BUILDS_DIR}/${h.digest('hex').slice(0, 16)}`;
}

/**
 * The server as JavaScript, built with esbuild when the sources have no build
 * yet, so that `npm start` runs without a TypeScript loader: any module
 * loader hook (tsx's) sends every module, packages included, through a
 * thread of its own, and the server's ~600 modules took 1.35 s to import that
 * way against 0.6 s from the build (this 2-core machine, 10 runs each). One
 * bundle per entry of SERVER_ENTRIES, the code they share in chunks, every
 * `import()` still loaded when first used; packages are not bundled. Built
 * into a folder of its own and renamed into place, so processes that start
 * together (VERSUS_WORKERS, tests) never load a half-written build: the first
 * rename wins and the others use it.
 * @param {string} [root]
 * @returns {Promise<{ dir: string; built: boolean }>} the build's folder, relative to the root
 */
export async function ensureServerBuilt(root = REPO_ROOT) {
  const dir = serverBuildDir(root);
  const final = join(root, dir);
  if (existsSync(final)) return { dir, built: false };
  const tmp = join(root, BUILDS_DIR, `.building-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const { build } = await import('esbuild');
    await build({
      absWorkingDir: root,
      entryPoints: SERVER_ENTRIES.map((e) => ({ in: `${e}.ts`, out: e })),
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      define: { VERSUS_BUILD_DIR: JSON.stringify(dir) },
      logLevel: 'silent',
    });
    try {
      renameSync(tmp, final);
    } catch (e) {
      // Another process built the same sources first: its build is the same, and it is in place.
      if (!existsSync(final)) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  pruneBuilds(root, dir);
  return { dir, built: true };
}

/**
 * Removes all but the newest KEPT_BUILDS builds besides `current`, and any build left half-written over an hour ago.
 * @param {string} root @param {string} current
 */
function pruneBuilds(root, current) {
  const base = join(root, BUILDS_DIR);
  const entries = readdirSync(base)
    .map((name) => ({ name, path: join(base, name), mtime: statSync(join(base, name)).mtimeMs }))
    .filter((e) => `${BUILDS_DIR}/${e.name}` !== current);
  const stale = entries.filter((e) => e.name.startsWith('.building-') && Date.now() - e.mtime > 3_600_000);
  const old = entries
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => b.mtime - a.mtime)
    .slice(KEPT_BUILDS);
  for (const e of [...stale, ...old]) rmSync(e.path, { recursive: true, force: true });
}
