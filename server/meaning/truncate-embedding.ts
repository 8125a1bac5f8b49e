/**
 * Matryoshka truncation: the first `dimensions` entries of `vector`, scaled
 * to unit length. With `layerNorm`, the full vector is first layer-normalised
 * (minus its mean, over its standard deviation, ε = 1e-5), as nomic's recipe
 * does before cutting. A zero or non-finite vector comes back as zeros of the
 * right length (weighted-votes-by-similarity.ts gives it weight 0).
 */
export function truncateEmbedding(vector: ArrayLike<number>, dimensions: number, layerNorm: boolean): Float32Array {
  const n = vector.length;
  let mean = 0;
  let scale = 1;
  if (layerNorm && n > 0) {
    for (let i = 0; i < n; i++) mean += vector[i]!;
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (vector[i]! - mean) ** 2;
    scale = 1 / Math.sqrt(variance / n + 1e-5);
  }
  const out = new Float32Array(dimensions);
  const kept = Math.min(dimensions, n);
  let norm = 0;
  for (let i = 0; i < kept; i++) {
    const x = layerNorm ? (vector[i]! - mean) * scale : vector[i]!;
    out[i] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  if (!(norm > 0) || !Number.isFinite(norm)) return new Float32Array(dimensions);
  for (let i = 0; i < kept; i++) out[i] = out[i]! / norm;
  return out;
}
