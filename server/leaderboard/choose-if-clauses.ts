import type { ChooseClause, HeadToHeadResponse, HeadToHeadSide } from '../../shared/api.ts';
import { blendedPricePerMTok } from '../../shared/catalog.ts';
import { ratingText } from './rating-text.ts';
import { intervalsApart } from './separation-votes.ts';

/**
 * "Choose A if… / choose B if…" from the figures both sides carry, never from
 * prose written per pair: each clause is emitted only when the data on both
 * sides supports it, and its text names the figure it rests on. A fact known
 * for one side only is no reason to choose either (unknown is not smaller).
 */

export interface ChooseInput {
  a: HeadToHeadSide;
  b: HeadToHeadSide;
  hostedPriceRatio: HeadToHeadResponse['hostedPriceRatio'];
}

/** Measured figures must differ by this much (relative) before one side "wins" them: medians of a few answers are noisy. */
export const MEASURED_MARGIN = 0.1;
/** A price ratio under this is no reason to choose. */
export const PRICE_MARGIN = 1.1;

const count = (n: number) => n.toLocaleString('en-US');
const price = (p: number) => `$${p < 1 ? p.toFixed(3).replace(/0$/, '') : p.toFixed(2)}`;
const times = (x: number) => `${x < 10 ? Number(x.toFixed(1)) : Math.round(x).toLocaleString('en-US')}×`;
const ms = (x: number) => (x < 1000 ? `${Math.round(x)} ms` : `${(x / 1000).toFixed(2)} s`);
const tps = (x: number) => `${x >= 100 ? Math.round(x) : x.toFixed(1)} tokens/s`;
const answers = (n: number) => `${count(n)} answer${n === 1 ? '' : 's'}`;

const DAY_MS = 86_400_000;
const AVG_MONTH_DAYS = 365.25 / 12;
const toTime = (iso: string) => Date.parse(iso.length === 7 ? `${iso}-01` : iso);

/** Whole months from one ISO date (YYYY-MM or YYYY-MM-DD) to a later one, rounded: 2024-09-25 → 2025-04-14 is 7. */
export function monthsBetween(earlier: string, later: string): number {
  return Math.round((toTime(later) - toTime(earlier)) / DAY_MS / AVG_MONTH_DAYS);
}

type ClauseFor = (me: HeadToHeadSide, other: HeadToHeadSide) => ChooseClause | null;

const context: ClauseFor = (me, o) => {
  const [x, y] = [me.row.contextWindow, o.row.contextWindow];
  if (x === null || y === null || x <= y) return null;
  return { key: 'context', text: `you send long inputs: a ${count(x)}-token context window against ${count(y)}` };
};

const maxOutput: ClauseFor = (me, o) => {
  const [x, y] = [me.maxOutputTokens, o.maxOutputTokens];
  if (x === null || y === null || x <= y) return null;
  return { key: 'max-output', text: `you need long answers: up to ${count(x)} output tokens against ${count(y)}` };
};

function hostedPrice(side: 'a' | 'b', input: ChooseInput): ChooseClause | null {
  const r = input.hostedPriceRatio;
  if (!r || r.cheaper !== side || r.times === null || r.times < PRICE_MARGIN) return null;
  const [me, o] = side === 'a' ? [input.a, input.b] : [input.b, input.a];
  const mine = me.hostedPrice!;
  const theirs = o.hostedPrice!;
  const blend = (p: typeof mine) => price(blendedPricePerMTok({ ...p, cachedInputPerMTok: null })!);
  return {
    key: 'hosted-price',
    text: `cost per token matters: ${times(r.times)} cheaper on a hosted API (blended 3:1, ${blend(mine)} on ${mine.provider} against ${blend(theirs)} on ${theirs.provider}, per 1M tokens)`,
  };
}

const selfHosted: ClauseFor = (me, o) => {
  if (me.selfHosted !== true || o.selfHosted !== false) return null;
  const where = me.endpoint?.label ?? me.endpoint?.id ?? 'your own server';
  const theirs = o.row.blendedPerMTok;
  return {
    key: 'self-hosted',
    text: `you want no per-token bill: it runs self-hosted here (${where}) at $0 per token, against ${theirs === null ? 'a per-token price' : `${price(theirs)} per 1M tokens blended 3:1`} for ${o.row.label}`,
  };
};

function measuredBetter(x: number | null, y: number | null, higherIsBetter: boolean): boolean {
  if (x === null || y === null || x <= 0 || y <= 0) return false;
  return higherIsBetter ? x >= y * (1 + MEASURED_MARGIN) : x <= y * (1 - MEASURED_MARGIN);
}

const speed: ClauseFor = (me, o) => {
  const [x, y] = [me.row.outputTokensPerSecond, o.row.outputTokensPerSecond];
  if (!measuredBetter(x.median, y.median, true)) return null;
  return {
    key: 'speed',
    text: `answers should stream fast: measured here at a median ${tps(x.median!)} against ${tps(y.median!)} (${answers(x.samples)} and ${answers(y.samples)})`,
  };
};

const ttft: ClauseFor = (me, o) => {
  const [x, y] = [me.row.ttftMs, o.row.ttftMs];
  if (!measuredBetter(x.median, y.median, false)) return null;
  return {
    key: 'ttft',
    text: `the first token must come quickly: measured here at a median ${ms(x.median!)} to first token against ${ms(y.median!)} (${answers(x.samples)} and ${answers(y.samples)})`,
  };
};

/** Only when this arena's votes separate them: both established (thin evidence says nothing) and the 95% intervals apart, open ends included. */
const rating: ClauseFor = (me, o) => {
  const [x, y] = [me.row, o.row];
  if (x.provisional || y.provisional || x.votes === 0 || y.votes === 0 || !intervalsApart(x, y)) return null;
  const above = (x.ciLower ?? -Infinity) > (y.ciUpper ?? Infinity);
  if (!above) return null;
  return { key: 'rating', text: `this arena's voters decide: rated ${ratingText(x)} against ${ratingText(y)}, intervals apart` };
};

const openWeights: ClauseFor = (me, o) => {
  if (me.row.openWeights !== true || o.row.openWeights !== false) return null;
  const lic = (s: HeadToHeadSide) => s.row.license ?? 'license not stated';
  return {
    key: 'open-weights',
    text: `you need weights you can run or fine-tune yourself: open weights, ${lic(me)} (${o.row.label}: ${lic(o)})`,
  };
};

const modalities: ClauseFor = (me, o) => {
  const [x, y] = [me.capabilities.inputModalities, o.capabilities.inputModalities];
  if (!x || !y) return null;
  const extra = x.filter((m) => !y.includes(m));
  if (extra.length === 0) return null;
  return { key: 'modalities', text: `you send ${extra.join(' and ')} input: it takes ${x.join(', ')} (${o.row.label}: ${y.join(', ')})` };
};

function documented(key: 'toolCalling' | 'structuredOutput', name: string): ClauseFor {
  return (me, o) => {
    if (me.capabilities[key] !== true || o.capabilities[key] === true) return null;
    const theirs = o.capabilities[key] === false ? 'not supported' : 'not documented';
    return {
      key: key === 'toolCalling' ? 'tool-calling' : 'structured-output',
      text: `you need ${name}: its maker documents it (${o.row.label}: ${theirs})`,
    };
  };
}

const newer: ClauseFor = (me, o) => {
  const [x, y] = [me.releaseDate, o.releaseDate];
  if (!x || !y) return null;
  const months = monthsBetween(y, x);
  if (months < 1) return null;
  return {
    key: 'release',
    text: `you want the newer model: released ${x}, ${months} month${months === 1 ? '' : 's'} after ${o.row.label} (${y})`,
  };
};

const cutoff: ClauseFor = (me, o) => {
  const [x, y] = [me.knowledgeCutoff, o.knowledgeCutoff];
  if (!x || !y || toTime(x) <= toTime(y)) return null;
  return { key: 'cutoff', text: `you need more recent knowledge: training data up to ${x} against ${y}` };
};

const PER_SIDE: ClauseFor[] = [
  rating,
  context,
  maxOutput,
  selfHosted,
  speed,
  ttft,
  openWeights,
  modalities,
  documented('toolCalling', 'tool calling'),
  documented('structuredOutput', 'structured output'),
  newer,
  cutoff,
];

export function chooseIfClauses(input: ChooseInput): { a: ChooseClause[]; b: ChooseClause[] } {
  const build = (side: 'a' | 'b') => {
    const [me, o] = side === 'a' ? [input.a, input.b] : [input.b, input.a];
    const out = PER_SIDE.map((f) => f(me, o)).filter((c): c is ChooseClause => c !== null);
    const p = hostedPrice(side, input);
    // The price reason goes right after the rating: it is what most of these decisions turn on.
    if (p) out.splice(out[0]?.key === 'rating' ? 1 : 0, 0, p);
    return out;
  };
  return { a: build('a'), b: build('b') };
}
