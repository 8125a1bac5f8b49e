import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../db/sqlite/open-sqlite-store.ts';
import type { Store } from '../../db/store.ts';
import { createLogger } from '../../server/logger.ts';
import { embeddingModelId, NOMIC_EMBED_TEXT_V1_5, type EmbeddingModelSpec } from '../../server/meaning/embedding-model-spec.ts';
import { LlamaEmbedder } from '../../server/meaning/llama-embedder.ts';
import { openMeaning } from '../../server/meaning/open-meaning.ts';
import { fitWeightedInline } from '../../server/meaning/weighted-fit.ts';
import { getLlamaRuntime } from '../../server/providers/local/llama-runtime.ts';
import { answer, battle, vote } from '../db/store-fixtures.ts';
import { writeTinyLlamaGguf } from '../helpers/write-tiny-llama-gguf.ts';

/**
 * The real embedding path: node-llama-cpp (llama.cpp's CPU build) on a
 * generated tiny llama GGUF standing in for the pinned embedding model, with
 * the same spec fields (task prefixes, Matryoshka truncation with layer norm).
 * Random weights make meaningless vectors, so this checks the plumbing:
 * vectors of the spec's length, unit norm, one per stored battle, the same
 * text giving the same vector; what vectors mean is the pure core's test.
 */
const SPEC: EmbeddingModelSpec = {
  ...NOMIC_EMBED_TEXT_V1_5,
  name: 'tiny-llama-fixture',
  fileName: 'tiny-embed.gguf',
  dimensions: 24,
  maxTokens: 64,
};

let dir: string;
let store: Store;
const quiet = createLogger('error', [], () => {});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'versus-embed-'));
  writeTinyLlamaGguf(join(dir, SPEC.fileName), { embeddingLength: 64, contextLength: 256 });
  store = openSqliteStore(join(dir, 'versus.db'));
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const norm = (v: Float32Array) => Math.hypot(...v);

/** Boards by meaning on the test store, offline, with the real llama.cpp runtime and the inline fit. */
const openWith = (spec: EmbeddingModelSpec, more: Partial<Parameters<typeof openMeaning>[0]> = {}) =>
  openMeaning({
    store: store.embeddings,
    catalog: { get: () => undefined },
    log: quiet,
    spec,
    dir,
    offline: true,
    llama: () => getLlamaRuntime(false),
    fit: fitWeightedInline,
    ...more,
  });

describe('the llama.cpp embedder', () => {
  it('embeds through node-llama-cpp: the spec’s dimensions, unit length, deterministic, different texts differ, long texts cut', async () => {
    const e = new LlamaEmbedder({ llama: () => getLlamaRuntime(false), modelPath: join(dir, SPEC.fileName), spec: SPEC });
    try {
      const a = await e.embed('Once upon a time there was a little girl', 'document');
      const again = await e.embed('Once upon a time there was a little girl', 'document');
      const b = await e.embed('the dog saw a cat in the park', 'document');
      const asQuery = await e.embed('Once upon a time there was a little girl', 'query');
      // Longer than the context: cut to the spec's token limit, not refused.
      const long = await e.embed(Array.from({ length: 400 }, () => 'the red ball').join(' '), 'document');
      for (const v of [a, b, asQuery, long]) {
        expect(v).toHaveLength(24);
        expect(norm(v)).toBeCloseTo(1, 5);
      }
      expect(Array.from(again)).toEqual(Array.from(a));
      expect(Array.from(b)).not.toEqual(Array.from(a));
      // The task prefix is part of what is embedded.
      expect(Array.from(asQuery)).not.toEqual(Array.from(a));
      expect(e.model).toBe(embeddingModelId(SPEC));
    } finally {
      await e.close();
    }
  }, 60_000);

  it('stores a vector for a battle stored before start (backfill) and for one stored after (queue), by this model id', async () => {
    await store.battles.createBattle(battle('old', { createdAt: 1_000 }), 'Once upon a time');
    await store.battles.saveResponse(answer('old', 'a'));
    await store.battles.saveResponse(answer('old', 'b'));
    await store.battles.recordVote(vote('old', { createdAt: 2_000 }));
    const meaning = openWith(SPEC, { rounds: 20 });
    try {
      await meaning.ready();
      await store.battles.createBattle(battle('new', { createdAt: 3_000 }), 'the dog saw a cat');
      meaning.battleStored('new', 'the dog saw a cat');
      await meaning.ready();
      const model = embeddingModelId(SPEC);
      expect(await store.embeddings.embeddedCount(model)).toBe(2);
      expect(await store.embeddings.battlesToEmbed(model, 10)).toEqual([]);
      const [row] = await store.embeddings.embeddedVotes(model, 10);
      expect(row!.vote.battleId).toBe('old');
      expect(row!.vector).toHaveLength(24);
      expect(norm(row!.vector)).toBeCloseTo(1, 5);
      // The route's path end to end on the real embedder: one embedded vote, one pair, a board.
      const board = await meaning.boards.board('blind', 'a little girl');
      expect(board.votesConsidered).toBe(1);
      expect(board.embeddingModel.id).toBe(model);
      expect(board.rows.map((r) => r.modelId).sort()).toEqual(['alpha', 'beta']);
    } finally {
      await meaning.close();
    }
  }, 60_000);

  it('re-embeds stored battles when the model id changes (another truncation)', async () => {
    const other: EmbeddingModelSpec = { ...SPEC, dimensions: 16 };
    const meaning = openWith(other);
    try {
      await meaning.ready();
      expect(await store.embeddings.embeddedCount(embeddingModelId(other))).toBe(2);
      expect(await store.embeddings.embeddedCount(embeddingModelId(SPEC))).toBe(0);
      expect((await store.embeddings.embeddedVotes(embeddingModelId(other), 10))[0]!.vector).toHaveLength(16);
    } finally {
      await meaning.close();
    }
  }, 60_000);

  it('without the model file and offline: the board says why and how to get it, and nothing is embedded', async () => {
    const missing: EmbeddingModelSpec = { ...SPEC, fileName: 'not-here.gguf' };
    const meaning = openWith(missing);
    try {
      await meaning.ready();
      await expect(meaning.boards.board('blind', 'code')).rejects.toThrow(/VERSUS_OFFLINE=1 downloads nothing.*not-here\.gguf.*sha256/s);
    } finally {
      await meaning.close();
    }
  });
});
