import { randomUUID } from 'node:crypto';
import type { BenchmarkStore } from '../../db/benchmark-store.ts';
import {
  BENCHMARK_LIMITS,
  type BenchmarkEstimate,
  type BenchmarkPlan,
  type BenchmarkRun,
  type StartBenchmark,
} from '../../shared/benchmark.ts';
import type { CatalogEntry, ModelCatalog } from '../catalog/model-catalog.ts';
import type { Logger } from '../logger.ts';
import { confirmsEstimate, estimateBenchmark } from './estimate-benchmark.ts';
import { runBenchmark } from './run-benchmark.ts';

export interface BenchmarkServiceDeps {
  store: BenchmarkStore;
  catalog: ModelCatalog;
  log: Logger;
  /** Runs at once on this server, whoever started them (default 2): each holds up to 32 requests open. */
  maxRunning?: number;
  now?: () => number;
}

export type Refusal = { ok: false; status: 400 | 404 | 409 | 429; message: string; estimate?: BenchmarkEstimate };
export type Planned = { ok: true; entry: CatalogEntry; estimate: BenchmarkEstimate };

interface Running {
  run: BenchmarkRun;
  stop: AbortController;
  done: Promise<void>;
}

/**
 * Starts, tracks and stores speed benchmark runs. Bounded whoever asks: the
 * plan's own limits (shared/benchmark.ts), one run per person at a time, a
 * few runs on the server at once, and a whole run cut at BENCHMARK_LIMITS.maxRunSeconds.
 * A paid model runs only with the estimate the person confirmed.
 */
export class BenchmarkService {
  private readonly running = new Map<string, Running>();
  private readonly now: () => number;

  constructor(private readonly deps: BenchmarkServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Marks runs a previous process left running as interrupted. */
  async open(): Promise<void> {
    const n = await this.deps.store.interruptRunning(this.now());
    if (n > 0) this.deps.log.info(`${n} speed benchmark run(s) were interrupted by the last stop`);
  }

  plan(plan: BenchmarkPlan): Planned | Refusal {
    const entry = this.deps.catalog.get(plan.model);
    if (!entry) return { ok: false, status: 404, message: `Unknown model "${plan.model}"` };
    if (!entry.adapter)
      return { ok: false, status: 409, message: `${entry.spec.label} is unavailable: ${entry.unavailableReason ?? 'no adapter'}` };
    if (plan.concurrency.length * plan.requestsPerLevel > BENCHMARK_LIMITS.maxRequests) {
      return { ok: false, status: 400, message: `At most ${BENCHMARK_LIMITS.maxRequests} requests in one run` };
    }
    return { ok: true, entry, estimate: estimateBenchmark(plan, entry.spec.pricing) };
  }

  start(req: StartBenchmark, startedBy: string): Promise<{ ok: true; run: BenchmarkRun } | Refusal> {
    const planned = this.plan(req);
    if (!planned.ok) return Promise.resolve(planned);
    const { entry, estimate } = planned;
    if (!confirmsEstimate(req.confirmed, estimate)) {
      return Promise.resolve({
        ok: false,
        status: 409,
        estimate,
        message: 'This model is not free: confirm the cost estimate (send it back as `confirmed`) to start',
      });
    }
    if ([...this.running.values()].some((r) => r.run.startedBy === startedBy)) {
      return Promise.resolve({ ok: false, status: 409, message: 'You already have a benchmark running; wait for it or cancel it' });
    }
    if (this.running.size >= (this.deps.maxRunning ?? 2)) {
      return Promise.resolve({
        ok: false,
        status: 429,
        message: 'As many benchmarks as this server runs at once are running; try again later',
      });
    }
    const { confirmed: _confirmed, ...plan } = req;
    const run: BenchmarkRun = {
      id: randomUUID(),
      model: entry.spec.id,
      modelLabel: entry.spec.label,
      upstreamModel: entry.spec.upstreamModel,
      endpointId: entry.endpoint.id,
      providerLabel: entry.endpoint.label ?? entry.endpoint.id,
      startedBy,
      createdAt: this.now(),
      finishedAt: null,
      status: 'running',
      note: null,
      plan,
      estimate,
      levels: [],
    };
    const stop = new AbortController();
    const slot: Running = { run, stop, done: Promise.resolve() };
    // Taken before the first await, so two quick requests of one person cannot both start.
    this.running.set(run.id, slot);
    return this.deps.store.putRun(run).then(
      () => {
        slot.done = this.execute(slot, entry);
        return { ok: true as const, run };
      },
      (e: unknown) => {
        this.running.delete(run.id);
        throw e;
      },
    );
  }

  private async execute(slot: Running, entry: CatalogEntry): Promise<void> {
    const cutoff = setTimeout(() => slot.stop.abort(new Error('time')), BENCHMARK_LIMITS.maxRunSeconds * 1000);
    let run = slot.run;
    // One write at a time, in order: a level's write must not land after the final one (PostgreSQL's pool could reorder them).
    let writes = Promise.resolve();
    const save = (next: BenchmarkRun) => {
      slot.run = run = next;
      writes = writes
        .then(() => this.deps.store.putRun(next))
        .catch((e: unknown) => this.deps.log.error(`benchmark ${next.id}: could not save`, e));
      return writes;
    };
    try {
      await runBenchmark({
        adapter: entry.adapter!,
        spec: entry.spec,
        plan: run.plan,
        signal: slot.stop.signal,
        onLevel: (level) => void save({ ...run, levels: [...run.levels, level] }),
      });
      const reason: unknown = slot.stop.signal.reason;
      const cut = reason instanceof Error && reason.message === 'time';
      await save({
        ...run,
        finishedAt: this.now(),
        status: slot.stop.signal.aborted ? 'cancelled' : 'finished',
        note: cut
          ? `Stopped at the ${BENCHMARK_LIMITS.maxRunSeconds / 60}-minute limit of one run`
          : slot.stop.signal.aborted
            ? 'Cancelled'
            : null,
      });
    } catch (e) {
      this.deps.log.error(`benchmark ${run.id} failed`, e);
      await save({ ...run, finishedAt: this.now(), status: 'failed', note: 'The benchmark failed; the server logged why' });
    } finally {
      clearTimeout(cutoff);
      this.running.delete(run.id);
    }
  }

  /** 'forbidden' when someone else's run and `anyone` is false. */
  cancel(id: string, by: string, anyone: boolean): 'ok' | 'missing' | 'forbidden' {
    const slot = this.running.get(id);
    if (!slot) return 'missing';
    if (slot.run.startedBy !== by && !anyone) return 'forbidden';
    slot.stop.abort();
    return 'ok';
  }

  async get(id: string): Promise<BenchmarkRun | null> {
    return this.running.get(id)?.run ?? (await this.deps.store.getRun(id));
  }

  list(upstreamModel?: string, limit = 100): Promise<BenchmarkRun[]> {
    return this.deps.store.listRuns({ ...(upstreamModel !== undefined && { upstreamModel }), limit });
  }

  /** Resolves once run `id` (if running) has ended and been saved. */
  async settled(id: string): Promise<void> {
    await this.running.get(id)?.done;
  }

  /** Cancels every run and waits for each to be saved (shutdown). */
  async stopAll(): Promise<void> {
    const slots = [...this.running.values()];
    for (const s of slots) s.stop.abort();
    await Promise.all(slots.map((s) => s.done));
  }
}
