import { BenchmarkRun, BenchmarkStatus } from '../shared/benchmark.ts';

/** A benchmark_runs row (both backends) as a run: the record parsed like any input, the status column over its own. */
export function toBenchmarkRun(row: Record<string, unknown>): BenchmarkRun | null {
  let raw: unknown;
  try {
    raw = JSON.parse(String(row.record));
  } catch {
    return null;
  }
  const parsed = BenchmarkRun.safeParse(raw);
  const status = BenchmarkStatus.safeParse(row.status);
  if (!parsed.success || !status.success) return null;
  const run = parsed.data;
  if (status.data === 'interrupted' && run.status === 'running') {
    return { ...run, status: 'interrupted', note: run.note ?? 'The server stopped during the run; the levels that ended are kept.' };
  }
  return run;
}

/** The row's values, in column order: id, model, upstream_model, endpoint_id, started_by, created_at, status, record. */
export function benchmarkRowValues(run: BenchmarkRun): unknown[] {
  return [run.id, run.model, run.upstreamModel, run.endpointId, run.startedBy, run.createdAt, run.status, JSON.stringify(run)];
}
