import os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { VoteChoice } from '../shared/protocol.ts';
import type { RatingVote } from '../server/ratings/rating-vote.ts';
import { Mulberry32 } from '../server/ratings/mulberry32.ts';
import { ZigguratNormal } from '../server/ratings/ziggurat-normal.ts';
import { buildVoteTable } from '../server/ratings/vote-table.ts';
import { computeOnlineElo } from '../server/ratings/online-elo.ts';
import { computeLeaderboardRatings, computeRatingsFromCounts } from '../server/ratings/compute-leaderboard-ratings.ts';

/**
 * Rating-core benchmark: 1,000,000 synthetic votes among 100 models, 1000
 * bootstrap rounds; target < 2 s end to end on the 2-core box.
 *
 * Data (seed 2024): true ratings ~ N(1000, 150²); each vote picks a uniform
 * random pair, tstamps increase (votes arrive in time order, as from the
 * database). With p = 1 / (1 + 10^((R_B − R_A)/400)), a vote is a draw with
 * probability t = min(0.25, 2·min(p, 1 − p)) (70% 'tie', 30% 'both_bad'),
 * otherwise 'a' with probability (p − t/2) / (1 − t): the expected score of A
 * is exactly p, so Bradley–Terry with draws as half wins is consistent and
 * the fit should recover the true ratings up to sampling noise.
 */
const VOTES = 1_000_000;
const MODELS = 100;
const ROUNDS = 1000;

function syntheticVotes(seed: number): { votes: RatingVote[]; truth: Map<string, number> } {
  const rng = new Mulberry32(seed);
  const normal = new ZigguratNormal(rng);
  const names = Array.from({ length: MODELS }, (_, i) => `model-${String(i).padStart(3, '0')}`);
  const rating = names.map(() => 1000 + 150 * normal.next());
  const votes = new Array<RatingVote>(VOTES);
  for (let v = 0; v < VOTES; v++) {
    const a = Math.floor(rng.uniform() * MODELS);
    let b = Math.floor(rng.uniform() * (MODELS - 1));
    if (b >= a) b++;
    const p = 1 / (1 + 10 ** ((rating[b]! - rating[a]!) / 400));
    const draw = Math.min(0.25, 2 * Math.min(p, 1 - p));
    const u = rng.uniform();
    let choice: VoteChoice;
    if (u < draw) choice = u < 0.7 * draw ? 'tie' : 'both_bad';
    else choice = rng.uniform() < (p - draw / 2) / (1 - draw) ? 'a' : 'b';
    votes[v] = { modelA: names[a]!, modelB: names[b]!, choice, tstamp: 1_700_000_000_000 + v * 1000 };
  }
  const mean = rating.reduce((s, r) => s + r, 0) / MODELS;
  return { votes, truth: new Map(names.map((name, i) => [name, rating[i]! - mean + 1000])) };
}

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
}

export default function run(): void {
  const [{ votes, truth }, generateMs] = time(() => syntheticVotes(2024));
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(
    `ratings bench: ${VOTES.toLocaleString('en')} votes, ${MODELS} models, ${ROUNDS} bootstrap rounds, ` +
      `${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}, ` +
      `single thread, load average ${load}; data generated in ${generateMs.toFixed(0)} ms`,
  );

  // End to end first, on a cold JIT: what a server computing one leaderboard pays.
  const [result, totalMs] = time(() => computeLeaderboardRatings(votes, { rounds: ROUNDS, seed: 42 }));
  console.log(
    `  computeLeaderboardRatings (everything, cold): ${totalMs.toFixed(0)} ms  [target < 2000 ms: ${totalMs < 2000 ? 'PASS' : 'FAIL'}]`,
  );

  // The same work by stage (now warm).
  const [counts, reduceMs] = time(() => buildVoteTable(votes).counts());
  const [elo, eloMs] = time(() => computeOnlineElo(votes));
  const [again, fitMs] = time(() => computeRatingsFromCounts(counts, { rounds: ROUNDS, seed: 42, elo }));
  console.log(`  votes → count table: ${reduceMs.toFixed(1)} ms (${((reduceMs * 1e6) / VOTES).toFixed(0)} ns/vote)`);
  console.log(`  online Elo over the votes: ${eloMs.toFixed(1)} ms`);
  console.log(`  fit + ${ROUNDS} bootstrap rounds + matrices from the table: ${fitMs.toFixed(0)} ms`);
  const identical = JSON.stringify(again) === JSON.stringify(result);
  console.log(`  converged: ${result.converged}; rerun with the same seed identical: ${identical}`);

  // Votes not in time order: Elo must sort them (time-order.ts), and reading
  // a million objects in random memory order is slower in itself.
  const shuffled = votes.slice();
  const rng = new Mulberry32(7);
  for (let v = shuffled.length - 1; v > 0; v--) {
    const w = Math.floor(rng.uniform() * (v + 1));
    [shuffled[v], shuffled[w]] = [shuffled[w]!, shuffled[v]!];
  }
  const [, shuffledEloMs] = time(() => computeOnlineElo(shuffled));
  const [fromShuffled, shuffledMs] = time(() => computeLeaderboardRatings(shuffled, { rounds: ROUNDS, seed: 42 }));
  // The count table sorts models by name and Elo sorts by time: identical output.
  const sameRatings = JSON.stringify(fromShuffled) === JSON.stringify(result);
  console.log(
    `  same votes shuffled: online Elo alone ${shuffledEloMs.toFixed(0)} ms; computeLeaderboardRatings ${shuffledMs.toFixed(0)} ms ` +
      `[${shuffledMs < 2000 ? 'PASS' : 'FAIL'}]; output identical to the time-ordered run: ${sameRatings}`,
  );

  let squared = 0;
  let worst = 0;
  let covered = 0;
  let width = 0;
  for (const row of result.models) {
    // Every model here has thousands of votes: all ratings and bounds are finite.
    const error = row.rating! - truth.get(row.model)!;
    squared += error * error;
    worst = Math.max(worst, Math.abs(error));
    if (row.ciLower! <= truth.get(row.model)! && truth.get(row.model)! <= row.ciUpper!) covered++;
    width += row.ciUpper! - row.ciLower!;
  }
  const n = result.models.length;
  console.log(
    `  recovery of the true ratings (both centred on 1000): RMSE ${Math.sqrt(squared / n).toFixed(2)}, ` +
      `max |error| ${worst.toFixed(2)} rating points; 95% CI covers the truth for ${covered}/${n} models; ` +
      `mean CI width ${(width / n).toFixed(2)}`,
  );

  // The same board with 20 newcomers (5 to 45 votes each, one of them unbeaten): their
  // intervals come from the profile likelihood, a few solves per bound.
  const newcomers: RatingVote[] = [];
  for (let k = 0; k < 20; k++) {
    for (let v = 0; v < 5 + 2 * k; v++) {
      const opponent = `model-${String((k * 7 + v * 13) % MODELS).padStart(3, '0')}`;
      const choice: VoteChoice = k === 0 || (v + k) % 3 !== 0 ? 'a' : v % 2 ? 'b' : 'tie';
      newcomers.push({ modelA: `newcomer-${k}`, modelB: opponent, choice, tstamp: 1_800_000_000_000 + newcomers.length });
    }
  }
  const mixed = buildVoteTable([...votes, ...newcomers]).counts();
  const [withNew, mixedMs] = time(() => computeRatingsFromCounts(mixed, { rounds: ROUNDS, seed: 42 }));
  const provisional = withNew.models.filter((m) => m.provisional).length;
  console.log(
    `  plus 20 newcomers with 5–43 votes (${provisional} provisional, profile-likelihood intervals): fit + intervals ${mixedMs.toFixed(0)} ms; ` +
      `converged: ${withNew.converged}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run();
}
