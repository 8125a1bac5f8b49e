import type { BenchmarkRun } from '../../shared/benchmark.ts';
import type { BenchmarkStore } from '../benchmark-store.ts';
import { benchmarkRowValues, toBenchmarkRun } from '../benchmark-row.ts';
import type { Row } from '../row-readers.ts';
import type { Db } from './open-database.ts';
import { settled } from './settled.ts';

/** Benchmark runs on SQLite; each method's work is done when it returns (db/sqlite/settled.ts). */
export class SqliteBenchmarkStore implements BenchmarkStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      put: db.prepare(
        `INSERT INTO benchmark_runs (id, model, upstream_model, endpoint_id, started_by, created_at, status, record)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record`,
      ),
      get: db.prepare(`SELECT status, record FROM benchmark_runs WHERE id = ?`),
      list: db.prepare(`SELECT status, record FROM benchmark_runs ORDER BY created_at DESC, id DESC LIMIT ?`),
      listOf: db.prepare(`SELECT status, record FROM benchmark_runs WHERE upstream_model = ? ORDER BY created_at DESC, id DESC LIMIT ?`),
      interrupt: db.prepare(`UPDATE benchmark_runs SET status = 'interrupted' WHERE status = 'running'`),
    };
  }

  putRun(run: BenchmarkRun): Promise<void> {
    return settled(() => {
      this.stmts.put.run(...benchmarkRowValues(run));
    });
  }

  getRun(id: string): Promise<BenchmarkRun | null> {
    return settled(() => {
      const row = this.stmts.get.get(id) as Row | undefined;
      return row ? toBenchmarkRun(row) : null;
    });
  }

  listRuns(opts: { upstreamModel?: string; limit: number }): Promise<BenchmarkRun[]> {
    return settled(() => {
      const rows = (
        opts.upstreamModel === undefined ? this.stmts.list.all(opts.limit) : this.stmts.listOf.all(opts.upstreamModel, opts.limit)
      ) as Row[];
      return rows.map(toBenchmarkRun).filter((r): r is BenchmarkRun => r !== null);
    });
  }

  interruptRunning(_at: number): Promise<number> {
    return settled(() => this.stmts.interrupt.run().changes);
  }
}
