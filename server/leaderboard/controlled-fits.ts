import type { LeaderboardControl } from '../../shared/category-api.ts';
import type { ControlledFitRequest } from './controlled-fit-job.ts';
import type { FitControlled } from './controlled-fitter.ts';

/**
 * Controlled fits remembered, least recently read first out: a board key is
 * (mode, category, style|speed), and an entry is one fit's answer (about
 * 100 bytes per model and covariate: ~25 kB for 100 models), so 64 entries
 * stay under a few MB whatever the number of categories and tags.
 */
export const CONTROL_CACHE_SIZE = 64;

/**
 * How long a request waits for a board's first fit before it is told to
 * come back: the wait is a timer, not work on the event loop, and small
 * boards (tests, a new arena) fit well within it.
 */
export const CONTROL_FIRST_WAIT_MS = 500;

/**
 * A stale board is refitted once this many times its last fit's duration has
 * passed since that fit ended: under a steady stream of votes a board read
 * all the time (the page asks again while it is stale) keeps the worker busy
 * at most 1/(1 + 4) of the time — a 10 s fit of a million battles at most
 * every 50 s — while a small board's fit of milliseconds is redone at once.
 */
export const CONTROL_REFIT_GAP_FACTOR = 4;

export type ControlAnswer =
  /** The latest fit; stale: votes or styles arrived since, and a refit is under way. */
  | { state: 'fresh' | 'stale'; control: LeaderboardControl; computedAt: number }
  /** No fit of this board yet: one is running; ask again after about this many seconds. */
  | { state: 'fitting'; retryAfterSeconds: number };

interface Entry {
  version: number;
  control: LeaderboardControl;
  computedAt: number;
  durationMs: number;
}

export interface ControlledFitsOptions {
  capacity?: number;
  firstWaitMs?: number;
  /** Overrides CONTROL_REFIT_GAP_FACTOR (tests: 0). */
  refitGapFactor?: number;
  onError?: (request: ControlledFitRequest, e: unknown) => void;
}

const keyOf = (r: ControlledFitRequest) => `${r.mode}\u0000${r.category ?? ''}\u0000${r.kind}`;

/**
 * The controlled boards as requests see them: never a fit's wait.
 * - A board fitted at the current version is answered as it is.
 * - A board fitted at an older version is answered as it was, marked stale,
 *   and a refit starts unless one of that board is running already (one fit
 *   per board at a time: requests in the meantime share it) or its last fit
 *   ended less than CONTROL_REFIT_GAP_FACTOR × its duration ago.
 * - A board never fitted starts its fit and waits for it at most
 *   CONTROL_FIRST_WAIT_MS; past that the answer is 'fitting', with a retry
 *   time from the last fit's duration.
 * `version` is the caller's count of changes to the votes and figures
 * (CategoryBoards), so any vote or stored style makes every board stale.
 */
export class ControlledFits {
  private readonly cache = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<Entry>>();
  private readonly capacity: number;
  private readonly firstWaitMs: number;
  private readonly refitGapFactor: number;
  private lastFitMs = 1000;

  constructor(
    private readonly fit: FitControlled,
    private readonly opts: ControlledFitsOptions = {},
  ) {
    this.capacity = Math.max(1, opts.capacity ?? CONTROL_CACHE_SIZE);
    this.firstWaitMs = opts.firstWaitMs ?? CONTROL_FIRST_WAIT_MS;
    this.refitGapFactor = Math.max(0, opts.refitGapFactor ?? CONTROL_REFIT_GAP_FACTOR);
  }

  /** Boards remembered now (at most the capacity). */
  get size(): number {
    return this.cache.size;
  }

  async get(request: ControlledFitRequest, version: number): Promise<ControlAnswer> {
    const key = keyOf(request);
    const hit = this.cache.get(key);
    if (hit) {
      // Read: now the most recently used.
      this.cache.delete(key);
      this.cache.set(key, hit);
      if (hit.version === version) return { state: 'fresh', control: hit.control, computedAt: hit.computedAt };
      if (Date.now() - hit.computedAt >= this.refitGapFactor * hit.durationMs)
        void this.refit(key, request, version).catch(() => undefined);
      return { state: 'stale', control: hit.control, computedAt: hit.computedAt };
    }
    const job = this.refit(key, request, version);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = await Promise.race([
      job,
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.firstWaitMs))),
    ]).finally(() => clearTimeout(timer));
    if (waited === null) {
      void job.catch(() => undefined);
      return { state: 'fitting', retryAfterSeconds: Math.min(30, Math.max(1, Math.ceil(this.lastFitMs / 1000))) };
    }
    return { state: waited.version === version ? 'fresh' : 'stale', control: waited.control, computedAt: waited.computedAt };
  }

  /** The board's running fit, or a new one at `version`. */
  private refit(key: string, request: ControlledFitRequest, version: number): Promise<Entry> {
    const running = this.running.get(key);
    if (running) return running;
    const started = Date.now();
    const job = this.fit(request)
      .then((control) => {
        this.lastFitMs = Date.now() - started;
        const entry = { version, control, computedAt: Date.now(), durationMs: this.lastFitMs };
        const had = this.cache.get(key);
        // A newer fit of the board (there is none while this one runs, but a rebuild may have cleared and refilled) wins.
        if (!had || had.version <= version) {
          this.cache.delete(key);
          this.cache.set(key, entry);
        }
        while (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
        return entry;
      })
      .catch((e: unknown) => {
        this.opts.onError?.(request, e);
        throw e;
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, job);
    return job;
  }
}
