/**
 * A small embedding GGUF for boards by meaning, pinned like the starter
 * models (server/providers/local/starter-model.ts). How the model is used is
 * data here, not code: the task prefixes it was trained with and how its
 * vectors are cut to `dimensions`.
 */
export interface EmbeddingModelSpec {
  /** Short name; with the revision and dimensions it makes the id stored with each vector (embeddingModelId). */
  name: string;
  label: string;
  /** Hugging Face repository and the commit the URL pins, so the bytes behind it cannot change. */
  repository: string;
  revision: string;
  url: string;
  sha256: string;
  sizeBytes: number;
  /** Name under the models folder. */
  fileName: string;
  license: string;
  /** Put before a stored battle's prompt (nomic: "search_document: "). */
  documentPrefix: string;
  /** Put before the text typed into the page (nomic: "search_query: "). */
  queryPrefix: string;
  /**
   * Dimensions kept (Matryoshka truncation): the first `dimensions` entries, renormalised to unit length.
   * Fewer dimensions bound the stored and in-memory vectors; the model must be trained for it.
   */
  dimensions: number;
  /** Layer-normalise the full vector before truncating it (what nomic's own Matryoshka recipe does). */
  layerNormBeforeTruncate: boolean;
  /** Prompt tokens embedded at most (the rest is cut): the topic is plain from the start, and time grows with length. */
  maxTokens: number;
}

/**
 * nomic-embed-text v1.5, Q8_0 (Apache-2.0, 137M parameters, 768 dimensions,
 * Matryoshka-trained down to 64), 146 MB. Pinned at repository commit
 * 0188c9bf409793f810680a5a431e7b899c46104c of nomic-ai/nomic-embed-text-v1.5-GGUF.
 *
 * The size and SHA-256 were not hashed here (no network); they were checked
 * against independent public projects that pin the same file, found through
 * a search of public code:
 * - a TypeScript downloader pinning MODEL_HF_COMMIT 0188c9bf…46104c and
 *   MODEL_SHA256 3e243421…a544c3b7;
 * - a Python "PinnedModel" (revision 0188c9bf…, sha256 3e243421…, size
 *   146,146,432, architecture nomic-bert), read from Hugging Face's
 *   x-repo-commit, x-linked-size and x-linked-etag headers;
 * - a Go model catalog (revision 0188c9bf…, sha256 3e243421…, 146,146,432 bytes)
 *   and a Rust one (revision, 146_146_432 bytes, sha256);
 * - a Go test asserting SizeBytes 146146432 and the same SHA-256, and a
 *   node-llama-cpp server config with the same SHA-256.
 * The downloader checks size and SHA-256 anyway and keeps nothing that differs.
 *
 * 256 of 768 dimensions: nomic reports MTEB 61.04 at 256 against 62.28 at
 * 768, for a third of the bytes (1 KiB a battle).
 */
export const NOMIC_EMBED_TEXT_V1_5: EmbeddingModelSpec = {
  name: 'nomic-embed-text-v1.5-q8_0',
  label: 'nomic-embed-text v1.5 (Q8_0)',
  repository: 'nomic-ai/nomic-embed-text-v1.5-GGUF',
  revision: '0188c9bf409793f810680a5a431e7b899c46104c',
  url: 'https://huggingface.co/nomic-ai/nomic-embed-text-v1.5-GGUF/resolve/0188c9bf409793f810680a5a431e7b899c46104c/nomic-embed-text-v1.5.Q8_0.gguf',
  sha256: '3e24342164b3d94991ba9692fdc0dd08e3fd7362e0aacc396a9a5c54a544c3b7',
  sizeBytes: 146_146_432,
  fileName: 'nomic-embed-text-v1.5.Q8_0.gguf',
  license: 'Apache-2.0',
  documentPrefix: 'search_document: ',
  queryPrefix: 'search_query: ',
  dimensions: 256,
  layerNormBeforeTruncate: true,
  maxTokens: 512,
};

/**
 * The id stored with each vector: everything that changes the vectors (the
 * file, the prefix, the truncation). Vectors of another id are not compared
 * with the query's; stored battles are embedded again in the background.
 */
export function embeddingModelId(spec: EmbeddingModelSpec): string {
  const prefix = spec.documentPrefix ? `+${spec.documentPrefix.trim()}` : '';
  return `${spec.name}@${spec.revision.slice(0, 12)}/${spec.dimensions}${spec.layerNormBeforeTruncate ? 'ln' : ''}${prefix}`;
}
