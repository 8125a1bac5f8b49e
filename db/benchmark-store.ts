import type { BenchmarkRun } from '../shared/benchmark.ts';

/**
 * Speed benchmark runs (server/benchmark). A run is written when it starts,
 * after each level and when it ends: the same row, replaced whole.
 * Asynchronous like every store (db/battle-store.ts says why).
 */
export interface BenchmarkStore {
  /** Inserts the run, or replaces the one with its id. */
  putRun(run: BenchmarkRun): Promise<void>;
  /** Null when there is no such run, or its record no longer parses. */
  getRun(id: string): Promise<BenchmarkRun | null>;
  /** Newest first; only those of one upstream model when given (runs that compare across endpoints). */
  listRuns(opts: { upstreamModel?: string; limit: number }): Promise<BenchmarkRun[]>;
  /** Marks every run still `running` as `interrupted` (a server that stopped mid-run); resolves with how many. */
  interruptRunning(at: number): Promise<number>;
}
