import type { HeadToHeadResponse, HeadToHeadSide, MeasuredStat } from '../../shared/api.ts';
import type { PublishedBenchmark, PublishedSpeed } from '../../shared/catalog.ts';
import { monthlyCostAtMix, type TokenMix } from '../../shared/cost-mix.ts';
import type { Cell, CompareRow } from './compare-rows.ts';
import { DASH, formatCount, formatMs, formatPricePerMTok, formatTokensPerSecond } from './format.ts';
import { formatCompactTokens, formatMonthlyUsd, formatRatingInterval, formatTimes } from './format-board.ts';
import type { SourceNotes } from './source-notes.ts';

/**
 * The rows of "A vs B" that set published figures (each with its note number
 * and date) beside what this arena measured. Pure: the page and the HTML
 * snapshot print exactly these. A published figure is always labelled
 * "published"; Versus's own are "measured here" or "this arena".
 */

type Side = HeadToHeadSide;
const sides = (h: HeadToHeadResponse): [Side, Side] => [h.a, h.b];
const cell = (text: string, sub?: string): Cell => (sub === undefined ? { text } : { text, sub });
const dash = (sub?: string): Cell => cell(DASH, sub);
const priceText = (input: number, output: number) => `${formatPricePerMTok(input)} / ${formatPricePerMTok(output)}`;
const blended = (input: number, output: number) => (3 * input + output) / 4;

export function ratingCell(s: Side): Cell {
  const r = s.row;
  if (r.votes === 0) return dash('no counted votes yet');
  return cell(
    formatRatingInterval(r.rating, r.ciLower, r.ciUpper),
    `${formatCount(r.votes)} vote${r.votes === 1 ? '' : 's'}${r.provisional ? ' · provisional' : ''}`,
  );
}

function benchmarkCell(b: PublishedBenchmark | undefined, notes: SourceNotes): Cell {
  if (!b) return dash('not published');
  const score = b.scale === 'percent' ? `${b.score}%` : String(b.score);
  return cell(score, [b.setting, b.date, notes.ref(b.source)].filter(Boolean).join(' · '));
}

/** This arena's rating first, then every benchmark either side published; the higher score is marked only when both were taken the same way. */
export function qualityRows(h: HeadToHeadResponse, notes: SourceNotes): CompareRow[] {
  const rows: CompareRow[] = [
    { key: 'arena-rating', label: 'Rating in this arena (measured here)', a: ratingCell(h.a), b: ratingCell(h.b), better: null },
  ];
  const names: string[] = [];
  for (const s of sides(h)) for (const b of s.benchmarks) if (!names.includes(b.benchmark)) names.push(b.benchmark);
  for (const name of names) {
    const [x, y] = sides(h).map((s) => s.benchmarks.find((b) => b.benchmark === name));
    const comparable = x && y && x.scale === y.scale && (x.setting ?? '') === (y.setting ?? '') && x.score !== y.score;
    rows.push({
      key: `bench-${name}`,
      label: `${name} (published)`,
      a: benchmarkCell(x, notes),
      b: benchmarkCell(y, notes),
      better: comparable ? (x.score > y.score ? 'a' : 'b') : null,
    });
  }
  return rows;
}

function publishedSpeedCell(
  p: PublishedSpeed | undefined,
  value: number | null | undefined,
  format: (v: number) => string,
  notes: SourceNotes,
): Cell {
  if (!p || value === null || value === undefined) return dash('none published');
  return cell(format(value), `${p.conditions} · ${p.date ?? 'undated'} · ${notes.ref(p.source)}`);
}

function measuredCell(stat: MeasuredStat, format: (v: number | null) => string): Cell {
  if (stat.samples === 0 || stat.median === null) return dash('no answers measured');
  return cell(format(stat.median), `median of ${formatCount(stat.samples)} answer${stat.samples === 1 ? '' : 's'}`);
}

/** "measured here 84% slower than published" / "first token 68% sooner here": the gap, when both exist. */
export function speedDifference(measured: number | null, published: number | null | undefined, kind: 'tps' | 'ttft'): Cell {
  if (measured === null || published === null || published === undefined || published <= 0) return dash('needs both figures');
  const pct = Math.round((Math.abs(measured - published) / published) * 100);
  const sign = measured >= published ? '+' : '−';
  if (kind === 'tps')
    return cell(
      `${sign}${pct}%`,
      pct === 0 ? 'as published' : `measured here ${pct}% ${measured > published ? 'faster' : 'slower'} than published`,
    );
  return cell(
    `${sign}${pct}%`,
    pct === 0 ? 'as published' : `first token ${pct}% ${measured < published ? 'sooner' : 'later'} here than published`,
  );
}

/** Output speed and time to first token: published, measured here (n answers), and their difference. */
export function speedRows(h: HeadToHeadResponse, notes: SourceNotes): CompareRow[] {
  const row = (key: string, label: string, f: (s: Side) => Cell): CompareRow => ({ key, label, a: f(h.a), b: f(h.b), better: null });
  const pub = (s: Side) => s.publishedSpeed[0];
  return [
    row('tps-published', 'Output speed, published', (s) =>
      publishedSpeedCell(pub(s), pub(s)?.outputTokensPerSecond, formatTokensPerSecond, notes),
    ),
    row('tps-measured', 'Output speed, measured here', (s) => measuredCell(s.row.outputTokensPerSecond, formatTokensPerSecond)),
    row('tps-diff', 'Measured against published', (s) =>
      speedDifference(s.row.outputTokensPerSecond.median, pub(s)?.outputTokensPerSecond, 'tps'),
    ),
    row('ttft-published', 'Time to first token, published', (s) => publishedSpeedCell(pub(s), pub(s)?.ttftMs, formatMs, notes)),
    row('ttft-measured', 'Time to first token, measured here', (s) => measuredCell(s.row.ttftMs, formatMs)),
    row('ttft-diff', 'Measured against published', (s) => speedDifference(s.row.ttftMs.median, pub(s)?.ttftMs, 'ttft')),
  ];
}

/** "self-hosted here: $0 per token; cheapest listed hosted API: $0.051 / $0.335 (Cloudflare Workers AI, 2025-02-20)". */
export function selfHostedText(s: Side): string | null {
  if (s.selfHosted !== true) return null;
  const hp = s.hostedPrice;
  const listed =
    hp && !hp.viaEndpoint
      ? `${priceText(hp.inputPerMTok, hp.outputPerMTok)} per 1M tokens in / out (${hp.provider}, ${hp.date ?? 'undated'})`
      : 'none listed';
  return `self-hosted here: $0 per token; cheapest listed hosted API: ${listed}`;
}

/** The hosted-price ratio in words, with both blended prices and where they are listed. */
export function hostedRatioText(h: HeadToHeadResponse): string {
  const r = h.hostedPriceRatio;
  if (!r || !h.a.hostedPrice || !h.b.hostedPrice) return 'No hosted-API price is known for at least one of them, so no hosted-price ratio.';
  const bl = (s: Side) => formatPricePerMTok(blended(s.hostedPrice!.inputPerMTok, s.hostedPrice!.outputPerMTok));
  const where = (s: Side) => `${bl(s)} on ${s.hostedPrice!.provider}`;
  if (r.cheaper === 'same') return `At hosted-API prices both cost the same: ${where(h.a)} and ${where(h.b)} per 1M tokens (blended 3:1).`;
  const [cheap, dear] = r.cheaper === 'a' ? [h.a, h.b] : [h.b, h.a];
  const times = r.times === null ? 'free' : `${formatTimes(r.times)} cheaper`;
  return `At hosted-API prices ${cheap.row.label} is ${times} than ${dear.row.label}: ${where(cheap)} against ${where(dear)} per 1M tokens (blended 3:1).`;
}

/** The endpoint's own price, the cheapest listed hosted API, and every listed price. */
export function priceRows(h: HeadToHeadResponse, notes: SourceNotes): CompareRow[] {
  const here = (s: Side): Cell => {
    const { inputPerMTok: i, outputPerMTok: o } = s.row;
    if (s.selfHosted) return cell('$0 per token', 'self-hosted: your hardware, your power bill');
    return i === null || o === null ? dash('not public') : cell(priceText(i, o), 'in / out per 1M tokens');
  };
  const hosted = (s: Side): Cell => {
    const hp = s.hostedPrice;
    if (!hp) return dash('none listed');
    return cell(
      priceText(hp.inputPerMTok, hp.outputPerMTok),
      hp.viaEndpoint ? `${hp.provider} (the endpoint used here)` : `${hp.provider} · ${hp.date ?? 'undated'} · ${notes.ref(hp.source)}`,
    );
  };
  const listed = (s: Side): Cell =>
    s.referencePrices.length === 0
      ? dash('none in the catalog')
      : cell(
          s.referencePrices.map((p) => `${p.provider} ${priceText(p.inputPerMTok, p.outputPerMTok)}`).join('; '),
          s.referencePrices.map((p) => `${p.date} ${notes.ref(p.source)}`).join('; '),
        );
  const hb = (s: Side) => (s.hostedPrice ? blended(s.hostedPrice.inputPerMTok, s.hostedPrice.outputPerMTok) : null);
  const [x, y] = [hb(h.a), hb(h.b)];
  return [
    { key: 'price-here', label: 'Price here (the endpoint Versus uses)', a: here(h.a), b: here(h.b), better: null },
    {
      key: 'price-hosted',
      label: 'Hosted API price, in / out per 1M',
      a: hosted(h.a),
      b: hosted(h.b),
      better: x === null || y === null || x === y ? null : x < y ? 'a' : 'b',
    },
    { key: 'price-listed', label: 'Hosted prices listed (published)', a: listed(h.a), b: listed(h.b), better: null },
  ];
}

const yesNoDoc = (v: boolean | null) => (v === null ? 'not documented' : v ? 'yes' : 'no');

/** Capabilities the makers document, and how this Versus reaches each model. */
export function capabilityRows(h: HeadToHeadResponse, notes: SourceNotes): CompareRow[] {
  const src = (s: Side) => (s.capabilities.source ? notes.ref(s.capabilities.source) : undefined);
  const row = (key: string, label: string, f: (s: Side) => Cell): CompareRow => ({ key, label, a: f(h.a), b: f(h.b), better: null });
  return [
    row('modalities', 'Input', (s) =>
      s.capabilities.inputModalities ? cell(s.capabilities.inputModalities.join(', '), src(s)) : dash('not documented'),
    ),
    row('tool-calling', 'Tool / function calling', (s) => cell(yesNoDoc(s.capabilities.toolCalling), src(s))),
    row('structured-output', 'Structured output', (s) => cell(yesNoDoc(s.capabilities.structuredOutput), src(s))),
    row('endpoint', 'Reached here through', (s) => {
      const e = s.endpoint;
      if (!e) return dash('not in this catalog');
      const name = `${e.label ?? e.id}${e.kind ? ` (${e.kind})` : ''}`;
      return cell(name, e.available ? 'available now' : `unavailable: ${e.unavailableReason ?? 'unknown reason'}`);
    }),
    row('hosts', 'Also listed by (published)', (s) =>
      s.referencePrices.length === 0
        ? dash('none in the catalog')
        : cell([...new Set(s.referencePrices.map((p) => p.provider))].join(', ')),
    ),
  ];
}

export const PRESET_VOLUMES = [1_000_000, 10_000_000, 100_000_000] as const;

/** A month at each volume, at a mix, at hosted-API prices; a self-hosted side says what it costs here beneath. */
export function costRows(h: HeadToHeadResponse, mix: TokenMix, volumes: readonly number[]): CompareRow[] {
  const at = (s: Side, v: number) => (s.hostedPrice ? monthlyCostAtMix(s.hostedPrice, mix, v) : null);
  return volumes.map((v) => {
    const [x, y] = [at(h.a, v), at(h.b, v)];
    const c = (s: Side, usd: number | null): Cell => {
      const sub = s.selfHosted ? 'here: $0 (self-hosted)' : s.hostedPrice ? undefined : 'no hosted price known';
      return cell(formatMonthlyUsd(usd), sub);
    };
    return {
      key: `cost-${v}`,
      label: `${formatCompactTokens(v)} tokens / month`,
      a: c(h.a, x),
      b: c(h.b, y),
      better: x === null || y === null || x === y ? null : x < y ? 'a' : 'b',
    };
  });
}
