import type { HeadToHeadSide } from '../../shared/api.ts';
import type { OpponentRecord, RatingPoint } from '../../shared/model-page-api.ts';
import { formatMix } from '../../shared/cost-mix.ts';
import { mixOf, observedMix } from '../../shared/observed-mix.ts';
import type { Cell } from './compare-rows.ts';
import { ratingCell, selfHostedText } from './compare-published-rows.ts';
import { DASH, formatCount, formatMs, formatPercent, formatPricePerMTok, formatTokensPerSecond, formatUsd } from './format.ts';
import { formatInterval, formatRatingInterval } from './format-board.ts';
import type { SourceNotes } from './source-notes.ts';

/** One model's facts as rows of a two-column table: pure, like the comparison rows. */
export interface FactRow extends Cell {
  key: string;
  label: string;
}

const fact = (key: string, label: string, text: string | null | undefined, sub?: string): FactRow =>
  sub === undefined ? { key, label, text: text ?? DASH } : { key, label, text: text ?? DASH, sub };
const yesNo = (v: boolean | null) => (v === null ? 'not documented' : v ? 'yes' : 'no');

export function specFactRows(m: HeadToHeadSide, specSource: string | null, notes: SourceNotes): FactRow[] {
  const r = m.row;
  const cap = m.capabilities;
  const capNote = cap.source ? notes.ref(cap.source) : undefined;
  const price =
    r.inputPerMTok === null || r.outputPerMTok === null
      ? null
      : `${formatPricePerMTok(r.inputPerMTok)} / ${formatPricePerMTok(r.outputPerMTok)} per 1M in / out`;
  const e = m.endpoint;
  return [
    fact('id', 'Id', r.modelId),
    fact('organisation', 'Organisation', r.organisation),
    fact('license', 'License', r.license, r.openWeights === null ? undefined : r.openWeights ? 'open weights' : 'closed weights'),
    fact('context', 'Context window', r.contextWindow === null ? null : `${formatCount(r.contextWindow)} tokens`),
    fact('max-output', 'Max output', m.maxOutputTokens === null ? null : `${formatCount(m.maxOutputTokens)} tokens`),
    fact('released', 'Released', m.releaseDate),
    fact('cutoff', 'Knowledge cutoff', m.knowledgeCutoff),
    fact('price', 'Price here', m.selfHosted ? '$0 per token (self-hosted)' : price),
    m.hostedPrice && !m.selfHosted
      ? fact(
          'hosted',
          'Hosted API price',
          `${formatPricePerMTok(m.hostedPrice.inputPerMTok)} / ${formatPricePerMTok(m.hostedPrice.outputPerMTok)} per 1M in / out`,
          m.hostedPrice.provider,
        )
      : fact('hosted', 'Hosted API price', selfHostedText(m) ?? 'none listed'),
    fact('input', 'Input', cap.inputModalities?.join(', ') ?? 'not documented', capNote),
    fact('tools', 'Tool / function calling', yesNo(cap.toolCalling), capNote),
    fact('structured', 'Structured output', yesNo(cap.structuredOutput), capNote),
    fact(
      'endpoint',
      'Reached here through',
      e ? `${e.label ?? e.id}${e.kind ? ` (${e.kind})` : ''}` : null,
      e ? (e.available ? 'available now' : `unavailable: ${e.unavailableReason ?? 'unknown'}`) : 'not in this catalog',
    ),
    fact('facts-source', 'Facts from', specSource),
  ];
}

/** Published figures, each labelled and numbered to its source. */
export function publishedFactRows(m: HeadToHeadSide, notes: SourceNotes): FactRow[] {
  const rows: FactRow[] = m.benchmarks.map((b) =>
    fact(
      `bench-${b.benchmark}`,
      `${b.benchmark} (published)`,
      b.scale === 'percent' ? `${b.score}%` : String(b.score),
      [b.setting, b.date, notes.ref(b.source)].filter(Boolean).join(' · '),
    ),
  );
  m.publishedSpeed.forEach((s, i) => {
    const sub = `${s.conditions} · ${s.date ?? 'undated'} · ${notes.ref(s.source)}`;
    if (s.outputTokensPerSecond !== null)
      rows.push(fact(`speed-${i}`, 'Output speed (published)', formatTokensPerSecond(s.outputTokensPerSecond), sub));
    if (s.ttftMs !== null) rows.push(fact(`ttft-${i}`, 'Time to first token (published)', formatMs(s.ttftMs), sub));
  });
  for (const p of m.referencePrices) {
    rows.push(
      fact(
        `price-${p.provider}`,
        `Price on ${p.provider} (published)`,
        `${formatPricePerMTok(p.inputPerMTok)} / ${formatPricePerMTok(p.outputPerMTok)} per 1M in / out`,
        `${p.date} · ${notes.ref(p.source)}`,
      ),
    );
  }
  return rows;
}

/** What this arena measured: rating, speed, cost and the token mix of its answers. */
export function measuredFactRows(m: HeadToHeadSide): FactRow[] {
  const r = m.row;
  const stat = (s: typeof r.ttftMs, f: (v: number | null) => string) => (s.samples === 0 ? null : f(s.median));
  const n = (s: typeof r.ttftMs) =>
    s.samples === 0 ? 'no answers measured' : `median of ${formatCount(s.samples)} answer${s.samples === 1 ? '' : 's'}`;
  const mix = observedMix([m.tokenTotals]);
  const rating = ratingCell(m);
  return [
    fact('rating', 'Rating in this arena', rating.text, rating.sub),
    fact(
      'record',
      'Wins / losses / ties',
      r.votes === 0 ? null : `${r.wins} / ${r.losses} / ${r.ties}`,
      r.winRate === null ? undefined : `win rate ${formatPercent(r.winRate)} of decisive votes`,
    ),
    fact('ttft', 'Time to first token (measured here)', stat(r.ttftMs, formatMs), n(r.ttftMs)),
    fact('tps', 'Output speed (measured here)', stat(r.outputTokensPerSecond, formatTokensPerSecond), n(r.outputTokensPerSecond)),
    fact('cost', 'Cost per answer (measured here)', stat(r.costUsd, formatUsd), n(r.costUsd)),
    fact(
      'mix',
      'Input : output tokens (measured here)',
      mix ? formatMix(mixOf(mix)) : null,
      mix
        ? `${formatCount(mix.inputTokens)} in, ${formatCount(mix.outputTokens)} out over ${formatCount(mix.answers)} answers`
        : 'no token counts yet',
    ),
  ];
}

export function opponentCells(o: OpponentRecord): { record: string; votes: number; predicted: string } {
  const votes = o.wins + o.losses + o.ties + o.bothBad;
  return {
    record: `${o.wins}–${o.losses}${o.ties + o.bothBad > 0 ? `, ${o.ties} tie${o.ties === 1 ? '' : 's'}, ${o.bothBad} both bad` : ''}`,
    votes,
    predicted: o.predictedWin === null ? DASH : `${Math.round(o.predictedWin * 100)}%`,
  };
}

export function historyCells(p: RatingPoint): { date: string; rating: string; interval: string; votes: string } {
  return {
    date: new Date(p.at).toISOString().slice(0, 10),
    rating: formatRatingInterval(p.rating, p.ciLower, p.ciUpper) + (p.provisional ? ' (provisional)' : ''),
    interval: formatInterval(p.ciLower, p.ciUpper),
    votes: formatCount(p.votes),
  };
}
