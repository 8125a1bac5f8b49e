import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromptSetSummary, RunProgress } from '../../shared/prompt-set.ts';
import { get, postJson } from '../auth/auth-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer, RecordedRequest } from '../helpers/fake-provider-server.ts';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { waitFor } from '../hardening/helpers.ts';

/** A run the server started goes on after the server restarts (a graceful stop here), with nothing asked or stored twice. */

let fake: FakeServer;
let arena: TestArena;
const slow = { tokens: ['a', ' b', ' c', ' d', ' e'], firstTokenMs: 20, intervalMs: 30 };

beforeAll(async () => {
  fake = await startFakeOpenAI({ models: { alpha: slow, beta: slow } });
  arena = await startTestArena({
    endpoints: [{ id: 'fake', kind: 'openai', baseURL: fake.baseURL }],
    models: [testModel('alpha', 'fake', 'alpha'), testModel('beta', 'fake', 'beta')],
  });
});

afterAll(async () => {
  await arena?.close();
  rmSync(arena?.dir ?? '/nonexistent', { recursive: true, force: true });
  await fake?.close();
});

const keyOf = (r: RecordedRequest) => `${r.model} ${(r.body as { messages: { content: string }[] }).messages.at(-1)!.content}`;

describe('a server-side run across a restart', () => {
  it('resumes at the next start and finishes without duplicates', async () => {
    const content = Array.from({ length: 20 }, (_, i) => JSON.stringify({ prompt: `Prompt ${i}` })).join('\n');
    const set = PromptSetSummary.parse(
      await (await postJson(arena.server.url, '/api/sets', { name: 'restart', format: 'jsonl', content })).json(),
    );
    const started = await postJson(arena.server.url, `/api/sets/${set.id}/runs`, { models: ['alpha', 'beta'], concurrency: 2 });
    const runId = RunProgress.parse(await started.json()).run.id;
    await waitFor(
      async () => RunProgress.parse(await (await get(arena.server.url, `/api/sets/runs/${runId}`)).json()).done >= 8,
      '8 answers',
      60_000,
    );

    const dir = arena.dir;
    arena = await arena.restart();
    expect(arena.dir).toBe(dir);
    const before = new Set((await arena.server.storage.sets.answers(runId)).map((a) => `${a.modelId} Prompt ${a.idx}`));
    expect(before.size).toBeGreaterThanOrEqual(8);
    expect(before.size).toBeLessThan(40);
    const sentBefore = fake.chatRequests.length;

    const done = await waitFor(
      async () => {
        const p = RunProgress.parse(await (await get(arena.server.url, `/api/sets/runs/${runId}`)).json());
        return p.run.status === 'done' ? p : null;
      },
      'the run to finish after the restart',
      60_000,
    );
    expect(done).toMatchObject({ done: 40, total: 40, failed: 0 });
    const answers = await arena.server.storage.sets.answers(runId);
    expect(new Set(answers.map((a) => `${a.idx} ${a.modelId}`)).size).toBe(40);
    // Stored before the restart: never asked again after it.
    const askedAgain = fake.chatRequests.slice(sentBefore).filter((r) => before.has(keyOf(r)));
    expect(askedAgain).toEqual([]);
  }, 150_000);
});
