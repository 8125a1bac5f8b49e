import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerEntry } from './build-server.mjs';
import { REPO_ROOT } from './repo-root.ts';

/** Replaced by the build (esbuild `define`) with its folder, relative to the root; undeclared when run from the sources. */
declare const VERSUS_BUILD_DIR: string | undefined;

/** The folder, relative to the root, of the build this code was loaded from; null when it runs from the TypeScript sources. */
export const BUILD_DIR: string | null = typeof VERSUS_BUILD_DIR === 'string' ? VERSUS_BUILD_DIR : null;

/** Where an entry of the build (SERVER_ENTRIES in build-server.mjs) lives: the build's module when this code runs from a build, else its TypeScript source (loaded through tsx). */
export function serverModuleUrl(entry: ServerEntry, buildDir: string | null = BUILD_DIR): URL {
  return pathToFileURL(buildDir === null ? join(REPO_ROOT, `${entry}.ts`) : join(REPO_ROOT, buildDir, `${entry}.mjs`));
}
