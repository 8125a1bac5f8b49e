/**
 * Stable argsort by tstamp: order[k] = index of the k-th earliest vote,
 * equal timestamps in input order. Online Elo needs votes in time order, and a
 * comparison sort of a million shuffled votes costs about a second in JS; this
 * is an LSD radix sort on the IEEE-754 bits, four 16-bit passes (skipping a
 * pass whose digit is the same for every key), tens of milliseconds.
 *
 * Doubles sort like unsigned integers once the sign bit is flipped for
 * non-negative values and all bits are flipped for negative ones. Any finite
 * timestamp works (ms, s with decimals, negative); NaN sorts after +∞.
 */
export function timeOrder(votes: ArrayLike<{ readonly tstamp: number }>): Uint32Array {
  const m = votes.length;
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer); // little-endian: [low, high]
  const low = new Uint32Array(m);
  const high = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    bits[0] = votes[k]!.tstamp + 0; // −0 → +0, so that it equals 0
    const negative = words[1]! >>> 31 === 1;
    low[k] = negative ? ~words[0]! : words[0]!;
    high[k] = negative ? ~words[1]! : words[1]! ^ 0x80000000;
  }
  let order = new Uint32Array(m);
  for (let k = 0; k < m; k++) order[k] = k;
  let spare = new Uint32Array(m);
  const counts = new Uint32Array(65536);
  for (const [key, shift] of [
    [low, 0],
    [low, 16],
    [high, 0],
    [high, 16],
  ] as const) {
    counts.fill(0);
    for (let k = 0; k < m; k++) counts[(key[k]! >>> shift) & 0xffff]!++;
    if (m === 0 || counts[(key[0]! >>> shift) & 0xffff] === m) continue; // one digit value: already in order
    let total = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d]!;
      counts[d] = total;
      total += c;
    }
    for (let k = 0; k < m; k++) {
      const v = order[k]!;
      spare[counts[(key[v]! >>> shift) & 0xffff]!++] = v;
    }
    [order, spare] = [spare, order];
  }
  return order;
}
