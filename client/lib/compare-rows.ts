import type { HeadToHeadResponse, MeasuredStat } from '../../shared/api.ts';
import { DASH, formatCount, formatMs, formatPricePerMTok, formatTokensPerSecond, formatUsd } from './format.ts';
import { formatCompactTokens, formatMonthlyUsd, formatPriceCell, formatTimes } from './format-board.ts';

/** The side-by-side rows of the "A vs B" page as text: pure, so tests read exactly what the page shows. */

export interface Cell {
  text: string;
  /** A quieter second line (p90 and sample count). */
  sub?: string;
}

export interface CompareRow {
  key: string;
  label: string;
  a: Cell;
  b: Cell;
  /** The side that is better on this row, when "better" means something here. */
  better: 'a' | 'b' | null;
}

type Side = HeadToHeadResponse['a'];

const lower = (x: number | null, y: number | null): 'a' | 'b' | null => (x === null || y === null || x === y ? null : x < y ? 'a' : 'b');
const higher = (x: number | null, y: number | null) => lower(y, x);
const text = (s: string | null | undefined): Cell => ({ text: s ?? DASH });
const yesNo = (v: boolean | null): Cell => ({ text: v === null ? DASH : v ? 'yes' : 'no' });

function row(
  key: string,
  label: string,
  h: HeadToHeadResponse,
  cell: (s: Side) => Cell,
  better: (a: Side, b: Side) => 'a' | 'b' | null = () => null,
): CompareRow {
  return { key, label, a: cell(h.a), b: cell(h.b), better: better(h.a, h.b) };
}

export function specRows(h: HeadToHeadResponse): CompareRow[] {
  return [
    row('organisation', 'Organisation', h, (s) => text(s.row.organisation)),
    // Who serves it (Google Gemini, Ollama…), not the adapter kind that talks to it.
    row('provider', 'Provider', h, (s) => text(s.row.providerLabel ?? s.row.provider)),
    row('license', 'License', h, (s) => text(s.row.license)),
    row('open-weights', 'Open weights', h, (s) => yesNo(s.row.openWeights)),
    row(
      'context',
      'Context window',
      h,
      (s) => text(s.row.contextWindow === null ? null : `${formatCompactTokens(s.row.contextWindow)} tokens`),
      (a, b) => higher(a.row.contextWindow, b.row.contextWindow),
    ),
    row(
      'max-output',
      'Max output',
      h,
      (s) => text(s.maxOutputTokens === null ? null : `${formatCount(s.maxOutputTokens)} tokens`),
      (a, b) => higher(a.maxOutputTokens, b.maxOutputTokens),
    ),
    row('released', 'Released', h, (s) => text(s.releaseDate)),
    row('cutoff', 'Knowledge cutoff', h, (s) => text(s.knowledgeCutoff)),
    row(
      'input',
      'Input $/M tokens',
      h,
      (s) => text(formatPriceCell(s.row.inputPerMTok)),
      (a, b) => lower(a.row.inputPerMTok, b.row.inputPerMTok),
    ),
    row(
      'output',
      'Output $/M tokens',
      h,
      (s) => text(formatPriceCell(s.row.outputPerMTok)),
      (a, b) => lower(a.row.outputPerMTok, b.row.outputPerMTok),
    ),
    row(
      'cached',
      'Cached input $/M',
      h,
      (s) => text(formatPriceCell(s.cachedInputPerMTok)),
      (a, b) => lower(a.cachedInputPerMTok, b.cachedInputPerMTok),
    ),
    row(
      'blended',
      'Blended 3:1 $/M',
      h,
      (s) => text(formatPriceCell(s.row.blendedPerMTok)),
      (a, b) => lower(a.row.blendedPerMTok, b.row.blendedPerMTok),
    ),
  ];
}

function measured(stat: MeasuredStat, format: (v: number | null) => string): Cell {
  if (stat.samples === 0 || stat.median === null) return { text: DASH, sub: 'no answers measured' };
  return { text: format(stat.median), sub: `p90 ${format(stat.p90)} · n=${stat.samples}` };
}

export function measuredRows(h: HeadToHeadResponse): CompareRow[] {
  return [
    row(
      'ttft',
      'Time to first token',
      h,
      (s) => measured(s.row.ttftMs, formatMs),
      (a, b) => lower(a.row.ttftMs.median, b.row.ttftMs.median),
    ),
    row(
      'tps',
      'Output speed',
      h,
      (s) => measured(s.row.outputTokensPerSecond, formatTokensPerSecond),
      (a, b) => higher(a.row.outputTokensPerSecond.median, b.row.outputTokensPerSecond.median),
    ),
    row(
      'cost',
      'Cost per answer',
      h,
      (s) => measured(s.row.costUsd, formatUsd),
      (a, b) => lower(a.row.costUsd.median, b.row.costUsd.median),
    ),
  ];
}

/** Cost of a month at 1M, 10M and 100M tokens, blended 3:1. */
export function monthlyRows(h: HeadToHeadResponse): CompareRow[] {
  return h.a.monthlyCostUsd.map((m, i) => {
    const b = h.b.monthlyCostUsd[i]?.usd ?? null;
    return {
      key: `month-${m.tokens}`,
      label: `${formatCompactTokens(m.tokens)} tokens / month`,
      a: text(formatMonthlyUsd(m.usd)),
      b: text(formatMonthlyUsd(b)),
      better: lower(m.usd, b),
    };
  });
}

/** "Alpha is 4.8× cheaper (blended 3:1)"; a free model is "free to run" rather than "∞× cheaper". */
export function priceRatioText(h: HeadToHeadResponse): string {
  const r = h.priceRatio;
  if (r === null) {
    return 'A blended price is not public for at least one of them.';
  }
  if (r.cheaper === 'same') return h.a.row.blendedPerMTok === 0 ? 'Both are free to run (self-hosted).' : 'Same blended price (3:1).';
  const [cheap, dear] = r.cheaper === 'a' ? [h.a, h.b] : [h.b, h.a];
  if (r.times === null) {
    return `${cheap.row.label} is free to run (self-hosted); ${dear.row.label} costs ${formatPricePerMTok(dear.row.blendedPerMTok)} per million tokens (blended 3:1).`;
  }
  return `${cheap.row.label} is ${formatTimes(r.times)} cheaper (blended 3:1).`;
}

/** "…a 73% chance of beating…" from the ratings; null when either is unrated. */
export function predictionText(h: HeadToHeadResponse): string | null {
  if (h.predictedWinA === null) return null;
  const p = h.predictedWinA;
  const [fav, other, q] = p >= 0.5 ? [h.a, h.b, p] : [h.b, h.a, 1 - p];
  return `The ratings give ${fav.row.label} a ${Math.round(q * 100)}% chance of beating ${other.row.label}.`;
}
