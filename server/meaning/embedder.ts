/** What is embedded: a stored battle's prompt, or the text typed to ask for a board. */
export type EmbedKind = 'document' | 'query';

/**
 * Turns text into a unit vector. The route and the background queue take
 * this interface: the real one is LlamaEmbedder (node-llama-cpp); tests of
 * the route may pass a deterministic one.
 */
export interface Embedder {
  /** Stored with every vector it makes (embedding-model-spec.ts's embeddingModelId). */
  readonly model: string;
  readonly label: string;
  readonly dimensions: number;
  embed(text: string, kind: EmbedKind): Promise<Float32Array>;
  close(): Promise<void>;
}
