/**
 * Mulberry32: a tiny, fast 32-bit PRNG (one state word, period 2^32). It is not
 * cryptographic and does not need to be: the bootstrap only needs draws that
 * are uniform enough and exactly reproducible from a seed on any machine.
 *
 * uniform() returns k / 2^32 for an integer k in [0, 2^32), i.e. [0, 1).
 * Seeds are taken as unsigned 32-bit integers (seed >>> 0).
 */
export class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next output as a signed 32-bit integer (all 32 bits random). */
  int32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return t ^ (t >>> 14);
  }

  uniform(): number {
    return (this.int32() >>> 0) / 4294967296;
  }
}

/**
 * An independent-looking seed for stream `stream` of a run seeded `seed`
 * (murmur3's 32-bit finaliser over a mix of both). Each bootstrap round gets
 * its own stream, so a round's draws depend only on (seed, round): the result
 * is the same whichever order, or on whichever thread, the rounds run.
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul((stream + 1) | 0, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
