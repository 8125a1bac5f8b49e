import type { EmbedKind, Embedder } from '../../server/meaning/embedder.ts';

/** Keyword patterns of the stand-in's topic axes. */
export const TOPIC_PATTERNS: Record<string, RegExp> = {
  code: /\b(code|coding|function|typescript|sql|python|bug|compile|query|refactor)\b/i,
  poetry: /\b(poem|poems|poetry|verse|rhyme|sonnet|haiku)\b/i,
  cooking: /\b(recipe|cook|bake|soup|bread)\b/i,
};

/**
 * A deterministic stand-in for the embedding model: a unit vector with one
 * axis per topic whose keywords the text has, plus a small constant axis (so
 * no text is the zero vector). Not a language model: a test may use it ONLY
 * because test/meaning/llama-embeddings.test.ts runs the real node-llama-cpp
 * path, and a random-weights GGUF embeds no meaning a ranking test could use.
 */
export class TopicEmbedder implements Embedder {
  readonly model = 'topic-axes-test';
  readonly label = 'Topic axes (test stand-in)';
  readonly dimensions = Object.keys(TOPIC_PATTERNS).length + 1;
  readonly embedded: { text: string; kind: EmbedKind }[] = [];

  embed(text: string, kind: EmbedKind): Promise<Float32Array> {
    this.embedded.push({ text, kind });
    const v = Float32Array.from([...Object.values(TOPIC_PATTERNS).map((re) => (re.test(text) ? 1 : 0)), 0.05]);
    const n = Math.hypot(...v);
    return Promise.resolve(v.map((x) => x / n));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
