import type { LeaderboardRow } from '../../shared/api.ts';
import { compareRatingPosition } from '../../shared/rating-position.ts';

/** Sorting and filtering of leaderboard rows: pure, so the table, charts and tests agree. */

export type SortKey =
  | 'rank'
  | 'model'
  | 'rating'
  | 'votes'
  | 'winRate'
  | 'organisation'
  | 'license'
  | 'context'
  | 'input'
  | 'output'
  | 'blended'
  | 'ttft'
  | 'tps'
  | 'cost';
export type SortDir = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  dir: SortDir;
}

type SortValue = number | string | null;

/**
 * The rating as one sortable number: the estimate when there is one; a
 * never-beaten model (no upper bound, estimate +∞) above every estimate, by
 * its lower bound; a never-winning one below, by its upper bound (ratings
 * stay within ±10⁶ of 1000, so the offsets keep the groups apart).
 */
function ratingSortValue(r: LeaderboardRow): number | null {
  if (r.rating !== null) return r.rating;
  if (r.ciLower !== null) return 1e7 + r.ciLower;
  if (r.ciUpper !== null) return -1e7 + r.ciUpper;
  return null;
}

/** Established rows, then provisional ones with votes, then rows with no counted votes. */
const section = (r: LeaderboardRow) => (!r.provisional ? 0 : r.votes > 0 ? 1 : 2);

/** What a column sorts by, and which way a first click sorts it (best first). */
export const SORT_SPECS: Record<SortKey, { value: (r: LeaderboardRow) => SortValue; firstDir: SortDir }> = {
  rank: { value: (r) => r.rankUB, firstDir: 'asc' },
  model: { value: (r) => r.label.toLowerCase(), firstDir: 'asc' },
  rating: { value: ratingSortValue, firstDir: 'desc' },
  votes: { value: (r) => r.votes, firstDir: 'desc' },
  winRate: { value: (r) => r.winRate, firstDir: 'desc' },
  organisation: { value: (r) => r.organisation.toLowerCase(), firstDir: 'asc' },
  // Open weights first, then by license name; unknown last.
  license: {
    value: (r) => (r.openWeights === null ? null : `${r.openWeights ? 0 : 1} ${(r.license ?? '').toLowerCase()}`),
    firstDir: 'asc',
  },
  context: { value: (r) => r.contextWindow, firstDir: 'desc' },
  input: { value: (r) => r.inputPerMTok, firstDir: 'asc' },
  output: { value: (r) => r.outputPerMTok, firstDir: 'asc' },
  blended: { value: (r) => r.blendedPerMTok, firstDir: 'asc' },
  ttft: { value: (r) => r.ttftMs.median, firstDir: 'asc' },
  tps: { value: (r) => r.outputTokensPerSecond.median, firstDir: 'desc' },
  cost: { value: (r) => r.costUsd.median, firstDir: 'asc' },
};

export const DEFAULT_SORT: SortState = { key: 'rank', dir: 'asc' };

/**
 * The board's own order: established models by rank, then rating; then the
 * provisional ones (no rank) by rating; then models with no counted votes;
 * then win rate, votes and name.
 */
export function compareDefault(a: LeaderboardRow, b: LeaderboardRow): number {
  return (
    section(a) - section(b) ||
    (a.rankUB ?? Infinity) - (b.rankUB ?? Infinity) ||
    compareRatingPosition(a, b) ||
    (b.winRate ?? -1) - (a.winRate ?? -1) ||
    b.votes - a.votes ||
    a.label.localeCompare(b.label) ||
    a.modelId.localeCompare(b.modelId)
  );
}

/**
 * Sorted copy, established models always before provisional ones (which take
 * no rank from them), each part by the column. Unknown values go last in
 * either direction: a missing price is not the cheapest.
 */
export function sortRows(rows: readonly LeaderboardRow[], sort: SortState): LeaderboardRow[] {
  const { value } = SORT_SPECS[sort.key];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const part = Math.min(section(x), 1) - Math.min(section(y), 1);
    if (part !== 0) return part;
    const a = value(x);
    const b = value(y);
    if (a === null || b === null) return a === b ? compareDefault(x, y) : a === null ? 1 : -1;
    const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
    return c !== 0 ? sign * c : compareDefault(x, y);
  });
}

/** Clicking a header: the same column flips, another starts at its best-first direction. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: SORT_SPECS[key].firstDir };
}

export interface RowFilter {
  openWeightsOnly: boolean;
  /** Providers (by the serving endpoint's own name) unticked by the person; one not seen before stays visible. */
  hiddenProviders: ReadonlySet<string>;
  /** Organisations unticked by the person. */
  hiddenOrganisations?: ReadonlySet<string>;
}

export const NO_FILTER: RowFilter = { openWeightsOnly: false, hiddenProviders: new Set(), hiddenOrganisations: new Set() };

export const UNKNOWN_PROVIDER = 'unknown';
/** Who serves it (OpenAI, Google Gemini, Ollama…), not the adapter kind that talks to it; unknown for imported rows. */
export const providerOf = (r: LeaderboardRow) => r.providerLabel ?? (r.provider === null ? UNKNOWN_PROVIDER : r.provider);

export function providersOf(rows: readonly LeaderboardRow[]): string[] {
  return [...new Set(rows.map(providerOf))].sort();
}

export function organisationsOf(rows: readonly LeaderboardRow[]): string[] {
  return [...new Set(rows.map((r) => r.organisation))].sort();
}

export function filterRows(rows: readonly LeaderboardRow[], f: RowFilter): LeaderboardRow[] {
  return rows.filter(
    (r) =>
      (!f.openWeightsOnly || r.openWeights === true) &&
      !f.hiddenProviders.has(providerOf(r)) &&
      !(f.hiddenOrganisations?.has(r.organisation) ?? false),
  );
}

/**
 * Whom a model's "compare" link pits it against: the top-ranked other model
 * (the one a person most likely weighs it against). `ranked` is in the
 * board's own order (compareDefault).
 */
export function compareTargetOf(modelId: string, ranked: readonly LeaderboardRow[]): LeaderboardRow | null {
  return ranked.find((r) => r.modelId !== modelId) ?? null;
}
