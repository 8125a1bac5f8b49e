import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A worker thread running a server module: a build's JavaScript as it is
 * (server/build-server.ts), or a TypeScript source through tsx. `execArgv: ['--import', 'tsx']`
 * does not do it on Node 20: the worker's entry is loaded before tsx's
 * loader hooks are registered, and fails with "Unknown file extension .ts"
 * (the caller then fell back to computing on the main thread, silently).
 * So the worker's entry is a line of JavaScript that registers tsx's hooks
 * and then imports the module.
 */
export function startTsWorker(module: URL): Worker {
  if (module.pathname.endsWith('.mjs')) return new Worker(module);
  const api = tsxApi();
  const code = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(code, { eval: true });
}

function tsxApi(): string {
  // Not every module runner (vitest's) gives import.meta.resolve.
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (resolve) return resolve('tsx/esm/api');
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
}
