import type { BenchmarkRun } from '../../shared/benchmark.ts';
import type { BenchmarkStore } from '../benchmark-store.ts';
import { benchmarkRowValues, toBenchmarkRun } from '../benchmark-row.ts';
import { statement, type PgDatabase } from './pg-database.ts';

const Q = {
  put: statement(
    'put_benchmark_run',
    `INSERT INTO benchmark_runs (id, model, upstream_model, endpoint_id, started_by, created_at, status, record)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record`,
  ),
  get: statement('get_benchmark_run', `SELECT status, record FROM benchmark_runs WHERE id = $1`),
  list: statement('list_benchmark_runs', `SELECT status, record FROM benchmark_runs ORDER BY created_at DESC, id DESC LIMIT $1`),
  listOf: statement(
    'list_benchmark_runs_of',
    `SELECT status, record FROM benchmark_runs WHERE upstream_model = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
  ),
  interrupt: statement('interrupt_benchmark_runs', `UPDATE benchmark_runs SET status = 'interrupted' WHERE status = 'running'`),
};

/** Benchmark runs on PostgreSQL. */
export class PgBenchmarkStore implements BenchmarkStore {
  constructor(private readonly db: PgDatabase) {}

  async putRun(run: BenchmarkRun): Promise<void> {
    await this.db.run(Q.put, benchmarkRowValues(run));
  }

  async getRun(id: string): Promise<BenchmarkRun | null> {
    const [row] = await this.db.rows(Q.get, [id]);
    return row ? toBenchmarkRun(row) : null;
  }

  async listRuns(opts: { upstreamModel?: string; limit: number }): Promise<BenchmarkRun[]> {
    const rows =
      opts.upstreamModel === undefined
        ? await this.db.rows(Q.list, [opts.limit])
        : await this.db.rows(Q.listOf, [opts.upstreamModel, opts.limit]);
    return rows.map(toBenchmarkRun).filter((r): r is BenchmarkRun => r !== null);
  }

  interruptRunning(_at: number): Promise<number> {
    return this.db.run(Q.interrupt);
  }
}
