import type { Llama } from 'node-llama-cpp';
import type { EmbeddingStore } from '../../db/embedding-store.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';
import type { Logger } from '../logger.ts';
import type { ProgressStream } from '../providers/local/progress-bar.ts';
import { BattleEmbeddings } from './battle-embeddings.ts';
import type { Embedder } from './embedder.ts';
import type { EmbeddingModelSpec } from './embedding-model-spec.ts';
import { embeddingModelHowTo, ensureEmbeddingModel } from './ensure-embedding-model.ts';
import { LlamaEmbedder } from './llama-embedder.ts';
import { MeaningBoards, type MeaningAvailability } from './meaning-boards.ts';
import type { FitWeighted } from './weighted-fit.ts';

export interface OpenMeaningOptions {
  store: EmbeddingStore;
  catalog: Pick<ModelCatalog, 'get'>;
  log: Logger;
  spec: EmbeddingModelSpec;
  /** Where the embedding GGUF is kept (ensure-embedding-model.ts's EMBEDDING_MODELS_DIR under the working folder). */
  dir: string;
  offline: boolean;
  llama: () => Promise<Llama>;
  fit: FitWeighted;
  rounds?: number;
  seed?: number;
  provisionalVotes?: number;
  progressStream?: ProgressStream;
  /** A stand-in for the llama.cpp embedder (tests of the route); the model file is then not looked for. */
  embedder?: Embedder;
}

/** Boards by meaning, wired: the boards, the background embedding of battles, and the model getting ready. */
export interface Meaning {
  boards: MeaningBoards;
  /** Call once a battle's first turn is stored; does nothing until the model is ready (the backfill catches up). */
  battleStored(battleId: string, prompt: string): void;
  /** Call on every counted vote, void or recount: the cached embedded votes are read again. */
  votesChanged(): void;
  /** Call after an import (or a void): the votes are read again and imported battles are embedded in the background. */
  battlesImported(): void;
  /** Resolves once the model is loaded (or known missing) and the backfill has ended. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts boards by meaning without holding up the start: the embedding model
 * is found or downloaded (pinned, verified; VERSUS_OFFLINE=1 downloads
 * nothing), loaded with one test embedding, and then every stored battle
 * without a vector by this model is embedded in the background. Until then,
 * and for good when the model cannot be had, the route answers 503 with how
 * to get it.
 */
export function openMeaning(o: OpenMeaningOptions): Meaning {
  const howTo = embeddingModelHowTo(o.spec, o.dir);
  let availability: MeaningAvailability = { ok: false, reason: 'The embedding model is being loaded', howTo };
  let embeddings: BattleEmbeddings | null = null;
  let embedder: Embedder | null = null;
  const abort = new AbortController();
  const boards = new MeaningBoards({
    store: o.store,
    availability: () => availability,
    fit: o.fit,
    catalog: o.catalog,
    backfilling: () => embeddings?.backfilling ?? false,
    ...(o.rounds !== undefined ? { rounds: o.rounds } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.provisionalVotes !== undefined ? { provisionalVotes: o.provisionalVotes } : {}),
  });

  const starting = (async () => {
    if (o.embedder) embedder = o.embedder;
    else {
      availability = { ok: false, reason: 'The embedding model is being fetched', howTo };
      const file = await ensureEmbeddingModel({
        spec: o.spec,
        dir: o.dir,
        offline: o.offline,
        say: (line) => o.log.info(line),
        signal: abort.signal,
        ...(o.progressStream ? { progressStream: o.progressStream } : {}),
      });
      if (!file.ok) {
        availability = { ok: false, reason: `Boards by meaning are off: ${file.reason}`, howTo };
        return;
      }
      const llama = new LlamaEmbedder({ llama: o.llama, modelPath: file.path, spec: o.spec });
      try {
        // One embedding now: a file llama.cpp cannot run is said at start, not at the first query.
        await llama.embed('warm-up', 'query');
      } catch (e) {
        await llama.close().catch(() => {});
        o.log.error(`the embedding model ${file.path} could not be run; boards by meaning are off`, e);
        availability = { ok: false, reason: `Boards by meaning are off: ${file.path} could not be run (${(e as Error).message})`, howTo };
        return;
      }
      embedder = llama;
    }
    embeddings = new BattleEmbeddings({ store: o.store, embedder, log: o.log, onEmbedded: () => boards.changed() });
    availability = { ok: true, embedder };
    embeddings.startBackfill();
  })().catch((e: unknown) => o.log.error('boards by meaning could not start', e));

  return {
    boards,
    battleStored: (battleId, prompt) => embeddings?.enqueue(battleId, prompt),
    votesChanged: () => boards.changed(),
    battlesImported: () => {
      boards.changed();
      embeddings?.startBackfill();
    },
    ready: async () => {
      await starting;
      await embeddings?.idle();
    },
    close: async () => {
      abort.abort(new Error('the server is shutting down'));
      await starting;
      await embeddings?.stop();
      if (embedder !== o.embedder) await embedder?.close();
    },
  };
}
