import { DASH, formatPricePerMTok, formatUsd } from './format.ts';

/** Figures of the leaderboard and comparison pages (kept apart, so the arena's first load does not carry them). */

/**
 * A rating and its 95% interval as distances from it: "1042 +18/−21". A
 * model that never lost has no upper bound and no finite estimate: "≥ 1535";
 * one that never won: "≤ 880"; a dash when unrated or not yet placed.
 */
export function formatRatingInterval(rating: number | null, lower: number | null, upper: number | null): string {
  if (rating === null) {
    if (lower !== null && upper === null) return `≥ ${Math.round(lower)}`;
    if (upper !== null && lower === null) return `≤ ${Math.round(upper)}`;
    return DASH;
  }
  const r = Math.round(rating);
  if (lower === null || upper === null) return String(r);
  return `${r} +${Math.round(upper - rating)}/−${Math.round(rating - lower)}`;
}

/** "1021–1060" for titles and summaries; an open end is said in words. */
export function formatInterval(lower: number | null, upper: number | null): string {
  if (lower === null && upper === null) return DASH;
  if (upper === null) return `at least ${Math.round(lower!)}, no upper bound`;
  if (lower === null) return `at most ${Math.round(upper)}, no lower bound`;
  return `${Math.round(lower)}–${Math.round(upper)}`;
}

/** Context windows as people quote them: 8,192 · 128K · 1M · 1.5M tokens. */
export function formatCompactTokens(n: number | null | undefined): string {
  if (n === null || n === undefined) return DASH;
  if (n < 10_000) return n.toLocaleString('en-US');
  if (n < 1_000_000) return `${Math.round(n / 1000)}K`;
  return `${Number((n / 1_000_000).toFixed(1))}M`;
}

/** A price per million tokens in a table cell: a dash when not public, "free" at zero. */
export function formatPriceCell(p: number | null | undefined): string {
  if (p === null || p === undefined) return DASH;
  if (p === 0) return 'free';
  return formatPricePerMTok(p);
}

/** "4.8×", "12×": one decimal below ten. */
export function formatTimes(x: number): string {
  return `${x < 10 ? Number(x.toFixed(1)) : Math.round(x).toLocaleString('en-US')}×`;
}

/** "$5.00", "$12.50", "$1,250" a month: whole dollars from $100 up. */
export function formatMonthlyUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return DASH;
  if (usd === 0) return '$0';
  if (usd >= 100) return `$${Math.round(usd).toLocaleString('en-US')}`;
  if (usd >= 0.01) return `$${usd.toFixed(2)}`;
  return formatUsd(usd);
}
