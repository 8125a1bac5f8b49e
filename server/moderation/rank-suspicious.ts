import type { ActivityVote } from '../../db/moderation-store.ts';
import type { SuspicionKind, SuspiciousGroup } from '../../shared/admin.ts';
import { median, robustNorm } from './robust-z.ts';

export interface SuspicionRule {
  /** Only sessions, users and addresses with at least this many votes are compared (and listed). */
  minVotes: number;
  /** A group is flagged when any of its robust z-scores reaches this (Iglewicz and Hoaglin's 3.5). */
  threshold: number;
}

export const DEFAULT_SUSPICION_RULE: SuspicionRule = { minVotes: 10, threshold: 3.5 };

const WINDOW_MS = 10 * 60_000;
/** Least spread assumed for the log-scaled figures: a group must be about 1.5^3.5 ≈ 4× the norm to score 3.5. */
const LOG_FLOOR = Math.log(1.5);
const MIN_MODEL_BATTLES = 5;
const MIN_DECISIVE = 5;

interface Features {
  kind: SuspicionKind;
  key: string;
  votes: ActivityVote[];
  peak: number;
  sideShare: number | null;
  topModel: { model: string; winShare: number; battles: number } | null;
  /** How far from a fair coin its side, or a model's wins, are: in standard deviations of a fair coin at its count (the larger). */
  sideZ: number;
  modelZ: number;
  medianDecisionMs: number | null;
}

/** Most votes within any window of 10 minutes (votes in time order). */
function peakIn10Min(votes: readonly ActivityVote[]): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < votes.length; hi++) {
    while (votes[hi]!.createdAt - votes[lo]!.createdAt >= WINDOW_MS) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

function featuresOf(kind: SuspicionKind, key: string, votes: ActivityVote[]): Features {
  const a = votes.filter((v) => v.choice === 'a').length;
  const b = votes.filter((v) => v.choice === 'b').length;
  const sideShare = a + b >= MIN_DECISIVE ? Math.max(a, b) / (a + b) : null;
  // |wins − n/2| / (√n / 2): a fair coin's standard deviation at n. Lopsided over many votes is news; over five, luck.
  const coinZ = (wins: number, n: number) => Math.abs(wins - n / 2) / (Math.sqrt(n) / 2);
  const sideZ = sideShare === null ? 0 : coinZ(a, a + b);
  const perModel = new Map<string, { score: number; battles: number }>();
  for (const v of votes) {
    for (const [model, side] of [
      [v.modelA, 'a'],
      [v.modelB, 'b'],
    ] as const) {
      const m = perModel.get(model) ?? { score: 0, battles: 0 };
      m.battles++;
      m.score += v.choice === side ? 1 : v.choice === 'tie' || v.choice === 'both_bad' ? 0.5 : 0;
      perModel.set(model, m);
    }
  }
  let topModel: Features['topModel'] = null;
  let modelZ = 0;
  for (const [model, m] of perModel) {
    if (m.battles < MIN_MODEL_BATTLES) continue;
    const z = coinZ(m.score, m.battles);
    if (topModel && z <= modelZ) continue;
    topModel = { model, winShare: m.score / m.battles, battles: m.battles };
    modelZ = z;
  }
  const decisions = votes.flatMap((v) => (v.decisionMs !== null && v.decisionMs > 0 ? [v.decisionMs] : []));
  return {
    kind,
    key,
    votes,
    peak: peakIn10Min(votes),
    sideShare,
    topModel,
    sideZ,
    modelZ,
    medianDecisionMs: decisions.length ? median(decisions) : null,
  };
}

function groupBy(votes: readonly ActivityVote[], keyOf: (v: ActivityVote) => string | null): Map<string, ActivityVote[]> {
  const groups = new Map<string, ActivityVote[]>();
  for (const v of votes) {
    const k = keyOf(v);
    if (k === null) continue;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(v);
  }
  return groups;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const secs = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * Scores each group of one kind against the others of that kind. Three
 * figures, each as a robust z-score (distance from the median in units of
 * 1.4826 × MAD, so the outliers being looked for cannot hide by widening the
 * norm):
 * - rate: log of the most votes in 10 minutes (spread at least log 1.5);
 * - one-sidedness: how far its side (a against b), or the wins of one model
 *   (ties half), are from a fair coin, in the coin's standard deviations at
 *   that count (the larger of the two; spread at least 1), so a long
 *   lopsided record scores and a short chance streak does not;
 * - speed: log of its median decision time, faster scoring higher.
 * The score is the largest of the three.
 */
function scoreKind(groups: Features[], rule: SuspicionRule, label: (f: Features) => string | null): SuspiciousGroup[] {
  if (groups.length === 0) return [];
  const rateNorm = robustNorm(groups.map((g) => Math.log(g.peak)));
  const oneSided = (g: Features) => Math.max(g.sideZ, g.modelZ);
  const sideNorm = robustNorm(groups.map(oneSided));
  const timed = groups.filter((g) => g.medianDecisionMs !== null);
  const fastNorm = robustNorm(timed.map((g) => Math.log(g.medianDecisionMs!)));
  const typicalPeak = Math.round(Math.exp(rateNorm.center));
  return groups.map((g) => {
    const zRate = (Math.log(g.peak) - rateNorm.center) / Math.max(rateNorm.spread, LOG_FLOOR);
    const zOne = (oneSided(g) - sideNorm.center) / Math.max(sideNorm.spread, 1);
    const zFast =
      g.medianDecisionMs === null || timed.length === 0
        ? 0
        : (fastNorm.center - Math.log(g.medianDecisionMs)) / Math.max(fastNorm.spread, LOG_FLOOR);
    const score = Math.max(zRate, zOne, zFast);
    const reasons: string[] = [];
    if (zRate >= rule.threshold) reasons.push(`${g.peak} votes within 10 minutes (typical: ${typicalPeak})`);
    if (zOne >= rule.threshold) {
      const side = g.sideZ >= g.modelZ;
      reasons.push(
        side
          ? `one side in ${pct(g.sideShare!)} of its decisive votes`
          : `${g.topModel!.model} won ${pct(g.topModel!.winShare)} of its ${g.topModel!.battles} battles with it`,
      );
    }
    if (zFast >= rule.threshold) reasons.push(`median decision ${secs(g.medianDecisionMs!)} (typical: ${secs(Math.exp(fastNorm.center))})`);
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      kind: g.kind,
      key: g.key,
      label: label(g),
      votes: g.votes.length,
      firstAt: g.votes[0]!.createdAt,
      lastAt: g.votes.at(-1)!.createdAt,
      peakPer10Min: g.peak,
      sideShare: g.sideShare,
      topModel: g.topModel,
      medianDecisionMs: g.medianDecisionMs,
      z: { rate: round(zRate), oneSided: round(zOne), fast: round(zFast) },
      score: round(score),
      flagged: score >= rule.threshold,
      reasons,
    };
  });
}

/**
 * Sessions, users and addresses whose votes stand out from the others of
 * their kind, highest score first. Votes come in time order and exclude
 * voided ones, so a group cleaned up leaves the list.
 */
export function rankSuspicious(
  votes: readonly ActivityVote[],
  rule: SuspicionRule = DEFAULT_SUSPICION_RULE,
  userLabel: (userId: string) => string | null = () => null,
): { groups: SuspiciousGroup[]; compared: Record<SuspicionKind, number> } {
  const kinds: [SuspicionKind, (v: ActivityVote) => string | null][] = [
    ['session', (v) => v.sessionHash],
    ['user', (v) => v.userId],
    ['address', (v) => v.addressHash],
  ];
  const compared = { session: 0, user: 0, address: 0 };
  const groups: SuspiciousGroup[] = [];
  for (const [kind, keyOf] of kinds) {
    const eligible = [...groupBy(votes, keyOf)].filter(([, vs]) => vs.length >= rule.minVotes).map(([k, vs]) => featuresOf(kind, k, vs));
    compared[kind] = eligible.length;
    groups.push(...scoreKind(eligible, rule, (f) => (kind === 'user' ? userLabel(f.key) : null)));
  }
  groups.sort((x, y) => y.score - x.score || y.votes - x.votes);
  return { groups, compared };
}
