/**
 * Connected components of the "has battled" graph, by union–find with path
 * halving. Models in different components have never been compared, directly
 * or through others, so only differences within a component are identified by
 * the data. The Bradley–Terry solver needs the labels only when the prior is
 * switched off (λ = 0), to pin each component's mean (see bradley-terry-solver.ts).
 *
 * Input: n models and `count` edges (first[e], second[e]). Output: a label per
 * model, equal for models in the same component (the label is a model index).
 */
export function connectedComponents(n: number, first: Int32Array, second: Int32Array, count: number): Int32Array {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let e = 0; e < count; e++) {
    const a = find(first[e]!);
    const b = find(second[e]!);
    if (a !== b) parent[a] = b;
  }
  for (let i = 0; i < n; i++) parent[i] = find(i);
  return parent;
}
