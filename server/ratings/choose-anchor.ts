import type { AnchorSet, RatingAnchor } from './anchor-ratings.ts';

/** The anchor a board uses, and why. */
export interface AnchorChoice extends AnchorSet {
  /** The configured model, when the pin was used; null for a mean anchor. */
  pinned: string | null;
  /** Strong component (beat-graph.ts) holding the anchor members. */
  component: number;
  /** True when the members are established models; false for the fallback over provisional ones. */
  established: boolean;
}

export interface AnchorInputs {
  models: readonly string[];
  votes: ArrayLike<number>;
  /** 1 = established (enough counted votes). */
  established: Uint8Array;
  /** Strong-component label per model. */
  components: Int32Array;
  requested: RatingAnchor;
}

/**
 * Which models the ratings are measured against (anchor-ratings.ts).
 *
 * - The configured model, pinned to the configured value, if it is
 *   established on this board.
 * - Otherwise the mean of the established models, all taken from one strong
 *   component of the graph of wins (the one with the most established models,
 *   then the most votes): inside it every rating difference is finite, so the
 *   mean is too. Provisional models are never in the mean, so a newcomer,
 *   however lopsided its record, cannot move the established models' ratings
 *   through the anchor (and an unbeaten one cannot move them at all: its
 *   battles add nothing to the likelihood at its supremum).
 * - With no established model at all, the mean of the largest strong
 *   component (most models, then most votes): every model is provisional then.
 * Ties are broken by the lowest model index (models are sorted by name). Null
 * without models.
 */
export function chooseAnchor({ models, votes, established, components, requested }: AnchorInputs): AnchorChoice | null {
  const n = models.length;
  if (n === 0) return null;
  const pinned = requested.model === undefined ? -1 : models.indexOf(requested.model);
  if (pinned >= 0 && established[pinned]) {
    return { members: [pinned], value: requested.value, pinned: requested.model!, component: components[pinned]!, established: true };
  }
  const anyEstablished = established.some((e) => e === 1);
  const size = new Map<number, number>();
  const weight = new Map<number, number>();
  const first = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (anyEstablished && !established[i]) continue;
    const c = components[i]!;
    size.set(c, (size.get(c) ?? 0) + 1);
    weight.set(c, (weight.get(c) ?? 0) + votes[i]!);
    if (!first.has(c)) first.set(c, i);
  }
  let best = -1;
  for (const c of size.keys()) {
    if (
      best < 0 ||
      size.get(c)! > size.get(best)! ||
      (size.get(c) === size.get(best) &&
        (weight.get(c)! > weight.get(best)! || (weight.get(c) === weight.get(best) && first.get(c)! < first.get(best)!)))
    ) {
      best = c;
    }
  }
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (components[i] === best && (!anyEstablished || established[i])) members.push(i);
  return { members, value: requested.value, pinned: null, component: best, established: anyEstablished };
}
