import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer, RecordedRequest } from '../helpers/fake-provider-server.ts';
import { ALL_BUILTIN_ENDPOINTS } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { waitFor } from '../hardening/helpers.ts';

/**
 * `npm run sets -- run` in a child process against two fake endpoints: 200
 * prompts × 2 models at concurrency 4 per endpoint, a 429 with retry-after in
 * the middle, SIGKILL part-way, then `resume`: every answer stored exactly
 * once, nothing asked again that was already stored, the retry-after honoured.
 */

const TSX = import.meta.resolve('tsx');
const CLI = fileURLToPath(new URL('../../server/cli/sets.ts', import.meta.url));
const PROMPTS = 200;
const RATE_LIMITED_AT = 60;

let alpha: FakeServer;
let beta: FakeServer;
let dir: string;
let env: Record<string, string>;
let alphaChats = 0;
let limitedRequest: RecordedRequest | undefined;

const answer = { tokens: ['One', ' two', ' three', ' four', ' five', ' six', ' seven', ' eight'], firstTokenMs: 5, intervalMs: 2 };

beforeAll(async () => {
  alpha = await startFakeOpenAI({
    modelIds: ['alpha'],
    script: (req) => {
      if (req.path !== '/v1/chat/completions') return undefined;
      if (++alphaChats !== RATE_LIMITED_AT) return answer;
      limitedRequest = req;
      return { httpError: { status: 429, headers: { 'retry-after': '1' }, message: 'Rate limit reached' } };
    },
  });
  beta = await startFakeOpenAI({ modelIds: ['beta'], defaultScript: answer });
  dir = mkdtempSync(join(tmpdir(), 'versus-sets-'));
  mkdirSync(join(dir, 'no-models'));
  const configPath = join(dir, 'versus.config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      disable: ALL_BUILTIN_ENDPOINTS,
      discovery: { servers: [] },
      endpoints: [
        { id: 'ep-alpha', kind: 'openai', baseURL: alpha.baseURL },
        { id: 'ep-beta', kind: 'openai', baseURL: beta.baseURL },
      ],
      models: [testModel('alpha', 'ep-alpha', 'alpha'), testModel('beta', 'ep-beta', 'beta')],
    }),
  );
  env = {
    PATH: process.env.PATH ?? '',
    VERSUS_CONFIG: configPath,
    VERSUS_DB: join(dir, 'versus.db'),
    VERSUS_OFFLINE: '1',
    VERSUS_MODELS_DIR: join(dir, 'no-models'),
  };
  const lines = Array.from({ length: PROMPTS }, (_, i) =>
    JSON.stringify({ prompt: `Support email ${i}: where is my order?`, tags: ['support'] }),
  );
  writeFileSync(join(dir, 'support.jsonl'), lines.join('\n'));
});

afterAll(async () => {
  await alpha?.close();
  await beta?.close();
  rmSync(dir, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res) => child.once('exit', (status) => res({ status, stderr })));
}

const promptOf = (r: RecordedRequest) => {
  const messages = (r.body as { messages: { content: string }[] }).messages;
  return messages.at(-1)!.content;
};

/** The most requests in flight at once, from their arrival and end times. */
function maxInFlight(requests: readonly RecordedRequest[]): number {
  const edges = requests.flatMap((r) => [
    { t: r.arrivedAt, d: 1 },
    { t: r.endedAt ?? Infinity, d: -1 },
  ]);
  edges.sort((x, y) => x.t - y.t || x.d - y.d);
  let now = 0;
  let most = 0;
  for (const e of edges) most = Math.max(most, (now += e.d));
  return most;
}

describe('npm run sets -- run, killed and resumed', () => {
  it('runs 200 prompts at concurrency 4, honours retry-after, and after SIGKILL resumes without asking or storing anything twice', async () => {
    const imported = spawnSync(process.execPath, ['--import', TSX, CLI, 'import', join(dir, 'support.jsonl'), '--name', 'support emails'], {
      env,
      encoding: 'utf8',
    });
    expect(imported.status, imported.stderr).toBe(0);
    const setId = imported.stdout.trim();
    expect(imported.stderr).toContain('version 1: 200 prompts');

    const child = spawn(process.execPath, ['--import', TSX, CLI, 'run', setId, '--models', 'alpha,beta', '--concurrency', '4'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.once('exit', (_code, signal) => res(signal)));
    // Well past the 429 and its one-second pause, well before the end (400 answers).
    await waitFor(() => alpha.chatRequests.length + beta.chatRequests.length >= 200, 'half the requests', 200_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const runId = stdout.trim().split('\n')[0]!;
    expect(stderr).toMatch(/At most \$\d+\.\d{4} for 200 prompts/);
    expect(stderr).toMatch(/\[#+-+\] +\d+% \d+\/400 answers/);

    const before = openSqliteStore(env.VERSUS_DB!);
    const stored = await before.sets.answers(runId);
    expect((await before.sets.getRun(runId))!.status).toBe('running');
    await before.close();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(400);
    const sentBefore = new Set([...alpha.chatRequests, ...beta.chatRequests].map((r) => r.index + (r.model ?? '')));

    // Not spawnSync: the fake providers answer from this process's event loop.
    const resumed = await runCli(['resume', runId]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('Done: 400 answers, 0 failed.');

    const after = openSqliteStore(env.VERSUS_DB!);
    const all = await after.sets.answers(runId);
    expect((await after.sets.getRun(runId))!.status).toBe('done');
    await after.close();
    expect(all).toHaveLength(400);
    expect(new Set(all.map((a) => `${a.idx} ${a.modelId}`)).size).toBe(400);
    expect(all.every((a) => a.status === 'finished' && a.text === 'One two three four five six seven eight')).toBe(true);
    // Metrics are the arena's: measured by run-side, priced from the catalog.
    expect(all.every((a) => a.metrics.ttftMs !== null && a.metrics.outputTokens === 8 && a.metrics.costUsd! > 0)).toBe(true);

    // Nothing stored before the kill was asked again: the resumed process sent exactly the missing answers.
    const storedKeys = new Set(stored.map((a) => `${a.modelId} Support email ${a.idx}: where is my order?`));
    const newRequests = [...alpha.chatRequests, ...beta.chatRequests].filter((r) => !sentBefore.has(r.index + (r.model ?? '')));
    expect(newRequests.filter((r) => storedKeys.has(`${r.model} ${promptOf(r)}`))).toEqual([]);
    expect(newRequests).toHaveLength(400 - stored.length);

    // Concurrency: never more than 4 requests at once per endpoint, and the runner did use 4.
    for (const server of [alpha, beta]) {
      expect(maxInFlight(server.chatRequests)).toBeLessThanOrEqual(4);
      expect(maxInFlight(server.chatRequests)).toBeGreaterThanOrEqual(2);
    }

    // Retry-after: after the 429 (1 s), no new request reached that endpoint for the rest of the second. Only requests whose
    // workers took their slot before the runner read the 429 may arrive after it, so they all come at its start: how
    // many depends on how long the runner took to read it (on a loaded CI machine the other three workers each finished
    // a request and sent another meanwhile), but a worker not held by the pause would keep sending all second.
    const limited = limitedRequest!;
    const refusedAt = limited.endedAt!;
    const duringPause = alpha.chatRequests.filter((r) => r.arrivedAt > refusedAt && r.arrivedAt < refusedAt + 1000);
    expect(duringPause.filter((r) => r.arrivedAt > refusedAt + 250)).toEqual([]);
    const retried = alpha.chatRequests.find((r) => r.index > limited.index && promptOf(r) === promptOf(limited));
    expect(retried!.arrivedAt - refusedAt).toBeGreaterThanOrEqual(990);
  }, 400_000);
});
