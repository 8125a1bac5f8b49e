import type { EmbeddingStore } from '../../db/embedding-store.ts';
import type { Logger } from '../logger.ts';
import type { Embedder } from './embedder.ts';
import { foreground } from '../foreground.ts';
import { nextTurn } from '../next-turn.ts';

export interface BattleEmbeddingsDeps {
  store: EmbeddingStore;
  embedder: Embedder;
  log: Logger;
  /** Battles waiting at most; past it a new battle is left to the next backfill (default 1,000). */
  maxQueued?: number;
  /** Told after each stored vector (boards by meaning drop their cached votes). */
  onEmbedded?: () => void;
}

/** Battles read per page of the backfill. */
const PAGE = 100;

/**
 * Embeds each battle's first prompt and stores the vector, off the hot path:
 * `enqueue` only appends to a bounded queue (a full queue drops the battle,
 * which the next backfill picks up) and returns; one loop embeds what is
 * queued, one text at a time. `startBackfill` walks the stored battles once,
 * newest first, embedding those with no vector by this model (never
 * embedded, or by another model id), yielding to the event loop between
 * pages. Errors are logged, never thrown.
 */
export class BattleEmbeddings {
  private readonly queue: { battleId: string; prompt: string }[] = [];
  private readonly maxQueued: number;
  private pumping: Promise<void> | null = null;
  private job: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Battles left to the backfill because the queue was full (since start). */
  dropped = 0;
  /** True while the backfill runs. */
  backfilling = false;

  constructor(private readonly deps: BattleEmbeddingsDeps) {
    this.maxQueued = deps.maxQueued ?? 1000;
  }

  get model(): string {
    return this.deps.embedder.model;
  }

  /** Call once the battle's row is written. Returns at once. */
  enqueue(battleId: string, prompt: string): void {
    if (this.stopped) return;
    if (this.queue.length >= this.maxQueued) {
      this.dropped++;
      return;
    }
    this.queue.push({ battleId, prompt });
    this.kick();
  }

  private kick(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      // Queued between the loop's last look and here.
      if (this.queue.length > 0) this.kick();
    });
  }

  private async pump(): Promise<void> {
    // A tick first: the caller (the arena storing a battle) finishes before any work here starts.
    await nextTurn();
    while (!this.stopped) {
      const next = this.queue.shift();
      if (!next) return;
      await this.embedOne(next.battleId, next.prompt);
    }
  }

  private async embedOne(battleId: string, prompt: string): Promise<boolean> {
    try {
      const vector = await this.deps.embedder.embed(prompt, 'document');
      await this.deps.store.saveEmbedding({ battleId, model: this.model, vector });
      this.deps.onEmbedded?.();
      return true;
    } catch (e) {
      this.deps.log.error(`could not embed the prompt of battle ${battleId}; the next backfill tries again`, e);
      return false;
    }
  }

  /** Embeds stored battles without a vector by this model, in the background. A second call runs after the first. */
  startBackfill(): void {
    this.backfilling = true;
    this.job = this.job
      .then(() => this.backfill())
      .catch((e: unknown) => this.deps.log.error('embedding stored battles failed; boards by meaning miss them until the next start', e))
      .finally(() => (this.backfilling = false));
  }

  private async backfill(): Promise<void> {
    let cursor: { createdAt: number; battleId: string } | undefined;
    let done = 0;
    while (!this.stopped) {
      const page = await this.deps.store.battlesToEmbed(this.model, PAGE, cursor);
      if (page.length === 0) break;
      for (const b of page) {
        if (this.stopped) break;
        if (await this.embedOne(b.battleId, b.prompt)) done++;
      }
      const last = page.at(-1)!;
      cursor = { createdAt: last.createdAt, battleId: last.battleId };
      await foreground.turn();
    }
    if (done > 0) this.deps.log.info(`Boards by meaning: embedded ${done} stored battle${done === 1 ? '' : 's'} (${this.model})`);
  }

  /** Resolves once the queue is empty and the backfill has ended. */
  async idle(): Promise<void> {
    await this.job;
    while (this.pumping) await this.pumping;
  }

  /** Stops taking work and waits for the text being embedded (before the store closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    await this.idle();
  }
}
