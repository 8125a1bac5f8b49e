import type { SetVote } from '../../db/set-store.ts';
import type { ModelWorkload, PairResult, SetAnswer } from '../../shared/prompt-set.ts';
import { pairKey } from './review-queue.ts';

/** z for a two-sided 95% interval. */
const Z = 1.959963984540054;

/**
 * Wilson score interval for a proportion of `n` trials: honest at the small
 * counts a team's review produces (never outside [0, 1], not zero-width at
 * 0 or n). Ties count half a win each way, as in the arena's ratings.
 */
export function wilson(successes: number, n: number): { lower: number; upper: number } | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** Only votes that count anywhere count here: not voided, both answers finished. */
const counts = (v: SetVote) => v.countsForRatings && !v.voided;

/** Each pair's record on the set, from the first model's side (model ids in sorted order). */
export function pairResults(votes: readonly SetVote[]): PairResult[] {
  const byPair = new Map<string, PairResult>();
  for (const v of votes.filter(counts)) {
    const [first, second] = pairKey(v.modelA, v.modelB).split(' ') as [string, string];
    const r = byPair.get(`${first} ${second}`) ?? {
      modelA: first,
      modelB: second,
      votes: 0,
      winsA: 0,
      winsB: 0,
      ties: 0,
      winRateA: null,
      ciLower: null,
      ciUpper: null,
    };
    r.votes++;
    const winner = v.choice === 'a' ? v.modelA : v.choice === 'b' ? v.modelB : null;
    if (winner === null) r.ties++;
    else if (winner === first) r.winsA++;
    else r.winsB++;
    byPair.set(`${first} ${second}`, r);
  }
  return [...byPair.values()].map((r) => {
    const won = r.winsA + r.ties / 2;
    const ci = wilson(won, r.votes);
    return { ...r, winRateA: r.votes > 0 ? won / r.votes : null, ciLower: ci?.lower ?? null, ciUpper: ci?.upper ?? null };
  });
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Each model's cost and speed on this workload: its answers' figures as measured (the arena's definitions), medians over the finished ones. */
export function modelWorkloads(answers: readonly SetAnswer[]): ModelWorkload[] {
  const byModel = new Map<string, SetAnswer[]>();
  for (const a of answers) byModel.set(a.modelId, [...(byModel.get(a.modelId) ?? []), a]);
  return [...byModel].map(([model, list]) => {
    const ok = list.filter((a) => a.status === 'finished');
    const figures = (pick: (a: SetAnswer) => number | null) => ok.map(pick).filter((x): x is number => x !== null);
    const costs = list.map((a) => a.metrics.costUsd);
    return {
      model,
      answers: list.length,
      failed: list.length - ok.length,
      // A failed answer may still have cost something; an unknown cost makes the total unknown.
      totalCostUsd: costs.some((c) => c === null) ? null : costs.reduce((s: number, c) => s + c!, 0),
      medianTtftMs: median(figures((a) => a.metrics.ttftMs)),
      medianLatencyMs: median(figures((a) => a.metrics.latencyMs)),
      medianTokensPerSecond: median(figures((a) => a.metrics.outputTokensPerSecond)),
      outputTokens: ok.reduce((s, a) => s + (a.metrics.outputTokens ?? 0), 0),
    };
  });
}
