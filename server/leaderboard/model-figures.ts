import type { BattleStore, TokenTotals } from '../../db/battle-store.ts';
import { nextTurn } from '../next-turn.ts';
import { summarizeMeasured, type MeasuredSummary } from './measured-stat.ts';

/** Measured figures are the medians and p90s of each model's latest this many finished answers. */
export const MEASURED_WINDOW = 1000;
/** A model's figures are read again after this long even when no vote arrived (answers without a vote change them too). */
export const FIGURES_TTL_MS = 30_000;
/** Reading between two turns of the event loop. */
const SLICE_MS = 8;
/**
 * Models read at once. On PostgreSQL each read is a round trip (about 15 ms at
 * a million votes), so a first board of 100 models read one by one waited
 * 1.5 s and more behind the background jobs; four at a time use five of the
 * pool's ten connections and leave the rest to requests. On SQLite reads are
 * synchronous and this changes nothing.
 */
const READ_AT_ONCE = 4;

interface Entry {
  at: number;
  changes: number;
  /**
   * Summed up when read, between two turns of the event loop, not when a
   * board is built: a board of 100 models took the medians of 100,000 answers
   * in one go, 40-50 ms of the 65-90 ms the first leaderboard after a restart
   * held the event loop (a million votes, this session's 2-core machine).
   */
  summary: MeasuredSummary;
  tokens: TokenTotals | null;
}

/**
 * Per-model measured figures and token totals, read per model through an
 * index (a bounded range, never every answer) and remembered until votes
 * change or FIGURES_TTL_MS passes. Models are read one at a time with the
 * event loop turning between them, so a board of a hundred models holds no
 * request up for long.
 */
export class ModelFigures {
  private readonly entries = new Map<string, Entry>();
  /** The read under way for a model, by whichever call started it. */
  private readonly reading = new Map<string, Promise<void>>();

  constructor(
    private readonly store: BattleStore,
    /** Bumps whenever votes change (LeaderboardService.changes). */
    private readonly changes: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  async of(modelIds: readonly string[]): Promise<{ measured: Map<string, MeasuredSummary>; tokens: TokenTotals[] }> {
    const ids = [...new Set(modelIds)];
    const stale = ids.filter((id) => {
      const e = this.entries.get(id);
      return !e || e.changes !== this.changes() || this.now() - e.at > FIGURES_TTL_MS;
    });
    // Models another call is reading right now are waited for, not read again: after a restart every client's first
    // board asks for the same hundred models at once, and each read them all. Each model is waited for until it is
    // read, not until the other call's whole list is: a head-to-head of two models waited 0.4 s behind a board's 100.
    const theirs = stale.flatMap((id) => this.reading.get(id) ?? []);
    const mine = stale.filter((id) => !this.reading.has(id));
    if (mine.length > 0) await this.readSliced(mine);
    await Promise.all(theirs);
    const measured = new Map<string, MeasuredSummary>();
    const tokens: TokenTotals[] = [];
    for (const id of ids) {
      // Every one is there: fresh, or just read.
      const e = this.entries.get(id)!;
      measured.set(id, e.summary);
      if (e.tokens) tokens.push(e.tokens);
    }
    return { measured, tokens };
  }

  /**
   * Reads for about SLICE_MS, then a turn of the event loop: a turn after every model made a first board of 100
   * models wait 100 turns behind the background jobs (2.4 s at a million votes); no turn at all would hold the loop
   * for every read (about 2 ms each).
   */
  private async readSliced(ids: readonly string[]): Promise<void> {
    // One promise per model, settled as soon as that model is read (or its read fails), for other calls to wait on.
    const settle = new Map<string, (failure?: Error) => void>();
    for (const id of ids) {
      const read = new Promise<void>((resolve, reject) =>
        settle.set(id, (failure) => (failure === undefined ? resolve() : reject(failure))),
      );
      // Waited on only by calls that ask for this model meanwhile; a failure is this call's to throw.
      read.catch(() => undefined);
      this.reading.set(id, read);
    }
    const finish = (chunk: readonly string[], failure?: Error) => {
      for (const id of chunk) {
        this.reading.delete(id);
        settle.get(id)!(failure);
      }
    };
    let slice = performance.now();
    for (let from = 0; from < ids.length; from += READ_AT_ONCE) {
      const chunk = ids.slice(from, from + READ_AT_ONCE);
      try {
        if (performance.now() - slice > SLICE_MS) {
          await nextTurn();
          slice = performance.now();
        }
        await this.read(chunk);
      } catch (e) {
        finish(ids.slice(from), e instanceof Error ? e : new Error(String(e)));
        throw e;
      }
      finish(chunk);
    }
  }

  private async read(ids: readonly string[]): Promise<void> {
    const changes = this.changes();
    const at = this.now();
    const [totals, ...figures] = await Promise.all([
      this.store.tokenTotals(ids),
      ...ids.map((id) => this.store.recentMeasuredFigures(id, MEASURED_WINDOW)),
    ]);
    ids.forEach((id, i) => {
      this.entries.set(id, { at, changes, summary: summarizeMeasured(figures[i]!), tokens: totals.find((t) => t.modelId === id) ?? null });
    });
  }
}
