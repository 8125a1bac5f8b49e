import type { PairCounts } from './pair-counts.ts';

/**
 * The graph of wins: an edge i → j when i has any win weight over j (a
 * decisive win, or a tie or both_bad, which is half a win each way).
 *
 * It decides exactly which ratings the data bound. The log-likelihood ℓ(θ)
 * stays bounded as θ moves by t·δ (t → ∞) exactly when δ_i ≥ δ_j on every
 * edge i → j; such directions are where the maximum "escapes". A contrast c·θ
 * is unbounded above if some such δ has c·δ > 0. For a rating, c = e_i −
 * mean over the anchor members E, and taking δ = the indicator of the models
 * that can reach i (which satisfies the condition) shows:
 *   no upper bound  ⇔  some anchor member cannot reach i by a chain of wins,
 *   no lower bound  ⇔  i cannot reach some anchor member.
 * ("Reach": a path of edges, e.g. E beat x and x tied i.) With E inside one
 * strongly connected component, "some member" is "the component". Both ends
 * are closed exactly when i is in E's component; then the maximum-likelihood
 * rating exists. An unbeaten model is reached by no one: no upper bound. A
 * pair that only tied each other is not linked to E at all: neither bound.
 */
export class BeatGraph {
  /** Out-neighbours and in-neighbours per model. */
  private readonly out: number[][];
  private readonly into: number[][];

  constructor(counts: PairCounts) {
    const n = counts.models.length;
    const { decisive, draws } = counts;
    this.out = Array.from({ length: n }, () => []);
    this.into = Array.from({ length: n }, () => []);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i !== j && decisive[i * n + j]! + draws[i * n + j]! > 0) {
          this.out[i]!.push(j);
          this.into[j]!.push(i);
        }
      }
    }
  }

  get n(): number {
    return this.out.length;
  }

  /** Models reachable from `sources` (sources included): those the sources beat, directly or through others. */
  reachableFrom(sources: readonly number[]): Uint8Array {
    return this.search(sources, this.out);
  }

  /** Models that reach `targets` (targets included). */
  reaching(targets: readonly number[]): Uint8Array {
    return this.search(targets, this.into);
  }

  /**
   * Strongly connected component label per model (Kosaraju, iterative):
   * models that reach each other. Labels are 0..count−1.
   */
  strongComponents(): Int32Array {
    const n = this.n;
    const order: number[] = [];
    const seen = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      if (seen[s]) continue;
      // Depth-first finishing order on the forward graph.
      const stack: [number, number][] = [[s, 0]];
      seen[s] = 1;
      while (stack.length) {
        const top = stack[stack.length - 1]!;
        const next = this.out[top[0]]![top[1]++];
        if (next === undefined) {
          order.push(top[0]);
          stack.pop();
        } else if (!seen[next]) {
          seen[next] = 1;
          stack.push([next, 0]);
        }
      }
    }
    const label = new Int32Array(n).fill(-1);
    let count = 0;
    for (let k = n - 1; k >= 0; k--) {
      const root = order[k]!;
      if (label[root] !== -1) continue;
      const stack = [root];
      label[root] = count;
      while (stack.length) {
        for (const prev of this.into[stack.pop()!]!) {
          if (label[prev] === -1) {
            label[prev] = count;
            stack.push(prev);
          }
        }
      }
      count++;
    }
    return label;
  }

  private search(start: readonly number[], edges: number[][]): Uint8Array {
    const seen = new Uint8Array(this.n);
    const stack: number[] = [];
    for (const s of start) {
      if (!seen[s]) {
        seen[s] = 1;
        stack.push(s);
      }
    }
    while (stack.length) {
      for (const next of edges[stack.pop()!]!) {
        if (!seen[next]) {
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    return seen;
  }
}
