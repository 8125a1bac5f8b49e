import os from 'node:os';
import { NATS_TO_RATING } from '../server/ratings/bradley-terry-solver.ts';
import type { ControlledBattles } from '../server/ratings/controlled-battles.ts';
import { controlledRatings } from '../server/ratings/controlled-ratings.ts';
import { Mulberry32, deriveSeed } from '../server/ratings/mulberry32.ts';
import { STYLE_COVARIATES } from '../server/ratings/style-covariates.ts';
import { ZigguratNormal } from '../server/ratings/ziggurat-normal.ts';

/**
 * Style-controlled fit with 1,000 bootstrap rounds on 1,000,000 battles
 * among 100 models: target under 5 s on one core (issue 15, §7).
 *
 * Data (seed 2025): true ratings ~ N(1000, 150²). Each model has a style:
 * a median answer length ~ 800·e^(0.5·N(0,1)) characters, a chance of using
 * headers, a mean number of list items and of bold spans. Each answer draws
 * its own length (median × e^(0.5·N(0,1))) and counts from those. Each battle
 * is a uniform random pair, sides at random; covariates as
 * style-covariates.ts makes them; outcome
 *   logit P(A) = (R_A − R_B)·ln 10/400 + 1.0·z_length + 0.3·z_headers + 0.2·z_lists + 0.1·z_bold,
 * draws as in ratings.bench.ts (probability min(0.25, 2·min(p, 1−p)), half a
 * win each way, A's expected score exactly p).
 *
 * Reported: the end-to-end time (counts, graph of wins, anchor, fit,
 * bootstrap; columns already built), how the bootstrap resampled, how far
 * the controlled ratings are from the truth, whether each coefficient's
 * interval holds its true value; then the plain Poisson bootstrap over all
 * rows with fewer rounds, to compare interval widths with the little
 * bootstraps'; and how many distinct (pair, binned covariates) cells the
 * battles fall in, which is why battles are not grouped into cells.
 */
const BATTLES = 1_000_000;
const MODELS = 100;
const ROUNDS = 1000;
const EFFECTS = [1.0, 0.3, 0.2, 0.1];

function synthetic(seed: number): { data: ControlledBattles; truth: Float64Array } {
  const rng = new Mulberry32(seed);
  const normal = new ZigguratNormal(rng);
  const models = Array.from({ length: MODELS }, (_, i) => `model-${String(i).padStart(3, '0')}`);
  const rating = Float64Array.from(models, () => 1000 + 150 * normal.next());
  const medianLength = Float64Array.from(models, () => 800 * Math.exp(0.5 * normal.next()));
  const headerChance = Float64Array.from(models, () => rng.uniform() * 0.6);
  const listMean = Float64Array.from(models, () => rng.uniform() * 8);
  const boldMean = Float64Array.from(models, () => rng.uniform() * 5);
  const p = STYLE_COVARIATES.length;
  const a = new Int32Array(BATTLES);
  const b = new Int32Array(BATTLES);
  const score = new Float64Array(BATTLES);
  const covariates = new Float64Array(BATTLES * p);
  const answer = (i: number): number[] => [
    Math.round(medianLength[i]! * Math.exp(0.5 * normal.next())),
    rng.uniform() < headerChance[i]! ? 1 + Math.floor(rng.uniform() * 5) : 0,
    Math.floor(rng.uniform() * 2 * listMean[i]!),
    Math.floor(rng.uniform() * 2 * boldMean[i]!),
  ];
  for (let k = 0; k < BATTLES; k++) {
    const i = Math.floor(rng.uniform() * MODELS);
    let j = Math.floor(rng.uniform() * (MODELS - 1));
    if (j >= i) j++;
    const fa = answer(i);
    const fb = answer(j);
    let eta = (rating[i]! - rating[j]!) / NATS_TO_RATING;
    for (let c = 0; c < p; c++) {
      const z = (fa[c]! - fb[c]!) / (fa[c]! + fb[c]! + 1);
      covariates[k * p + c] = z;
      eta += EFFECTS[c]! * z;
    }
    const prob = 1 / (1 + Math.exp(-eta));
    const draw = Math.min(0.25, 2 * Math.min(prob, 1 - prob));
    const u = rng.uniform();
    a[k] = i;
    b[k] = j;
    score[k] = u < draw ? 0.5 : rng.uniform() < (prob - draw / 2) / (1 - draw) ? 1 : 0;
  }
  const mean = rating.reduce((s, r) => s + r, 0) / MODELS;
  return { data: { models, covariateNames: STYLE_COVARIATES, a, b, score, covariates }, truth: rating.map((r) => r - mean + 1000) };
}

/**
 * Coverage on small boards: ARENAS arenas of 6 models (true ratings 900–1100
 * in steps of 40) and 6,000 battles each with the style covariates of
 * synthetic answers (one model three times as verbose) and the same effects;
 * how often the 95% intervals hold the true ratings (relative to the mean)
 * and the true length coefficient, with the little bootstraps (the default
 * here: b = 1,000 of 6,000) and with the plain Poisson bootstrap.
 */
function coverage(): void {
  const ARENAS = 40;
  const SIZE = 6_000;
  const ratings = [900, 940, 980, 1020, 1060, 1100];
  const tally = { little: { models: 0, length: 0 }, plain: { models: 0, length: 0 } };
  const started = performance.now();
  for (let arena = 0; arena < ARENAS; arena++) {
    const rng = new Mulberry32(deriveSeed(7, arena));
    const normal = new ZigguratNormal(rng);
    const p = STYLE_COVARIATES.length;
    const a = new Int32Array(SIZE);
    const b = new Int32Array(SIZE);
    const score = new Float64Array(SIZE);
    const covariates = new Float64Array(SIZE * p);
    const answer = (i: number): number[] => [
      Math.round((i === 5 ? 2400 : 800) * Math.exp(0.5 * normal.next())),
      rng.uniform() < 0.3 ? 1 + Math.floor(rng.uniform() * 4) : 0,
      Math.floor(rng.uniform() * 6),
      Math.floor(rng.uniform() * 3),
    ];
    for (let k = 0; k < SIZE; k++) {
      const i = Math.floor(rng.uniform() * 6);
      let j = Math.floor(rng.uniform() * 5);
      if (j >= i) j++;
      const fa = answer(i);
      const fb = answer(j);
      let eta = (ratings[i]! - ratings[j]!) / NATS_TO_RATING;
      for (let c = 0; c < p; c++) {
        const z = (fa[c]! - fb[c]!) / (fa[c]! + fb[c]! + 1);
        covariates[k * p + c] = z;
        eta += EFFECTS[c]! * z;
      }
      const prob = 1 / (1 + Math.exp(-eta));
      const draw = Math.min(0.25, 2 * Math.min(prob, 1 - prob));
      const u = rng.uniform();
      a[k] = i;
      b[k] = j;
      score[k] = u < draw ? 0.5 : rng.uniform() < (prob - draw / 2) / (1 - draw) ? 1 : 0;
    }
    const data: ControlledBattles = {
      models: ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'],
      covariateNames: STYLE_COVARIATES,
      a,
      b,
      score,
      covariates,
    };
    for (const kind of ['little', 'plain'] as const) {
      const options =
        kind === 'little' ? { rounds: 400, seed: arena } : { rounds: 400, seed: arena, subsetExponent: 1, rowsPerParameter: 1e9 };
      const board = controlledRatings(data, options);
      board.models.forEach((m, i) => {
        if (m.ciLower! <= ratings[i]! && ratings[i]! <= m.ciUpper!) tally[kind].models++;
      });
      const length = board.coefficients[0]!;
      const expected = EFFECTS[0]! * length.scale * NATS_TO_RATING;
      if (length.ciLower! <= expected && expected <= length.ciUpper!) tally[kind].length++;
    }
  }
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
  console.log(
    `  coverage, ${ARENAS} arenas × 6 models × ${SIZE.toLocaleString('en')} battles, 400 rounds: ` +
      `little bootstraps ${pct(tally.little.models, ARENAS * 6)} of ratings, ${pct(tally.little.length, ARENAS)} of length coefficients; ` +
      `plain bootstrap ${pct(tally.plain.models, ARENAS * 6)} and ${pct(tally.plain.length, ARENAS)} ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
}

/** Wall time and this process's CPU time (user + system), ms: on a shared machine the CPU time is what one core spent. */
function timeCpu<T>(run: () => T): [T, number, number] {
  const cpu = process.cpuUsage();
  const [result, ms] = time(run);
  const used = process.cpuUsage(cpu);
  return [result, ms, (used.user + used.system) / 1000];
}

export default function run(): void {
  const [{ data, truth }, generateMs] = time(() => synthetic(2025));
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(
    `style-control bench: ${BATTLES.toLocaleString('en')} battles, ${MODELS} models, ${STYLE_COVARIATES.length} covariates, ${ROUNDS} rounds, ` +
      `${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}, single thread, ` +
      `load average ${load}; data generated in ${(generateMs / 1000).toFixed(1)} s`,
  );
  const [board, ms, cpuMs] = timeCpu(() => controlledRatings(data, { rounds: ROUNDS, seed: 42 }));
  console.log(
    `  controlledRatings (fit + ${ROUNDS} rounds, cold): ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU ` +
      `[target < 5000 ms: ${ms < 5000 ? 'PASS' : cpuMs < 5000 ? 'PASS on CPU time (machine shared)' : 'FAIL'}]; ` +
      `${board.subsets} subsets of ${board.subsetRows.toLocaleString('en')} rows; converged: ${board.converged}`,
  );
  const [again, warmMs, warmCpuMs] = timeCpu(() => controlledRatings(data, { rounds: ROUNDS, seed: 42 }));
  console.log(
    `  same again (warm): ${warmMs.toFixed(0)} ms wall, ${warmCpuMs.toFixed(0)} ms CPU; identical: ${JSON.stringify(again) === JSON.stringify(board)}`,
  );

  let squared = 0;
  let covered = 0;
  board.models.forEach((m, i) => {
    squared += (m.rating! - truth[i]!) ** 2;
    if (m.ciLower! <= truth[i]! && truth[i]! <= m.ciUpper!) covered++;
  });
  const widths = board.models.map((m) => m.ciUpper! - m.ciLower!).sort((x, y) => x - y);
  console.log(
    `  ratings vs truth: RMSE ${Math.sqrt(squared / MODELS).toFixed(2)} points; ${covered}/${MODELS} intervals hold the truth; ` +
      `median width ${widths[MODELS >> 1]!.toFixed(1)}`,
  );
  for (const [j, c] of board.coefficients.entries()) {
    const expected = EFFECTS[j]! * c.scale * NATS_TO_RATING;
    console.log(
      `  coefficient ${c.name}: ${c.value.toFixed(2)} [${c.ciLower!.toFixed(2)}, ${c.ciUpper!.toFixed(2)}] points per RMS ` +
        `(RMS ${c.scale.toFixed(3)}); true ${expected.toFixed(2)}: ${c.ciLower! <= expected && expected <= c.ciUpper! ? 'inside' : 'OUTSIDE'}`,
    );
  }

  const plainRounds = 60;
  const [plain, plainMs] = time(() => controlledRatings(data, { rounds: plainRounds, seed: 7, subsetExponent: 1, rowsPerParameter: 1e9 }));
  const ratios = board.models
    .map((m, i) => (m.ciUpper! - m.ciLower!) / (plain.models[i]!.ciUpper! - plain.models[i]!.ciLower!))
    .sort((x, y) => x - y);
  console.log(
    `  plain Poisson bootstrap over all ${BATTLES.toLocaleString('en')} rows, ${plainRounds} rounds: ${(plainMs / 1000).toFixed(1)} s ` +
      `(≈ ${(((plainMs / plainRounds) * ROUNDS) / 1000).toFixed(0)} s for ${ROUNDS}); width ratio little/plain per model: ` +
      `median ${ratios[MODELS >> 1]!.toFixed(2)}, 10th–90th percentile ${ratios[10]!.toFixed(2)}–${ratios[89]!.toFixed(2)} ` +
      `(${plainRounds} rounds make the plain widths themselves uncertain by about ±15%)`,
  );

  coverage();

  const cells = new Set<string>();
  const p = STYLE_COVARIATES.length;
  for (let k = 0; k < BATTLES; k++) {
    let key = `${Math.min(data.a[k]!, data.b[k]!)}-${Math.max(data.a[k]!, data.b[k]!)}`;
    for (let c = 0; c < p; c++) key += `,${Math.round(data.covariates[k * p + c]! * 10)}`;
    cells.add(key);
  }
  console.log(`  grouping check: the battles fall in ${cells.size.toLocaleString('en')} distinct (pair, covariates binned to 0.1) cells`);
}
