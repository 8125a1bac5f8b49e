/**
 * Draws two different models uniformly at random; the draw order is the side
 * order, so which model sits on side A is itself random.
 */
export function pickPair<T>(items: readonly T[], random: () => number = Math.random): [T, T] {
  if (items.length < 2) throw new RangeError(`need at least two models to pair, have ${items.length}`);
  const i = Math.floor(random() * items.length);
  let j = Math.floor(random() * (items.length - 1));
  if (j >= i) j++;
  return [items[i]!, items[j]!];
}
