import os from 'node:os';
import { pickPair } from '../server/arena/pick-pair.ts';
import { pickPairAdaptive, type PairingStat } from '../server/arena/pick-pair-adaptive.ts';
import { anchorContrast } from '../server/ratings/anchor-ratings.ts';
import { BeatGraph } from '../server/ratings/beat-graph.ts';
import { BradleyTerrySolver, NATS_TO_RATING } from '../server/ratings/bradley-terry-solver.ts';
import { solverOptions } from '../server/ratings/fit-bradley-terry.ts';
import { Mulberry32, deriveSeed } from '../server/ratings/mulberry32.ts';
import { winWeights, type PairCounts } from '../server/ratings/pair-counts.ts';
import { ZigguratNormal } from '../server/ratings/ziggurat-normal.ts';

/**
 * Votes needed until every model's 95% interval is under ±25 points:
 * uniform blind pairs (pickPair) against adaptive ones (pickPairAdaptive),
 * the same true ratings and the same stopping rule (issue 15, §4).
 *
 * Per seed: MODELS models with true ratings ~ N(1000, 150²) (as in the
 * calibration bench). Votes follow Bradley–Terry with draws (probability
 * min(0.2, 2·min(p, 1−p)), half a win each way; A's expected score exactly
 * p). Every BATCH votes the board is refitted (plain maximum likelihood,
 * mean anchor over all models) and each model's interval is taken as the
 * Wald interval ±1.96·√(cᵀH⁺c)·400/ln 10 for its anchored contrast c
 * (bradley-terry-solver.ts contrastVariance): what the bootstrap approximates
 * at hundreds of votes per model, and cheap enough to recompute 100 times a
 * run. A model outside the strongly connected group of the graph of wins has
 * an open interval (unknown to the pairing, not done for the stopping rule).
 * Both strategies stop at the first refit where every half-width is under
 * 25, so counts are multiples of BATCH. The adaptive draw sees each
 * model's rating and variance from the last refit, as the arena would see the
 * leaderboard's.
 */
const MODELS = 16;
const BATCH = 100;
const TARGET = 25;
/** Seeds pickPairAdaptive's defaults (k = 16, floor 0.2) were chosen on; the figure to quote is on FRESH_SEEDS. */
const TUNING_SEEDS = [2025, 2026, 2027, 2028, 2029, 2030];
const FRESH_SEEDS = [3001, 3002, 3003, 3004, 3005, 3006, 3007, 3008, 3009, 3010, 3011, 3012];
const CAP = 400_000;

type Strategy = 'uniform' | 'adaptive';

interface Board {
  counts: PairCounts;
  solver: BradleyTerrySolver;
}

function refit(board: Board): { stats: Map<string, PairingStat>; worst: number } {
  const { counts, solver } = board;
  const n = counts.models.length;
  const components = new BeatGraph(counts).strongComponents();
  const stats = new Map<string, PairingStat>();
  const together = components.every((c) => c === components[0]);
  if (!together) {
    for (const m of counts.models) stats.set(m, { rating: null, variance: null });
    return { stats, worst: Infinity };
  }
  const result = solver.solve(winWeights(counts));
  const theta = Float64Array.from(result.theta);
  solver.hessianFactor(winWeights(counts), theta);
  const anchor = { members: counts.models.map((_, i) => i), value: 1000 };
  const mean = theta.reduce((s, t) => s + t, 0) / n;
  let worst = 0;
  counts.models.forEach((m, i) => {
    const variance = solver.contrastVariance(anchorContrast(n, anchor, i)) * NATS_TO_RATING ** 2;
    worst = Math.max(worst, 1.96 * Math.sqrt(variance));
    stats.set(m, { rating: (theta[i]! - mean) * NATS_TO_RATING + 1000, variance });
  });
  return { stats, worst };
}

function votesNeeded(strategy: Strategy, seed: number): number {
  const truthRng = new Mulberry32(seed);
  const normal = new ZigguratNormal(truthRng);
  const models = Array.from({ length: MODELS }, (_, i) => `m${String(i).padStart(2, '0')}`);
  const rating = models.map(() => 1000 + 150 * normal.next());
  const pairing = new Mulberry32(deriveSeed(seed, strategy === 'uniform' ? 1 : 2));
  const outcomes = new Mulberry32(deriveSeed(seed, strategy === 'uniform' ? 3 : 4));
  const random = () => pairing.uniform();
  const n = MODELS;
  const counts: PairCounts = { models, decisive: new Float64Array(n * n), draws: new Float64Array(n * n) };
  const board: Board = { counts, solver: new BradleyTerrySolver(n, solverOptions()) };
  const index = new Map(models.map((m, i) => [m, i]));
  let stats = new Map<string, PairingStat>();
  for (let votes = 0; votes < CAP;) {
    for (let v = 0; v < BATCH; v++, votes++) {
      const [x, y] = strategy === 'uniform' ? pickPair(models, random) : pickPairAdaptive(models, stats, random);
      const i = index.get(x)!;
      const j = index.get(y)!;
      const p = 1 / (1 + 10 ** ((rating[j]! - rating[i]!) / 400));
      const draw = Math.min(0.2, 2 * Math.min(p, 1 - p));
      const u = outcomes.uniform();
      if (u < draw) {
        counts.draws[i * n + j]!++;
        counts.draws[j * n + i]!++;
      } else if (outcomes.uniform() < (p - draw / 2) / (1 - draw)) counts.decisive[i * n + j]!++;
      else counts.decisive[j * n + i]!++;
    }
    const fitted = refit(board);
    stats = fitted.stats;
    if (fitted.worst < TARGET) return votes;
  }
  return CAP;
}

export default function run(): void {
  console.log(
    `pairing bench: ${MODELS} models, true ratings ~ N(1000, 150²), draws up to 20%, refit every ${BATCH} votes, ` +
      `stop when every 95% interval is under ±${TARGET} (Wald, mean anchor); ` +
      `${os.cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`,
  );
  compare('seeds the defaults were tuned on', TUNING_SEEDS);
  compare('fresh seeds (the figure to quote)', FRESH_SEEDS);
}

function compare(title: string, seeds: readonly number[]): void {
  console.log(`  ${title}:`);
  const started = performance.now();
  const savings: number[] = [];
  let uniformTotal = 0;
  let adaptiveTotal = 0;
  for (const seed of seeds) {
    const uniform = votesNeeded('uniform', seed);
    const adaptive = votesNeeded('adaptive', seed);
    uniformTotal += uniform;
    adaptiveTotal += adaptive;
    savings.push(1 - adaptive / uniform);
    console.log(
      `    seed ${seed}: uniform ${uniform.toLocaleString('en')} votes, adaptive ${adaptive.toLocaleString('en')} votes: ${(100 * (1 - adaptive / uniform)).toFixed(0)}% fewer`,
    );
  }
  const saving = 1 - adaptiveTotal / uniformTotal;
  const sorted = savings.slice().sort((x, y) => x - y);
  const median = (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
  console.log(
    `  all seeds: uniform ${uniformTotal.toLocaleString('en')}, adaptive ${adaptiveTotal.toLocaleString('en')}: ` +
      `${(100 * saving).toFixed(1)}% fewer votes (per seed ${(100 * Math.min(...savings)).toFixed(0)}–${(100 * Math.max(...savings)).toFixed(0)}%, median ${(100 * median).toFixed(1)}%) ` +
      `[goal ≥ 30%: ${saving >= 0.3 ? 'PASS' : 'FAIL'}]; ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
