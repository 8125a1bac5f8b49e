import type { BattleStore, MeasuredFigures, TokenTotals } from '../../db/battle-store.ts';

/** Measured figures are the medians and p90s of each model's latest this many finished answers. */
export const MEASURED_WINDOW = 1000;
/** A model's figures are read again after this long even when no vote arrived (answers without a vote change them too). */
export const FIGURES_TTL_MS = 30_000;
/** Reading between two turns of the event loop. */
const SLICE_MS = 8;

interface Entry {
  at: number;
  changes: number;
  measured: MeasuredFigures[];
  tokens: TokenTotals | null;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Per-model measured figures and token totals, read per model through an
 * index (a bounded range, never every answer) and remembered until votes
 * change or FIGURES_TTL_MS passes. Models are read one at a time with the
 * event loop turning between them, so a board of a hundred models holds no
 * request up for long.
 */
export class ModelFigures {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: BattleStore,
    /** Bumps whenever votes change (LeaderboardService.changes). */
    private readonly changes: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  async of(modelIds: readonly string[]): Promise<{ measured: MeasuredFigures[]; tokens: TokenTotals[] }> {
    const measured: MeasuredFigures[] = [];
    const tokens: TokenTotals[] = [];
    // Reads for about SLICE_MS, then a turn of the event loop: a turn after every model made a first board of 100
    // models wait 100 turns behind the background jobs (2.4 s at a million votes); no turn at all would hold the
    // loop for every read (about 2 ms each).
    let slice = performance.now();
    for (const id of new Set(modelIds)) {
      let e = this.entries.get(id);
      if (!e || e.changes !== this.changes() || this.now() - e.at > FIGURES_TTL_MS) {
        if (performance.now() - slice > SLICE_MS) {
          await nextTurn();
          slice = performance.now();
        }
        e = await this.read(id);
      }
      measured.push(...e.measured);
      if (e.tokens) tokens.push(e.tokens);
    }
    return { measured, tokens };
  }

  private async read(id: string): Promise<Entry> {
    const changes = this.changes();
    const at = this.now();
    const [measured, tokens] = await Promise.all([this.store.recentMeasuredFigures(id, MEASURED_WINDOW), this.store.tokenTotals([id])]);
    const e: Entry = { at, changes, measured, tokens: tokens[0] ?? null };
    this.entries.set(id, e);
    return e;
  }
}
