import { Mulberry32 } from '../../server/ratings/mulberry32.ts';

/** A random source for `startServer({ random })`: the same draws, so the same blind seating, every run. */
export function seededRandom(seed: number): () => number {
  const rng = new Mulberry32(seed);
  return () => rng.uniform();
}
