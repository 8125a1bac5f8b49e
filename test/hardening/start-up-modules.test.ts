import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { killServer, spawnServer, type ChildServer } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'versus-start-modules-'));
let child: ChildServer | undefined;

/** Preloaded with --import: every module URL the process resolves is appended to $VERSUS_TEST_MODULE_LOG. */
const RECORDER = `import { register } from 'node:module';
register('./record-modules-hooks.mjs', import.meta.url, { data: { log: process.env.VERSUS_TEST_MODULE_LOG } });
`;
/** Its resolve hook (module hooks run on a thread of their own). */
const RECORDER_HOOKS = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (log) appendFileSync(log, resolved.url + '\\n');
  return resolved;
}
`;

afterAll(async () => {
  await killServer(child);
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Start-up time is mostly module loading. node-llama-cpp (0.6 s), Anthropic's
 * SDK (0.3 s), the Redis client (0.25 s) and the PostgreSQL driver load on
 * first use, so a node that uses none of them never pays for them; and npm
 * start loads the server's JavaScript build, not its TypeScript through tsx.
 * The language detector's tables are loaded at start on purpose (warm-classifier.ts).
 */
describe('what a start loads', () => {
  it('a server with an Anthropic endpoint, no GGUF file and no Redis answers without loading node-llama-cpp, the Anthropic SDK or the Redis client', async () => {
    const log = join(dir, 'modules.txt');
    writeFileSync(join(dir, 'record-modules.mjs'), RECORDER);
    writeFileSync(join(dir, 'record-modules-hooks.mjs'), RECORDER_HOOKS);
    const hook = pathToFileURL(join(dir, 'record-modules.mjs')).href;
    child = await spawnServer(
      join(dir, 'node'),
      { endpoints: [{ id: 'an', kind: 'anthropic', baseURL: 'http://127.0.0.1:1', apiKeyEnv: 'AN_KEY' }] },
      { NODE_OPTIONS: `--import ${hook}`, VERSUS_TEST_MODULE_LOG: log, AN_KEY: 'sk-test' },
    );
    const health = await fetch(`${child.url}/api/health`);
    expect(health.status).toBe(200);
    const board = await fetch(`${child.url}/api/leaderboard`);
    expect(board.status).toBe(200);

    const loaded = readFileSync(log, 'utf8').split('\n');
    // The hook sees the process's modules: the server's own, from its build (npm start), and the SDK it does use.
    expect(loaded.some((u) => /\/dist\/server\/[0-9a-f]{16}\/server\/launch\.mjs$/.test(u))).toBe(true);
    expect(loaded.filter((u) => u.endsWith('.ts'))).toEqual([]);
    expect(loaded.some((u) => u.includes('/node_modules/openai/'))).toBe(true);
    // The classifiers are warmed before the server listens: their first use stalled the event loop.
    expect(loaded.some((u) => u.includes('/node_modules/eld/'))).toBe(true);
    for (const lazy of [
      '/node_modules/node-llama-cpp/',
      '/node_modules/@anthropic-ai/sdk/',
      '/node_modules/redis/',
      '/node_modules/@redis/',
      // SQLite here: the PostgreSQL driver is loaded only with a database URL.
      '/node_modules/pg/',
    ]) {
      expect(loaded.filter((u) => u.includes(lazy))).toEqual([]);
    }
  });
});
