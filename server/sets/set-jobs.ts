import type { SetStore } from '../../db/set-store.ts';
import type { RunProgress, SetRunSummary } from '../../shared/prompt-set.ts';
import type { RunnableEntry } from '../arena/turn-runner.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import type { Logger } from '../logger.ts';
import { runSet, type RunCounts, type RunSetDeps } from './run-set.ts';

/** Who the CLI records as a run's creator. */
export const CLI_ACTOR = 'cli';

interface Job {
  stop: AbortController;
  counts: RunCounts | null;
  done: Promise<void>;
}

export interface SetJobsOptions {
  sets: SetStore;
  catalog: ModelCatalog;
  log: Logger;
  battle: RunSetDeps['battle'];
  /** Runs executing at once on this server; more wait their turn (default 2). */
  maxActive?: number;
  maxAttempts?: number;
  backoffMs?: number;
}

/**
 * The server's bounded runner of set runs: at most `maxActive` at once, the
 * rest queued in order. Runs the server started and left `running` (a crash,
 * a restart) are resumed by `resumeUnfinished` at start; resume only does
 * what the store lacks, so a run is never done twice.
 */
export class SetJobs {
  private readonly active = new Map<string, Job>();
  private readonly queued: SetRunSummary[] = [];
  private closed = false;

  constructor(private readonly opts: SetJobsOptions) {}

  /** Runs started from the CLI are left to it (`npm run sets -- resume`): the CLI may be running one right now. */
  async resumeUnfinished(): Promise<void> {
    for (const r of await this.opts.sets.runs()) if (r.status === 'running' && r.createdBy !== CLI_ACTOR) this.start(r);
  }

  /** Starts (or queues) the run; a run already here is left as it is. */
  start(run: SetRunSummary): void {
    if (this.closed || this.active.has(run.id) || this.queued.some((q) => q.id === run.id)) return;
    if (this.active.size >= (this.opts.maxActive ?? 2)) {
      this.queued.push(run);
      return;
    }
    const stop = new AbortController();
    const job: Job = { stop, counts: null, done: Promise.resolve() };
    this.active.set(run.id, job);
    job.done = runSet(
      {
        sets: this.opts.sets,
        log: this.opts.log,
        battle: this.opts.battle,
        entryOf: (id) => {
          const e = this.opts.catalog.get(id);
          return e?.adapter ? (e as RunnableEntry) : null;
        },
        onProgress: (c) => (job.counts = c),
        ...(this.opts.maxAttempts !== undefined ? { maxAttempts: this.opts.maxAttempts } : {}),
        ...(this.opts.backoffMs !== undefined ? { backoffMs: this.opts.backoffMs } : {}),
      },
      run,
      stop.signal,
    )
      .then(
        (r) => {
          if (!r.ok) this.opts.log.error(`set run ${run.id} cannot go on: ${r.error}`);
        },
        (e: unknown) => this.opts.log.error(`set run ${run.id} failed; it resumes at the next start`, e),
      )
      .finally(() => {
        this.active.delete(run.id);
        const next = this.queued.shift();
        if (next) this.start(next);
      });
  }

  /** Stops the run for good (it is marked cancelled; its answers stay). */
  async cancel(runId: string): Promise<void> {
    const i = this.queued.findIndex((q) => q.id === runId);
    if (i >= 0) this.queued.splice(i, 1);
    const job = this.active.get(runId);
    job?.stop.abort(new Error('cancelled'));
    await job?.done;
    await this.opts.sets.finishRun(runId, 'cancelled', Date.now());
  }

  /** Where a run stands: live counts while it runs here, else counted from the store. */
  async progress(run: SetRunSummary): Promise<RunProgress> {
    const job = this.active.get(run.id);
    const fresh = (await this.opts.sets.getRun(run.id)) ?? run;
    if (job?.counts) return { run: fresh, ...job.counts, active: true };
    const keys = await this.opts.sets.answerKeys(run.id);
    const items = (await this.opts.sets.getSet(run.setId))?.items ?? 0;
    return {
      run: fresh,
      total: items * run.models.length,
      done: keys.length,
      failed: keys.filter((k) => k.status !== 'finished').length,
      active: job !== undefined,
      waitingUntil: null,
    };
  }

  /** Stops every run without marking it (they stay `running`, and resume at the next start); resolves once all stopped. */
  async close(): Promise<void> {
    this.closed = true;
    this.queued.length = 0;
    const jobs = [...this.active.values()];
    for (const j of jobs) j.stop.abort(new Error('server stopping'));
    await Promise.all(jobs.map((j) => j.done));
  }
}
