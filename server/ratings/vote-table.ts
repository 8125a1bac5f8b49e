import type { RatingVote } from './rating-vote.ts';
import type { PairCounts } from './pair-counts.ts';

/**
 * VoteTable: an incrementally updated PairCounts (see pair-counts.ts for the
 * definitions of decisive/draws). Adding a vote is two Map lookups and one
 * array increment, O(1); reducing V votes is O(V), the only step of the rating
 * pipeline whose cost grows with the number of votes.
 *
 * Storage uses a row stride equal to a capacity that doubles when a new model
 * appears, so growth is amortised (copying is O(capacity²), at most log2(n)
 * times). counts() returns a compact n×n copy, cached until the next vote,
 * with the models sorted by name: the table, and everything computed from it
 * (bootstrap draws included), then does not depend on the order in which the
 * votes arrived, only on which votes there are.
 *
 * A vote of a model against itself is ignored: it carries no information
 * about relative strength and would put weight on the diagonal.
 */
export class VoteTable {
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  private capacity = 0;
  private decisive = new Float64Array(0);
  private draws = new Float64Array(0);
  private votes = 0;
  private cached: PairCounts | null = null;

  /** Number of votes counted (self-battles excluded). */
  get voteCount(): number {
    return this.votes;
  }

  get modelCount(): number {
    return this.names.length;
  }

  addVote(vote: Pick<RatingVote, 'modelA' | 'modelB' | 'choice'>): void {
    if (vote.modelA === vote.modelB) return;
    const a = this.indexOf(vote.modelA);
    const b = this.indexOf(vote.modelB);
    const c = this.capacity;
    switch (vote.choice) {
      case 'a':
        this.decisive[a * c + b]! += 1;
        break;
      case 'b':
        this.decisive[b * c + a]! += 1;
        break;
      // Both count half a win each way: stored symmetrically.
      case 'tie':
      case 'both_bad':
        this.draws[a * c + b]! += 1;
        this.draws[b * c + a]! += 1;
        break;
      default: {
        const never: never = vote.choice;
        throw new Error(`unknown vote choice ${String(never)}`);
      }
    }
    this.votes += 1;
    this.cached = null;
  }

  /** Adds stored counts of one pair at once (db vote_pair_counts): the same as adding that many votes. */
  addPair(modelA: string, modelB: string, winsA: number, winsB: number, draws: number): void {
    if (modelA === modelB || winsA + winsB + draws === 0) return;
    const a = this.indexOf(modelA);
    const b = this.indexOf(modelB);
    const c = this.capacity;
    this.decisive[a * c + b]! += winsA;
    this.decisive[b * c + a]! += winsB;
    this.draws[a * c + b]! += draws;
    this.draws[b * c + a]! += draws;
    this.votes += winsA + winsB + draws;
    this.cached = null;
  }

  /** Compact n×n snapshot (O(n²) copy, cached until the table changes). */
  counts(): PairCounts {
    if (this.cached) return this.cached;
    const n = this.names.length;
    const c = this.capacity;
    const names = this.names;
    const order = names.map((_, i) => i).sort((x, y) => (names[x]! < names[y]! ? -1 : 1));
    const decisive = new Float64Array(n * n);
    const draws = new Float64Array(n * n);
    for (let row = 0; row < n; row++) {
      const from = order[row]! * c;
      for (let col = 0; col < n; col++) {
        decisive[row * n + col] = this.decisive[from + order[col]!]!;
        draws[row * n + col] = this.draws[from + order[col]!]!;
      }
    }
    this.cached = { models: order.map((i) => names[i]!), decisive, draws };
    return this.cached;
  }

  private indexOf(model: string): number {
    const known = this.index.get(model);
    if (known !== undefined) return known;
    const i = this.names.length;
    if (i === this.capacity) this.grow(Math.max(8, this.capacity * 2));
    this.index.set(model, i);
    this.names.push(model);
    return i;
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    const decisive = new Float64Array(capacity * capacity);
    const draws = new Float64Array(capacity * capacity);
    for (let i = 0; i < old; i++) {
      decisive.set(this.decisive.subarray(i * old, (i + 1) * old), i * capacity);
      draws.set(this.draws.subarray(i * old, (i + 1) * old), i * capacity);
    }
    this.capacity = capacity;
    this.decisive = decisive;
    this.draws = draws;
  }
}

/** Reduce a batch of votes to a VoteTable in one linear pass. */
export function buildVoteTable(votes: Iterable<Pick<RatingVote, 'modelA' | 'modelB' | 'choice'>>): VoteTable {
  const table = new VoteTable();
  for (const vote of votes) table.addVote(vote);
  return table;
}
