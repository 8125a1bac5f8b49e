import type { AuthStore } from './auth-store.ts';
import type { BattleStore } from './battle-store.ts';
import type { BenchmarkStore } from './benchmark-store.ts';
import type { EmbeddingStore } from './embedding-store.ts';
import type { ModerationStore } from './moderation-store.ts';
import type { SetStore } from './set-store.ts';

export type StoreBackend = 'sqlite' | 'postgres';

/**
 * Everything Versus keeps, behind one connection (a SQLite file or a
 * PostgreSQL pool), one interface per concept. A new concept (a ratings
 * snapshot, say) is one more member here, with an implementation per backend
 * and its cases in test/db/store-contract.test.ts.
 */
export interface Store {
  readonly backend: StoreBackend;
  /** Where it is, fit to print: the file, or the server and database without a password. */
  readonly location: string;
  readonly battles: BattleStore;
  readonly auth: AuthStore;
  readonly moderation: ModerationStore;
  /** Prompt sets, their runs and answers, and the review battles made of them. */
  readonly sets: SetStore;
  /** Speed benchmark runs (server/benchmark). */
  readonly benchmarks: BenchmarkStore;
  /** Prompt embeddings per battle, for boards by meaning (server/meaning). */
  readonly embeddings: EmbeddingStore;
  /** Closes the connection (the pool); resolves once closed. Call it after the last write has resolved. */
  close(): Promise<void>;
}
