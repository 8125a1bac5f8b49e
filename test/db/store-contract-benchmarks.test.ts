import { afterAll, describe, expect, it } from 'vitest';
import type { BenchmarkRun } from '../../shared/benchmark.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';

/** A run as the benchmark service writes it; `over` changes what a case needs. */
function run(over: Partial<BenchmarkRun> = {}): BenchmarkRun {
  return {
    id: 'run-1',
    model: 'llama-a',
    modelLabel: 'Llama on A',
    upstreamModel: 'llama3.2',
    endpointId: 'endpoint-a',
    providerLabel: 'Ollama',
    startedBy: 'user-1',
    createdAt: 1_000,
    finishedAt: null,
    status: 'running',
    note: null,
    plan: {
      model: 'llama-a',
      concurrency: [1, 4],
      requestsPerLevel: 8,
      promptLengths: { minTokens: 100, maxTokens: 200, seed: 1 },
      outputTokens: 64,
    },
    estimate: { requests: 16, inputTokens: 3200, outputTokens: 1024, costUsd: 0, needsConfirmation: false },
    levels: [],
    ...over,
  };
}

const level: BenchmarkRun['levels'][number] = {
  concurrency: 1,
  requests: 8,
  succeeded: 7,
  durationMs: 4000.5,
  ttftMs: { n: 7, p50: 120.25, p90: 150, p99: 170 },
  interTokenMs: { n: 7, p50: 20, p90: 22, p99: 25 },
  latencyMs: { n: 7, p50: 1400, p90: 1500, p99: 1600 },
  outputTokensPerSecond: { n: 7, p50: 50, p90: 55, p99: 58 },
  totalOutputTokensPerSecond: 112,
  requestsPerSecond: 1.75,
  outputTokens: 448,
  inputTokens: 1200,
  costUsd: null,
  errors: { rate_limit: 1 },
};

describe.each(backendsUnderTest())('the benchmark store on $name', (backend) => {
  afterAll(() => backend.cleanup());
  const test = it.skipIf(backend.skip);

  test('writes a run when it starts and replaces it as levels end, reading back exactly what it wrote', async () => {
    const s = await (await backend.fresh()).open();
    await s.benchmarks.putRun(run());
    expect(await s.benchmarks.getRun('run-1')).toEqual(run());
    const done = run({ status: 'finished', finishedAt: 9_000, levels: [level, { ...level, concurrency: 4, errors: {} }] });
    await s.benchmarks.putRun(done);
    expect(await s.benchmarks.getRun('run-1')).toEqual(done);
    expect(await s.benchmarks.listRuns({ limit: 10 })).toEqual([done]);
    expect(await s.benchmarks.getRun('no-such-run')).toBeNull();
  });

  test('lists newest first, limited, and by upstream model across endpoints', async () => {
    const s = await (await backend.fresh()).open();
    await s.benchmarks.putRun(run({ id: 'a-old', createdAt: 1_000 }));
    await s.benchmarks.putRun(run({ id: 'b-other', createdAt: 2_000, endpointId: 'endpoint-b', model: 'llama-b' }));
    await s.benchmarks.putRun(run({ id: 'c-gpt', createdAt: 3_000, upstreamModel: 'gpt-4o-mini', model: 'gpt' }));
    const ids = (runs: BenchmarkRun[]) => runs.map((r) => r.id);
    expect(ids(await s.benchmarks.listRuns({ limit: 10 }))).toEqual(['c-gpt', 'b-other', 'a-old']);
    expect(ids(await s.benchmarks.listRuns({ limit: 2 }))).toEqual(['c-gpt', 'b-other']);
    expect(ids(await s.benchmarks.listRuns({ upstreamModel: 'llama3.2', limit: 10 }))).toEqual(['b-other', 'a-old']);
    expect(await s.benchmarks.listRuns({ upstreamModel: 'nothing', limit: 10 })).toEqual([]);
  });

  test('marks the runs a stopped server left running as interrupted, keeping their levels, and no others', async () => {
    const s = await (await backend.fresh()).open();
    await s.benchmarks.putRun(run({ id: 'left', levels: [level] }));
    await s.benchmarks.putRun(run({ id: 'done', status: 'finished', finishedAt: 2_000 }));
    expect(await s.benchmarks.interruptRunning(5_000)).toBe(1);
    const left = await s.benchmarks.getRun('left');
    expect(left).toMatchObject({ status: 'interrupted', levels: [level] });
    expect(left!.note).toMatch(/stopped during the run/);
    expect((await s.benchmarks.getRun('done'))!.status).toBe('finished');
    expect(await s.benchmarks.interruptRunning(6_000)).toBe(0);
  });

  test('a record that no longer parses reads as no run, and does not hide the others', async () => {
    const db = await backend.fresh();
    const s = await db.open();
    await s.benchmarks.putRun(run({ id: 'good', createdAt: 1 }));
    await db.sql(
      `INSERT INTO benchmark_runs (id, model, upstream_model, endpoint_id, started_by, created_at, status, record)
       VALUES ('bad', 'm', 'llama3.2', 'e', 'u', 2, 'finished', '{"not":"a run"}')`,
    );
    expect(await s.benchmarks.getRun('bad')).toBeNull();
    expect((await s.benchmarks.listRuns({ limit: 10 })).map((r) => r.id)).toEqual(['good']);
  });
});
